import { afterEach, describe, expect, it } from 'vitest';
import { createTask, isCancelledError, sleep } from '@aio/core';
import type { ClientSession } from '../src/index.js';
import { startRawServer, startServer, type RawServer, type TestServer } from './helpers/server.js';
import { eventually, failure, withSession } from './helpers/session.js';

let server: TestServer | undefined;
let raw: RawServer | undefined;

afterEach(async () => {
  await server?.close();
  await raw?.close();
  server = raw = undefined;
});

function* textOf(session: ClientSession, url: string) {
  return yield* (yield* session.get(url)).text();
}

describe('ClientSession cancellation', () => {
  it('removes a task cancelled while waiting for a connection', async () => {
    server = await startServer((_req, res) => setTimeout(() => res.end('ok'), 50));
    const url = server.url;
    const results = await withSession({ limit: 1 }, function* (session) {
      const first = createTask(textOf(session, url));
      const waiting = createTask(failure(textOf(session, url)));
      yield* sleep(5);
      waiting.cancel();
      const third = createTask(textOf(session, url));
      return [yield* first, isCancelledError(yield* waiting), yield* third];
    });
    expect(results).toEqual(['ok', true, 'ok']);
    expect(server.requests).toHaveLength(2);
  });

  it('aborts a request cancelled while connecting and closes its socket', async () => {
    raw = await startRawServer(() => undefined);
    let closed = false;
    raw.server.on('connection', (socket) => socket.on('close', () => (closed = true)));
    const url = `https://127.0.0.1:${raw.port}/`;
    // With the default 30 s sockConnect, both the task and the connecting socket must end long
    // before it would: the session destroys a connect nobody waits for any more.
    await withSession({}, function* (session) {
      const task = createTask(failure(session.get(url)));
      yield* eventually(() => raw!.connections() === 1);
      const started = Date.now();
      task.cancel();
      expect(isCancelledError(yield* task)).toBe(true);
      yield* eventually(() => closed);
      expect(Date.now() - started).toBeLessThan(10_000);
    });
  });

  it('aborts a request cancelled mid-upload and closes the body stream', async () => {
    server = await startServer(() => undefined);
    let finished = false;
    async function* slowBody() {
      try {
        for (let i = 0; i < 1000; i++) {
          yield 'x'.repeat(1024);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      } finally {
        finished = true;
      }
    }
    const url = server.url;
    await withSession({}, function* (session) {
      const task = createTask(failure(session.post(url, { data: slowBody() })));
      yield* eventually(() => server!.openSockets() === 1);
      yield* sleep(20);
      task.cancel();
      expect(isCancelledError(yield* task)).toBe(true);
      yield* eventually(() => server!.openSockets() === 0);
      yield* eventually(() => finished);
    });
  });

  it('aborts a request cancelled while awaiting the head', async () => {
    server = await startServer(() => undefined);
    const url = server.url;
    await withSession({ limit: 1 }, function* (session) {
      const task = createTask(failure(session.get(url)));
      yield* eventually(() => server!.requests.length === 1);
      task.cancel();
      expect(isCancelledError(yield* task)).toBe(true);
      yield* eventually(() => server!.openSockets() === 0);
    });
  });

  it('closes the connection of a body read cancelled midway, and frees its slot', async () => {
    let calls = 0;
    server = await startServer((_req, res) => {
      if (calls++ > 0) {
        res.end('second');
        return;
      }
      res.writeHead(200);
      res.write('partial');
    });
    const url = server.url;
    const second = await withSession({ limit: 1 }, function* (session) {
      const response = yield* session.get(url);
      const reader = createTask(failure(response.read()));
      yield* sleep(20);
      reader.cancel();
      expect(isCancelledError(yield* reader)).toBe(true);
      yield* eventually(() => server!.openSockets() === 0);
      expect(response.released).toBe(true);
      return yield* textOf(session, url);
    });
    expect(second).toBe('second');
  });

  it('aborts the request when the run() signal aborts', async () => {
    server = await startServer(() => undefined);
    const url = server.url;
    const controller = new AbortController();
    const { run } = await import('@aio/core');
    const { ClientSession } = await import('../src/index.js');
    const session = new ClientSession();
    const done = run(
      function* main() {
        return yield* session.get(url);
      },
      { signal: controller.signal },
    );
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(done).rejects.toSatisfy(isCancelledError);
    expect(await server.waitNoSockets()).toBe(0);
    session[Symbol.dispose]();
  });
});
