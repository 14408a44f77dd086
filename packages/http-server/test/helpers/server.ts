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
 * Sends raw bytes and collects everything the server sends until it closes the socket or
 * `idleMs` passes without data.
 */
export function rawRequest(
  port: number,
  data: string | Buffer | Array<string | Buffer>,
  idleMs = 300,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let out = '';
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(out);
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(finish, idleMs);
    };
    socket.on('data', (chunk) => {
      out += chunk.toString('latin1');
      arm();
    });
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', (error) => (out === '' ? reject(error) : finish()));
    socket.on('connect', () => {
      for (const part of Array.isArray(data) ? data : [data]) socket.write(part);
      arm();
    });
  });
}

/** The status code of the first response in raw output (0 when none). */
export function statusOf(raw: string): number {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(raw);
  return match === null ? 0 : Number(match[1]);
}
