/**
 * Command-line parsing: `util.parseArgs` per command, plus the value checks the commands
 * share (integers, URLs). Every mistake becomes a `UsageError` with one clear sentence.
 */
import { parseArgs } from 'node:util';
import type { Command, ParsedCommandLine } from './command.js';
import { UsageError } from './errors.js';

/**
 * Parses the arguments that follow a command's name.
 *
 * @param command the command whose options apply
 * @param argv the arguments after the command name
 * @returns option values (plus `help`) and positionals
 * @throws UsageError on an unknown option, a missing value or too many arguments
 */
export function parseCommandLine(command: Command, argv: readonly string[]): ParsedCommandLine {
  const options: Record<string, { type: 'boolean' | 'string'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [name, spec] of Object.entries(command.options)) {
    options[name] =
      spec.short === undefined ? { type: spec.type } : { type: spec.type, short: spec.short };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(parseErrorMessage(command, error), { cause: error });
  }
  if (parsed.values.help !== true && parsed.positionals.length > command.maxPositionals) {
    const extra = parsed.positionals[command.maxPositionals];
    throw new UsageError(`unexpected argument '${extra}' for '${command.name}'`);
  }
  return {
    values: parsed.values as Record<string, string | boolean | undefined>,
    positionals: parsed.positionals,
  };
}

function parseErrorMessage(command: Command, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(message)?.[1] ?? message;
    return `unknown option '${option}' for '${command.name}'`;
  }
  return message.split('\n')[0] ?? message;
}

/** Bounds for {@link parseInteger}. */
export interface IntegerBounds {
  min: number;
  max?: number;
}

/**
 * Reads an integer option.
 *
 * @param name the option as the user typed it (`--count`), for the message
 * @param text its value, or undefined when absent
 * @param fallback the value when absent
 * @param bounds inclusive `min` and optional `max`
 * @returns the integer
 * @throws UsageError when `text` is not an integer within bounds
 */
export function parseInteger(
  name: string,
  text: string | boolean | undefined,
  fallback: number,
  bounds: IntegerBounds,
): number {
  if (text === undefined) return fallback;
  const value = typeof text === 'string' && /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(value) || value < bounds.min || value > max) {
    const range = bounds.max === undefined ? `>= ${bounds.min}` : `from ${bounds.min} to ${max}`;
    throw new UsageError(`${name} must be an integer ${range}, got '${String(text)}'`);
  }
  return value;
}

/**
 * Reads an absolute `http://` or `https://` URL.
 *
 * @param text what the user typed
 * @returns the URL, normalised (`http://127.0.0.1:8080/`)
 * @throws UsageError when `text` is not an absolute http(s) URL with a host
 */
export function parseHttpUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    throw new UsageError(`malformed URL '${text}': expected an absolute http:// or https:// URL`, {
      cause: error,
    });
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new UsageError(`unsupported URL '${text}': expected an absolute http:// or https:// URL`);
  }
  return url.href;
}
