/**
 * Turns any error the demo meets into one line for stderr and an exit code. A user sees
 * `aio-demo: cannot connect to http://127.0.0.1:1/ (ECONNREFUSED)`, never a stack trace.
 */
import { isCancelledError } from '@aio/core';
import { UsageError } from './errors.js';

/** Exit codes of `aio-demo`. */
export const EXIT_CODES = {
  /** Everything went as planned. */
  ok: 0,
  /** A runtime failure: a refused connection, a timeout, a failed request. */
  failure: 1,
  /** A mistake on the command line (unknown command or option, malformed URL). */
  usage: 2,
  /** Interrupted by Ctrl+C (SIGINT), as shells report it. */
  interrupted: 130,
} as const;

/** What the CLI prints for an error, and the exit code it ends with. */
export interface ErrorReport {
  /** One line, without the `aio-demo: ` prefix and without a newline. */
  message: string;
  /** The process exit code. */
  exitCode: number;
}

const NETWORK_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by peer',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'address not available',
  EACCES: 'permission denied',
};

/** Collapses a message to one line. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** Finds the first system error code (`ECONNREFUSED`, …) along the `cause` chain. */
function systemCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code in NETWORK_CODES) return code;
    const nested = (current as { errors?: unknown }).errors;
    if (Array.isArray(nested) && nested.length > 0) {
      const inner = systemCode(nested[0]);
      if (inner !== undefined) return inner;
    }
    current = current.cause;
  }
  return undefined;
}

function describeOne(error: unknown): string {
  if (!(error instanceof Error)) return oneLine(String(error));
  const code = systemCode(error);
  const message = oneLine(error.message) || error.name;
  const base = error.name && error.name !== 'Error' ? `${error.name}: ${message}` : message;
  if (code === undefined || base.includes(code)) return base;
  return `${base} (${code}: ${NETWORK_CODES[code]})`;
}

/**
 * Describes `error` for the user.
 *
 * `UsageError` ends with code 2, cancellation (Ctrl+C) with 130, everything else with 1.
 * The message names the error class (`ClientConnectorError`, `TimeoutError`), its message,
 * and the system error code found along the `cause` chain. An `ExceptionGroup` is described
 * by its first sub-error and the count of the others.
 *
 * @param error whatever was thrown
 * @returns one line and an exit code
 */
export function describeError(error: unknown): ErrorReport {
  if (error instanceof UsageError) {
    return {
      message: `${oneLine(error.message)} (see aio-demo --help)`,
      exitCode: EXIT_CODES.usage,
    };
  }
  if (isCancelledError(error)) return { message: 'interrupted', exitCode: EXIT_CODES.interrupted };
  if (error instanceof AggregateError && error.errors.length > 0) {
    const others = error.errors.length - 1;
    const more = others > 0 ? ` (and ${others} more)` : '';
    return { message: `${describeOne(error.errors[0])}${more}`, exitCode: EXIT_CODES.failure };
  }
  return { message: describeOne(error), exitCode: EXIT_CODES.failure };
}
