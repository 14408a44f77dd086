import { describe, expect, it } from 'vitest';
import { parseCommandLine, parseHttpUrl, parseInteger } from '../src/args.js';
import type { Command } from '../src/command.js';
import { UsageError } from '../src/errors.js';

const command: Command = {
  name: 'fetch',
  arguments: '[URL]',
  summary: 'test command',
  description: 'test command',
  options: { count: { type: 'string', short: 'n', description: 'how many' } },
  maxPositionals: 1,
  run: () => Promise.resolve(),
};

function usageErrorOf(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('parseCommandLine', () => {
  it('reads short options and positionals', () => {
    const parsed = parseCommandLine(command, ['http://127.0.0.1/', '-n', '5']);
    expect([parsed.values.count, parsed.positionals]).toEqual(['5', ['http://127.0.0.1/']]);
  });

  it('throws UsageError for an unknown option', () => {
    expect(usageErrorOf(() => parseCommandLine(command, ['--bogus']))).toBeInstanceOf(UsageError);
  });

  it('throws UsageError for too many positionals', () => {
    const error = usageErrorOf(() => parseCommandLine(command, ['a', 'b']));
    expect(error).toMatchObject({ code: 'ERR_USAGE' });
  });
});

describe('parseInteger', () => {
  it('returns the fallback when the option is absent', () => {
    expect(parseInteger('--count', undefined, 3, { min: 1 })).toBe(3);
  });

  it('reads a decimal integer', () => {
    expect(parseInteger('--count', '42', 3, { min: 1 })).toBe(42);
  });

  it.each(['0', '-1', 'x', '1.5', '', '1e3'])('throws UsageError for %j', (text) => {
    expect(usageErrorOf(() => parseInteger('--count', text, 3, { min: 1 }))).toBeInstanceOf(
      UsageError,
    );
  });

  it('throws UsageError above the maximum', () => {
    const error = usageErrorOf(() => parseInteger('--port', '70000', 0, { min: 0, max: 65535 }));
    expect(error).toBeInstanceOf(UsageError);
  });
});

describe('parseHttpUrl', () => {
  it('normalises an http URL', () => {
    expect(parseHttpUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/');
  });

  it.each(['http://', 'not a url', '127.0.0.1:8080', 'ftp://127.0.0.1/', 'http://[::1'])(
    'throws UsageError for %j',
    (text) => {
      expect(usageErrorOf(() => parseHttpUrl(text))).toBeInstanceOf(UsageError);
    },
  );
});
