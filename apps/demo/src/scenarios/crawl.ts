/**
 * `aio-demo crawl [URL] [-n 10000] [-c 200]`: the seed's claim that you can run "tens of
 * thousands of coroutines", made visible.
 *
 * It creates one coroutine per request (10 000 by default) and gathers them all at once;
 * a `Semaphore(200)` lets 200 of them talk to the server at a time, as in the seed's
 * semaphore example, through one shared `ClientSession`. Progress goes to stderr (a bar on
 * a terminal, plain lines otherwise) with the live request rate; at the end it prints
 * counts by status and by error class, and the p50/p90/p99 latency.
 *
 * Without a URL it crawls its own echo server on a free loopback port (`/0`, `/1`, …), so
 * server and client share one event loop. A first request is sent alone before the crawl:
 * if it fails (refused, unreachable, timeout), the crawl stops with that one error.
 */
import {
  createTask,
  gather,
  getRunningLoop,
  isCancelledError,
  sleep,
  type Coroutine,
} from '@aio/core';
import { ClientSession } from '@aio/http-client';
import { Semaphore } from '@aio/sync';
import { CrawlStats } from '../crawl-stats.js';
import { createEchoApp } from '../echo-app.js';
import { startLocalServer, type LocalServer } from '../local-server.js';
import type { ProgressReporter, ProgressSnapshot } from '../progress.js';
import type { ScenarioOptions } from '../scenario-options.js';
import { DEFAULT_TIMEOUT_MS } from './fetch.js';

/** Options for {@link crawlScenario}. */
export interface CrawlScenarioOptions extends ScenarioOptions {
  /** What to GET; default: the demo's own echo server, `/0` to `/{count-1}`. */
  url?: string;
  /** How many requests (default 10 000). */
  count?: number;
  /** How many at a time (default 200). */
  concurrency?: number;
  /** The budget of each request, in ms (default 10 000). */
  timeoutMs?: number;
  /** Where progress goes (default: nowhere). */
  progress?: ProgressReporter;
}

/** What a crawl measured. */
export interface CrawlResult {
  /** Counts by status and error class, and the latencies. */
  stats: CrawlStats;
  /** From the first crawl request to the last response, in ms. */
  elapsedMs: number;
}

function* probe(session: ClientSession, url: string): Coroutine<void> {
  using response = yield* session.get(url);
  yield* response.read();
}

function* reportProgress(
  progress: ProgressReporter,
  stats: CrawlStats,
  total: number,
): Coroutine<void> {
  const loop = getRunningLoop();
  let lastDone = stats.done;
  let lastTime = loop.time();
  for (;;) {
    yield* sleep(progress.intervalMs);
    const now = loop.time();
    const rate =
      now > lastTime ? Math.round(((stats.done - lastDone) * 1000) / (now - lastTime)) : 0;
    progress.update({ done: stats.done, total, failed: stats.failed, rate });
    lastDone = stats.done;
    lastTime = now;
  }
}

function* crawl(
  options: CrawlScenarioOptions,
  urlFor: (index: number) => string,
  label: string,
): Coroutine<CrawlResult> {
  const { print, count = 10_000, concurrency = 200, timeoutMs = DEFAULT_TIMEOUT_MS } = options;
  const { progress } = options;
  const session = new ClientSession({ limit: concurrency, timeout: { total: timeoutMs } });
  try {
    print(`crawl: ${count} GETs of ${label}, ${concurrency} at a time`);
    yield* probe(session, urlFor(0));
    const loop = getRunningLoop();
    const stats = new CrawlStats();
    const semaphore = new Semaphore(concurrency);
    function* fetchOne(index: number): Coroutine<void> {
      using _permit = yield* semaphore.acquire();
      const started = loop.time();
      try {
        using response = yield* session.get(urlFor(index));
        yield* response.read();
        stats.recordResponse(response.status, loop.time() - started);
      } catch (error) {
        if (isCancelledError(error)) throw error;
        stats.recordError(error);
      }
    }
    const started = loop.time();
    const ticker =
      progress === undefined
        ? undefined
        : createTask(reportProgress(progress, stats, count), { name: 'crawl progress' });
    try {
      yield* gather(Array.from({ length: count }, (_, index) => fetchOne(index)));
    } finally {
      ticker?.cancel();
    }
    const elapsedMs = loop.time() - started;
    const rate = elapsedMs > 0 ? Math.round((stats.done * 1000) / elapsedMs) : 0;
    const final: ProgressSnapshot = { done: stats.done, total: count, failed: stats.failed, rate };
    progress?.stop(final);
    for (const line of stats.report(elapsedMs)) print(line);
    return { stats, elapsedMs };
  } finally {
    yield* session.close();
  }
}

/**
 * Crawls `url` (or the demo's own server) with `count` coroutines, `concurrency` at a time,
 * and prints the report.
 *
 * @param options `print`, `url`, `count` (10 000), `concurrency` (200), `timeoutMs`, `progress`
 * @returns the coroutine, evaluating to the counts and the elapsed time; failed requests are
 *   counted, not raised
 * @throws the first request's error when that one, sent alone, fails
 *
 * @example
 * ```ts
 * const { stats } = await run(crawlScenario({ print: console.log, count: 2000 }));
 * // crawl: 2000 GETs of http://127.0.0.1:41234/{i}, 200 at a time
 * // done: 2000 requests in 0.61 s, 3279 req/s
 * // status 200: 2000
 * // errors: none
 * // latency: p50 55.2 ms, p90 70.3 ms, p99 90.1 ms, max 95.0 ms
 * ```
 */
export function* crawlScenario(options: CrawlScenarioOptions): Coroutine<CrawlResult> {
  const { url } = options;
  if (url !== undefined) return yield* crawl(options, () => url, url);
  const server: LocalServer = yield* startLocalServer(createEchoApp());
  try {
    return yield* crawl(options, (index) => `${server.url}${index}`, `${server.url}{i}`);
  } finally {
    yield* server.close();
  }
}
