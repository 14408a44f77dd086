import { connect } from 'node:net';
import { run, until } from '@aio/core';
import { AppRunner, TCPSite, type AppRunnerOptions, type Application } from '../../src/index.js';

/** Serves `app` on 127.0.0.1 port 0 while `body(port)` runs, then cleans up. */
export function withServer<T>(
  app: Application,
  body: (port: number) => Promise<T>,
  options: AppRunnerOptions = {},
): Promise<T> {
  return run(function* serveForTest() {
    const runner = new AppRunner(app, { shutdownTimeout: 2_000, ...options });
    yield* runner.setup();
    const site = new TCPSite(runner, '127.0.0.1', 0);
    yield* site.start();
    try {
      return yield* until(body(site.port));
    } finally {
      yield* runner.cleanup();
    }
  });
}

/**
 * Sends raw bytes and collects everything the server sends until the server closes the
 * connection. Every caller makes the server close it (`Connection: close`, an error status,
 * a timeout, shutdown), so no idle guess decides when a response is complete: a guess of a
 * few hundred ms cut responses short on a loaded machine. A server that never closes fails
 * the call after `deadlineMs`.
 */
export function rawRequest(
  port: number,
  data: string | Buffer | Array<string | Buffer>,
  deadlineMs = 10_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let out = '';
    const deadline = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open past ${deadlineMs} ms: ${out}`));
    }, deadlineMs);
    const finish = () => {
      clearTimeout(deadline);
      socket.destroy();
      resolve(out);
    };
    socket.on('data', (chunk) => (out += chunk.toString('latin1')));
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', (error) => {
      if (out !== '') return finish();
      clearTimeout(deadline);
      reject(error);
    });
    socket.on('connect', () => {
      for (const part of Array.isArray(data) ? data : [data]) socket.write(part);
    });
  });
}

/** The status code of the first response in raw output (0 when none). */
export function statusOf(raw: string): number {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(raw);
  return match === null ? 0 : Number(match[1]);
}
