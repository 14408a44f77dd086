/**
 * Opt-in retries (beyond aiohttp, whose users ask for them): which requests are retried,
 * and how long to wait between attempts.
 */

/**
 * When and how to retry a request. Retries happen only for the listed methods (idempotent
 * ones by default), on a connection failure (refused, reset, disconnected, a connect or
 * read timeout; never the `total` timeout) or a listed status. The wait doubles from
 * `backoffMs` up to `maxBackoffMs`, with full jitter; a `Retry-After` header (seconds or an
 * HTTP date) on a 429/503 is honoured up to `maxRetryAfterMs`.
 *
 * @example
 * ```ts
 * const session = new ClientSession({ retry: { attempts: 3, statuses: [503] } });
 * ```
 */
export interface RetryOptions {
  /** Retries after the first attempt (default 3). */
  attempts?: number;
  /** Methods that may be retried (default the idempotent ones: GET HEAD OPTIONS TRACE PUT DELETE). */
  methods?: ReadonlyArray<string>;
  /** Statuses that trigger a retry (default 408 429 500 502 503 504). */
  statuses?: ReadonlyArray<number>;
  /** The first wait in ms (default 100). */
  backoffMs?: number;
  /** The longest wait in ms (default 10 000). */
  maxBackoffMs?: number;
  /** The longest `Retry-After` honoured, in ms (default 60 000); longer ones end the retries. */
  maxRetryAfterMs?: number;
  /** Randomise waits (full jitter, default true); false gives exact exponential waits. */
  jitter?: boolean;
}

/** RetryOptions with every field resolved. */
export interface RetryPolicy {
  readonly attempts: number;
  readonly methods: ReadonlySet<string>;
  readonly statuses: ReadonlySet<number>;
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  readonly maxRetryAfterMs: number;
  readonly jitter: boolean;
}

const DEFAULT_METHODS = ['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE'];
const DEFAULT_STATUSES = [408, 429, 500, 502, 503, 504];

/**
 * Resolves options into a policy.
 *
 * @throws RangeError for a negative or non-integer `attempts`
 */
export function retryPolicy(options: RetryOptions): RetryPolicy {
  const attempts = options.attempts ?? 3;
  if (!Number.isInteger(attempts) || attempts < 0) {
    throw new RangeError(`retry.attempts must be an integer >= 0, got ${attempts}`);
  }
  return {
    attempts,
    methods: new Set((options.methods ?? DEFAULT_METHODS).map((m) => m.toUpperCase())),
    statuses: new Set(options.statuses ?? DEFAULT_STATUSES),
    backoffMs: options.backoffMs ?? 100,
    maxBackoffMs: options.maxBackoffMs ?? 10_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    jitter: options.jitter ?? true,
  };
}

/**
 * The wait before retry number `attempt` (0-based), honouring `retryAfter` when given.
 *
 * @returns ms to wait, or -1 when Retry-After asks for longer than allowed
 */
export function retryDelay(
  policy: RetryPolicy,
  attempt: number,
  retryAfter: string | null,
  now: number = Date.now(),
): number {
  if (retryAfter !== null) {
    const ms = parseRetryAfter(retryAfter, now);
    if (ms !== undefined) return ms > policy.maxRetryAfterMs ? -1 : ms;
  }
  const ceiling = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** attempt);
  return policy.jitter ? Math.random() * ceiling : ceiling;
}

function parseRetryAfter(value: string, now: number): number | undefined {
  const text = value.trim();
  if (/^[0-9]{1,10}$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
