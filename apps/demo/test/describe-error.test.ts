import { CancelledError, ExceptionGroup, TimeoutError } from '@aio/core';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES, describeError } from '../src/describe-error.js';
import { UsageError } from '../src/errors.js';

function refused(): Error {
  const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
    code: 'ECONNREFUSED',
  });
  const error = new Error('Cannot connect to host 127.0.0.1:9', { cause });
  error.name = 'ClientConnectorError';
  return error;
}

describe('describeError', () => {
  it('ends a UsageError with exit code 2', () => {
    expect(describeError(new UsageError('bad')).exitCode).toBe(EXIT_CODES.usage);
  });

  it('ends a cancellation with exit code 130', () => {
    expect(describeError(new CancelledError()).exitCode).toBe(EXIT_CODES.interrupted);
  });

  it('names the error class and the system code of its cause', () => {
    expect(describeError(refused())).toEqual({
      message:
        'ClientConnectorError: Cannot connect to host 127.0.0.1:9 (ECONNREFUSED: connection refused)',
      exitCode: 1,
    });
  });

  it('keeps a multi-line message on one line', () => {
    expect(describeError(new Error('first\nsecond')).message).toBe('first second');
  });

  it('describes a TimeoutError by its class', () => {
    expect(describeError(new TimeoutError()).message).toMatch(/^TimeoutError/);
  });

  it('describes an ExceptionGroup by its first error and the count of the others', () => {
    const group = new ExceptionGroup('two failed', [refused(), new Error('other')]);
    expect(describeError(group).message).toMatch(/^ClientConnectorError: .* \(and 1 more\)$/);
  });
});
