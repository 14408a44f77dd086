import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  ExceptionGroup,
  InvalidStateError,
  TimeoutError,
  isCancelledError,
} from '../src/index.js';

describe('errors', () => {
  it('gives every error class its name and a stable code', () => {
    const errors = [
      new CancelledError('m'),
      new TimeoutError(),
      new InvalidStateError('m'),
      new ExceptionGroup('m', [new Error('x')]),
    ];
    expect(errors.map((error) => [error.name, error.code])).toEqual([
      ['CancelledError', 'ERR_CANCELLED'],
      ['TimeoutError', 'ERR_TIMEOUT'],
      ['InvalidStateError', 'ERR_INVALID_STATE'],
      ['ExceptionGroup', 'ERR_EXCEPTION_GROUP'],
    ]);
  });

  it('keeps CancelledError outside every other error family', () => {
    const error = new CancelledError('stop', { reason: 'timeout' });
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(error.reason).toBe('timeout');
    expect(new CancelledError().reason).toBe('explicit');
    expect(isCancelledError(error)).toBe(true);
    expect(isCancelledError(new Error('x'))).toBe(false);
  });

  it('shows a CancelledError like any error: name and message in its stack and string', () => {
    const error = new CancelledError('shutting down', { cause: 'bye' });
    expect(String(error)).toBe('CancelledError: shutting down');
    expect(error.stack?.split('\n')[0]).toBe('CancelledError: shutting down');
    expect(error.cause).toBe('bye');
    expect(new CancelledError().message).toBe('');
    expect(String(new CancelledError())).toBe('CancelledError');
  });

  it('builds an ExceptionGroup in Python argument order, extending AggregateError', () => {
    const inner = [new Error('a'), new Error('b')];
    const group = new ExceptionGroup('two failed', inner);
    expect(group).toBeInstanceOf(AggregateError);
    expect(group.message).toBe('two failed');
    expect(group.exceptions).toEqual(inner);
    expect(group.errors).toEqual(inner);
  });

  it('refuses an empty ExceptionGroup', () => {
    expect(() => new ExceptionGroup('none', [])).toThrow(TypeError);
  });

  it('keeps the cause of a TimeoutError', () => {
    const cause = new CancelledError();
    expect(new TimeoutError('late', { cause }).cause).toBe(cause);
  });
});
