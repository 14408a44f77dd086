/**
 * `CrawlStats`: what the crawl counts as requests end (statuses, error classes, latencies)
 * and the report it prints at the end.
 */
import { describeError } from './describe-error.js';

/** The latency percentiles of the report, in ms. */
export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/**
 * The nearest-rank percentile of sorted values: the smallest value with at least `p`% of
 * the values at or below it.
 *
 * @param sorted values in ascending order, at least one
 * @param p the percentile, 0 < p <= 100
 * @returns the percentile value
 */
export function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? NaN;
}

/** The key an error is counted under: its class, plus the system code when there is one. */
export function errorClassOf(error: unknown): string {
  const name = error instanceof Error ? error.name : typeof error;
  const code = /\((E[A-Z_]+):/.exec(describeError(error).message)?.[1];
  return code === undefined ? name : `${name} (${code})`;
}

/** Counts of a crawl in progress. */
export class CrawlStats {
  /** Requests that ended, with a response or an error. */
  done = 0;
  /** Requests that ended with an error (no response). */
  failed = 0;
  readonly #statuses = new Map<number, number>();
  readonly #errors = new Map<string, number>();
  readonly #latencies: number[] = [];

  /**
   * Counts a response.
   *
   * @param status its HTTP status
   * @param latencyMs from sending to the last body byte
   */
  recordResponse(status: number, latencyMs: number): void {
    this.done++;
    this.#statuses.set(status, (this.#statuses.get(status) ?? 0) + 1);
    this.#latencies.push(latencyMs);
  }

  /**
   * Counts a failed request under its error class.
   *
   * @param error what it raised
   */
  recordError(error: unknown): void {
    this.done++;
    this.failed++;
    const key = errorClassOf(error);
    this.#errors.set(key, (this.#errors.get(key) ?? 0) + 1);
  }

  /** Response counts by status, in ascending status order. */
  statuses(): [number, number][] {
    return [...this.#statuses].sort((a, b) => a[0] - b[0]);
  }

  /** Failure counts by error class, most frequent first. */
  errors(): [string, number][] {
    return [...this.#errors].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }

  /** Latency percentiles of the responses, or undefined when none arrived. */
  latency(): LatencySummary | undefined {
    if (this.#latencies.length === 0) return undefined;
    const sorted = [...this.#latencies].sort((a, b) => a - b);
    return {
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1] ?? NaN,
    };
  }

  /**
   * The final report, one line per fact.
   *
   * @param elapsedMs how long the whole crawl took
   * @returns lines such as `status 200: 10000` and `latency: p50 3.1 ms, …`
   */
  report(elapsedMs: number): string[] {
    const rate = elapsedMs > 0 ? Math.round((this.done * 1000) / elapsedMs) : 0;
    const lines = [
      `done: ${this.done} requests in ${(elapsedMs / 1000).toFixed(2)} s, ${rate} req/s`,
    ];
    for (const [status, count] of this.statuses()) lines.push(`status ${status}: ${count}`);
    const errors = this.errors();
    if (errors.length === 0) lines.push('errors: none');
    for (const [name, count] of errors) lines.push(`error ${name}: ${count}`);
    const latency = this.latency();
    const ms = (value: number): string => `${value.toFixed(1)} ms`;
    lines.push(
      latency === undefined
        ? 'latency: no responses'
        : `latency: p50 ${ms(latency.p50)}, p90 ${ms(latency.p90)}, p99 ${ms(latency.p99)}, max ${ms(latency.max)}`,
    );
    return lines;
  }
}
