import { afterEach, describe, expect, it } from 'vitest';
import { createTask, sleep, TimeoutError } from '@aio/core';
import {
  ConnectionTimeoutError,
  DEFAULT_TIMEOUT,
  ServerTimeoutError,
  SocketTimeoutError,
} from '../src/index.js';
import { startRawServer, startServer, type RawServer, type TestServer } from './helpers/server.js';
import { eventually, failure, withSession } from './helpers/session.js';

let server: TestServer | undefined;
let raw: RawServer | undefined;

afterEach(async () => {
  await server?.close();
  await raw?.close();
  server = raw = undefined;
});

describe('ClientTimeout', () => {
  it('defaults to aiohttp: total 300 s, sockConnect 30 s, no connect or sockRead', () => {
    expect(DEFAULT_TIMEOUT).toEqual({
      total: 300_000,
      connect: null,
      sockConnect: 30_000,
      sockRead: null,
    });
  });

  it('raises a total timeout while waiting for the head, as a TimeoutError', async () => {
    server = await startServer(() => undefined);
    const url = server.url;
    const started = Date.now();
    const error = await withSession({ timeout: { total: 100 } }, (session) =>
      failure(session.get(url)),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ServerTimeoutError);
    expect(error).toMatchObject({ phase: 'total', timeoutMs: 100 });
    // Far under the 300 s default total.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('closes a connection that timed out instead of pooling it', async () => {
    server = await startServer(() => undefined);
    const url = server.url;
    await withSession({ timeout: { total: 50 } }, function* (session) {
      yield* failure(session.get(url));
      yield* eventually(() => server!.openSockets() === 0);
    });
  });

  it('counts reading the body against total, even while data keeps arriving', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write('x'.repeat(1024)), 5);
      res.on('close', () => clearInterval(timer));
    });
    const url = server.url;
    const error = await withSession({ timeout: { total: 200 } }, function* (session) {
      const response = yield* session.get(url);
      return yield* failure(response.read());
    });
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ phase: 'total' });
  });

  it('lets a per-request timeout override the session one', async () => {
    server = await startServer((_req, res) => setTimeout(() => res.end('late'), 150));
    const url = server.url;
    const text = await withSession({ timeout: { total: 50 } }, function* (session) {
      const response = yield* session.get(url, { timeout: { total: 2_000 } });
      return yield* response.text();
    });
    expect(text).toBe('late');
  });

  it('does not fire a huge total early (no 2^31 ms overflow)', async () => {
    server = await startServer((_req, res) => setTimeout(() => res.end('ok'), 20));
    const url = server.url;
    const text = await withSession({ timeout: { total: 1e10 } }, function* (session) {
      return yield* (yield* session.get(url)).text();
    });
    expect(text).toBe('ok');
  });

  it('raises sockRead between chunks with the undici error as cause', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200);
      res.write('first');
    });
    const url = server.url;
    const error = await withSession({ timeout: { sockRead: 100 } }, function* (session) {
      const response = yield* session.get(url);
      return yield* failure(response.read());
    });
    expect(error).toBeInstanceOf(SocketTimeoutError);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ phase: 'sockRead', timeoutMs: 100 });
    expect((error as Error).cause).toMatchObject({ code: 'UND_ERR_BODY_TIMEOUT' });
  });

  it('raises sockRead while waiting for the head', async () => {
    server = await startServer(() => undefined);
    const url = server.url;
    const error = await withSession({ timeout: { sockRead: 100 } }, (session) =>
      failure(session.get(url)),
    );
    expect(error).toBeInstanceOf(SocketTimeoutError);
    expect((error as Error).cause).toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
  });

  it('applies sockRead per read: slow but steady chunks succeed', async () => {
    // The body takes longer than sockRead in all, each gap far less: 250 ms gaps leave 750 ms
    // for a loaded machine to stall, where 40 ms gaps against 300 ms left 260 ms.
    server = await startServer((_req, res) => {
      res.writeHead(200);
      let sent = 0;
      const timer = setInterval(() => {
        res.write(`${sent}`);
        if (++sent === 5) {
          clearInterval(timer);
          res.end();
        }
      }, 250);
    });
    const url = server.url;
    const started = Date.now();
    const text = await withSession({ timeout: { sockRead: 1_000 } }, function* (session) {
      return yield* (yield* session.get(url)).text();
    });
    expect(text).toBe('01234');
    expect(Date.now() - started).toBeGreaterThan(1_000);
  });

  it('counts waiting for a free slot against connect', async () => {
    server = await startServer(() => undefined);
    const url = server.url;
    const error = await withSession({ limit: 1 }, function* (session) {
      const first = createTask(failure(session.get(url, { timeout: { total: 2_000 } })));
      yield* eventually(() => server!.requests.length === 1);
      const second = yield* failure(session.get(url, { timeout: { connect: 100 } }));
      first.cancel();
      return second;
    });
    expect(error).toBeInstanceOf(ConnectionTimeoutError);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ phase: 'connect', timeoutMs: 100 });
  });

  it('raises sockConnect with undici ConnectTimeoutError as cause', async () => {
    // A TLS handshake that never gets an answer keeps the connection in its connect phase.
    raw = await startRawServer(() => undefined);
    const url = `https://127.0.0.1:${raw.port}/`;
    const error = await withSession({ timeout: { sockConnect: 100 } }, (session) =>
      failure(session.get(url)),
    );
    expect(error).toBeInstanceOf(ConnectionTimeoutError);
    expect(error).toMatchObject({ phase: 'sockConnect' });
    expect((error as Error).cause).toMatchObject({ code: 'UND_ERR_CONNECT_TIMEOUT' });
  });

  it('does not arm sockRead on an idle pooled connection', async () => {
    server = await startServer((_req, res) => res.end('ok'));
    const url = server.url;
    const texts = await withSession({ timeout: { sockRead: 100 } }, function* (session) {
      const first = yield* (yield* session.get(url)).text();
      yield* sleep(300);
      const second = yield* (yield* session.get(url)).text();
      return [first, second];
    });
    expect(texts).toEqual(['ok', 'ok']);
    expect(server.connections()).toBe(1);
  });
});
