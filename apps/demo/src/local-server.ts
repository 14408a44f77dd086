/**
 * An application served on a free loopback port for the length of a scenario, through
 * `AppRunner` and `TCPSite` (port 0), the embedding API of `@aio/http-server`.
 */
import type { Coroutine } from '@aio/core';
import { AppRunner, TCPSite, type Application } from '@aio/http-server';

/** A running local server. */
export interface LocalServer {
  /** Its base URL, `http://127.0.0.1:<port>/`. */
  readonly url: string;
  /** Its origin as aiohttp's banner shows it, `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** Shuts it down gracefully: stop accepting, let in-flight requests finish, run cleanup. */
  close(): Coroutine<void>;
}

/**
 * Serves `app` on `127.0.0.1`, on a port the OS picks.
 *
 * @param app the application to serve
 * @returns the server, listening; call `close()` in a `finally`
 * @throws the listen error, after the app's cleanup ran
 */
export function* startLocalServer(app: Application): Coroutine<LocalServer> {
  const runner = new AppRunner(app, { accessLog: false, shutdownTimeout: 5_000 });
  yield* runner.setup();
  const site = new TCPSite(runner, '127.0.0.1', 0);
  try {
    yield* site.start();
  } catch (error) {
    yield* runner.cleanup();
    throw error;
  }
  return {
    url: `${site.name}/`,
    origin: site.name,
    *close(): Coroutine<void> {
      yield* runner.cleanup();
    },
  };
}
