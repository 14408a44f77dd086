/**
 * `ClientTimeout`: the deadlines of a request, as aiohttp's, in milliseconds.
 *
 * - `total`: the whole request, from the call through every redirect and retry to the last
 *   byte of the body. Data arriving does not extend it.
 * - `connect`: getting a connection, which includes waiting for a free slot under `limit`
 *   and `limitPerHost` and then connecting.
 * - `sockConnect`: the TCP (and TLS) connect alone; a session setting, fixed when the
 *   session's pool is created.
 * - `sockRead`: the longest gap between two reads from the socket, including the wait for
 *   the response head.
 *
 * `null` (or `undefined` in an override) disables a deadline. Every timeout raises an error
 * that is `instanceof TimeoutError` from `@aio/core`.
 */

/** Deadlines in ms; `null` disables one. */
export interface ClientTimeout {
  /** The whole request including redirects and reading the body (default 300 000). */
  total?: number | null;
  /** Waiting for a free connection slot plus connecting (default none). */
  connect?: number | null;
  /** The socket connect alone, a session-wide setting (default 30 000). */
  sockConnect?: number | null;
  /** The longest gap between reads (default none). */
  sockRead?: number | null;
}

/** A ClientTimeout with every field resolved. */
export interface ResolvedTimeout {
  readonly total: number | null;
  readonly connect: number | null;
  readonly sockConnect: number | null;
  readonly sockRead: number | null;
}

/** aiohttp's defaults: `total` 5 minutes, `sockConnect` 30 s, the others none. */
export const DEFAULT_TIMEOUT: ResolvedTimeout = Object.freeze({
  total: 300_000,
  connect: null,
  sockConnect: 30_000,
  sockRead: null,
});

function check(name: string, value: number | null | undefined): void {
  if (value === null || value === undefined) return;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new RangeError(
      `timeout.${name} must be a number of ms >= 0 or null, got ${String(value)}`,
    );
  }
}

/**
 * Merges `override` over `base`: a field that is present (even `null`) wins.
 *
 * @param base the resolved defaults
 * @param override a partial ClientTimeout
 * @returns the merged deadlines
 * @throws RangeError when a field is negative or NaN
 */
export function resolveTimeout(
  base: ResolvedTimeout,
  override: ClientTimeout | undefined,
): ResolvedTimeout {
  if (override === undefined) return base;
  check('total', override.total);
  check('connect', override.connect);
  check('sockConnect', override.sockConnect);
  check('sockRead', override.sockRead);
  return {
    total: 'total' in override ? (override.total ?? null) : base.total,
    connect: 'connect' in override ? (override.connect ?? null) : base.connect,
    sockConnect: 'sockConnect' in override ? (override.sockConnect ?? null) : base.sockConnect,
    sockRead: 'sockRead' in override ? (override.sockRead ?? null) : base.sockRead,
  };
}
