/**
 * `aio-demo scenario [URL]` (what `pnpm demo` runs): the seed's two aiohttp examples
 * together. It starts the echo server on a free loopback port, runs the client example
 * against it (three concurrent GETs of `/`, then `/hello`, `/aio` and `/asyncio` one after
 * the other), and shuts the server down gracefully. No network needed.
 *
 * Given a URL (`pnpm demo http://baidu.com`), it runs the client example against that URL
 * instead, exactly as the seed does, and starts no server.
 */
import type { Coroutine } from '@aio/core';
import { ClientSession } from '@aio/http-client';
import { createEchoApp } from '../echo-app.js';
import { startLocalServer } from '../local-server.js';
import type { ScenarioOptions } from '../scenario-options.js';
import { DEFAULT_TIMEOUT_MS, fetchConcurrently, fetchScenario, test } from './fetch.js';

/** Options for {@link echoScenario}. */
export interface EchoScenarioOptions extends ScenarioOptions {
  /** Fetch this URL instead of the local echo server. */
  url?: string;
  /** How many concurrent GETs of `/` (default 3). */
  count?: number;
  /** The `/{uri}` paths fetched afterwards (default `hello`, `aio`, `asyncio`). */
  paths?: readonly string[];
  /** The budget of each request, in ms (default 10 000). */
  timeoutMs?: number;
}

/** The `/{uri}` paths the scenario fetches after the three GETs of `/`. */
export const DEFAULT_PATHS: readonly string[] = ['hello', 'aio', 'asyncio'];

/**
 * Runs the echo server and the concurrent client against it, printing like the seed.
 *
 * @param options `print`, `url` (skip the server, fetch that), `count` (3), `paths`, `timeoutMs`
 * @returns the coroutine, evaluating to `undefined` once the server has shut down
 * @throws the first request's error, after the server and session are closed
 *
 * @example
 * ```ts
 * await run(echoScenario({ print: console.log }));
 * // ======== Running on http://127.0.0.1:40123 ========
 * // 200, location /, 200, location /, 200, location /, [ undefined, undefined, undefined ]
 * // 200, location /hello, 200, location /aio, 200, location /asyncio
 * ```
 */
export function* echoScenario(options: EchoScenarioOptions): Coroutine<void> {
  const { print, count = 3, paths = DEFAULT_PATHS, timeoutMs = DEFAULT_TIMEOUT_MS } = options;
  if (options.url !== undefined) {
    yield* fetchScenario({ print, url: options.url, count, timeoutMs });
    return;
  }
  const server = yield* startLocalServer(createEchoApp());
  try {
    print(`======== Running on ${server.origin} ========`);
    const session = new ClientSession({ timeout: { total: timeoutMs } });
    try {
      print(yield* fetchConcurrently(print, session, server.url, count));
      for (const path of paths) {
        yield* test(print, session, new URL(encodeURIComponent(path), server.url).href);
      }
    } finally {
      yield* session.close();
    }
  } finally {
    yield* server.close();
  }
}
