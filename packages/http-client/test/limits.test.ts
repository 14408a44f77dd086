import { afterEach, describe, expect, it } from 'vitest';
import { createTask, gather, isCancelledError, sleep } from '@aio/core';
import type { ClientSession } from '../src/index.js';
import { startServer, type TestServer } from './helpers/server.js';
import { eventually, failure, withSession } from './helpers/session.js';

const servers: TestServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A server answering after `delayMs`, counting requests in flight over every server made. */
const gauge = { now: 0, max: 0 };
async function slowServer(delayMs: number): Promise<TestServer> {
  const server = await startServer((_req, res) => {
    gauge.now++;
    gauge.max = Math.max(gauge.max, gauge.now);
    setTimeout(() => {
      gauge.now--;
      res.end('ok');
    }, delayMs);
  });
  servers.push(server);
  return server;
}

/** A server that answers only when `release()` is called. */
async function heldServer(): Promise<TestServer & { release(): void }> {
  const waiting: Array<() => void> = [];
  const server = await startServer((_req, res) => {
    waiting.push(() => res.end('ok'));
  });
  servers.push(server);
  return Object.assign(server, {
    release: () => {
      for (const end of waiting.splice(0)) end();
    },
  });
}

function* get(session: ClientSession, url: string) {
  const response = yield* session.get(url);
  return yield* response.text();
}

describe('ClientSession limits', () => {
  it('keeps at most `limit` requests in flight, as the server sees it', async () => {
    const server = await slowServer(5);
    gauge.max = 0;
    const url = server.url;
    const results = await withSession({ limit: 10 }, (session) =>
      gather(Array.from({ length: 200 }, () => get(session, url))),
    );
    expect(results).toHaveLength(200);
    expect(server.maxInFlight()).toBeLessThanOrEqual(10);
    expect(server.maxInFlight()).toBeGreaterThan(1);
    expect(server.connections()).toBeLessThanOrEqual(10);
  });

  it('applies limitPerHost per origin and limit over all of them', async () => {
    const hosts = [await slowServer(5), await slowServer(5), await slowServer(5)];
    gauge.max = 0;
    await withSession({ limit: 4, limitPerHost: 2 }, (session) =>
      gather(Array.from({ length: 90 }, (_, i) => get(session, hosts[i % 3]!.url))),
    );
    for (const host of hosts) expect(host.maxInFlight()).toBeLessThanOrEqual(2);
    expect(gauge.max).toBeLessThanOrEqual(4);
    expect(gauge.max).toBeGreaterThan(2);
  });

  it('shows a request waiting for a connection in the task tree', async () => {
    const server = await heldServer();
    const url = server.url;
    const awaiting = await withSession({ limit: 1 }, function* (session) {
      const first = createTask(get(session, url));
      yield* eventually(() => server.requests.length === 1);
      const second = createTask(get(session, url));
      yield* sleep(10);
      const label = second.awaiting;
      server.release();
      yield* first;
      yield* eventually(() => server.requests.length === 2);
      server.release();
      yield* second;
      return label;
    });
    expect(awaiting).toBe('ConnectionSlot.acquire');
  });

  it('serves waiting requests first in, first out', async () => {
    const server = await startServer((req, res) => res.end(req.url));
    servers.push(server);
    const url = server.url;
    await withSession({ limit: 1 }, (session) =>
      gather(Array.from({ length: 5 }, (_, i) => get(session, `${url}/${i}`))),
    );
    expect(server.requests.map((r) => r.url)).toEqual(['/0', '/1', '/2', '/3', '/4']);
  });

  it('frees the slot of a cancelled waiter (no slot leak)', async () => {
    const server = await heldServer();
    const url = server.url;
    await withSession({ limit: 2 }, function* (session) {
      const running = [createTask(get(session, url)), createTask(get(session, url))];
      yield* eventually(() => server.requests.length === 2);
      const cancelled = Array.from({ length: 3 }, () => createTask(failure(get(session, url))));
      const kept = Array.from({ length: 2 }, () => createTask(get(session, url)));
      yield* sleep(10);
      for (const waiter of cancelled) waiter.cancel();
      const outcomes = yield* gather(cancelled, { returnExceptions: true });
      expect(outcomes.every(isCancelledError)).toBe(true);
      server.release();
      yield* gather(running);
      yield* eventually(() => server.requests.length === 4);
      server.release();
      yield* gather(kept);
      // Both slots are free again: two requests are in flight at once.
      const again = [createTask(get(session, url)), createTask(get(session, url))];
      yield* eventually(() => server.inFlight() === 2);
      server.release();
      yield* gather(again);
    });
  });

  it('frees the connection of a response released unread', async () => {
    const server = await startServer((_req, res) => res.end('x'.repeat(1_000_000)));
    servers.push(server);
    const url = server.url;
    const text = await withSession({ limit: 1 }, function* (session) {
      const first = yield* session.get(url);
      first.release();
      const second = yield* session.get(url);
      return (yield* second.text()).length;
    });
    expect(text).toBe(1_000_000);
  });
});
