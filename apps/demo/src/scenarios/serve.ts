/**
 * `aio-demo serve [--host] [--port]`: the seed's aiohttp server, run with `runApp`.
 *
 * ```python
 * app = web.Application()
 * app.add_routes([web.get('/', index), web.get('/{uri}', index)])
 * web.run_app(app)
 * ```
 *
 * `runApp` runs its own event loop, prints aiohttp's banner, logs each request to stderr,
 * and on Ctrl+C (SIGINT) or SIGTERM stops accepting, lets in-flight requests finish, runs
 * the cleanup, and settles.
 */
import { runApp } from '@aio/http-server';
import { createEchoApp } from '../echo-app.js';
import type { ScenarioOptions } from '../scenario-options.js';

/** Options for {@link serveScenario}. */
export interface ServeScenarioOptions extends ScenarioOptions {
  /** The address to bind (default `0.0.0.0`). */
  host?: string;
  /** The port (default 8080; 0 picks a free one). */
  port?: number;
  /** Install the SIGINT/SIGTERM handlers (default true; tests pass false). */
  handleSignals?: boolean;
}

/**
 * Serves the echo application until SIGINT or SIGTERM.
 *
 * @param options `print` (the banner), `host`, `port`, `handleSignals`
 * @returns a promise settled once the server has shut down
 * @throws the listen error (EADDRINUSE, EACCES, …) as a rejection
 *
 * @example
 * ```ts
 * await serveScenario({ print: console.log, port: 8080 });
 * // ======== Running on http://0.0.0.0:8080 ========
 * // (Press CTRL+C to quit)
 * ```
 */
export function serveScenario(options: ServeScenarioOptions): Promise<void> {
  const { print, host = '0.0.0.0', port = 8080, handleSignals = true } = options;
  return runApp(createEchoApp(), { host, port, print: (line) => print(line), handleSignals });
}
