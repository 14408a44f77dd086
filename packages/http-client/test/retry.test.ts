import { afterEach, describe, expect, it } from 'vitest';
import { TimeoutError } from '@aio/core';
import { retryDelay, retryPolicy } from '../src/retry.js';
import { startRawServer, startServer, type RawServer, type TestServer } from './helpers/server.js';
import { failure, withSession } from './helpers/session.js';

let server: TestServer | undefined;
let raw: RawServer | undefined;

afterEach(async () => {
  await server?.close();
  await raw?.close();
  server = raw = undefined;
});

/** Fails the first `failures` requests with `status`, then answers 200. */
async function flaky(failures: number, status = 503, headers: Record<string, string> = {}) {
  let n = 0;
  server = await startServer((_req, res) => {
    if (n++ < failures) {
      res.writeHead(status, headers);
      res.end('busy');
    } else res.end('ok');
  });
  return server.url;
}

const FAST = { attempts: 3, backoffMs: 1, jitter: false };

describe('RetryOptions', () => {
  it('retries nothing unless asked', async () => {
    const url = await flaky(1);
    const status = await withSession({}, function* (session) {
      return (yield* session.get(url)).status;
    });
    expect(status).toBe(503);
    expect(server!.requests).toHaveLength(1);
  });

  it('retries an idempotent request on a listed status until it succeeds', async () => {
    const url = await flaky(2);
    const text = await withSession({ retry: FAST }, function* (session) {
      return yield* (yield* session.get(url)).text();
    });
    expect(text).toBe('ok');
    expect(server!.requests).toHaveLength(3);
  });

  it('returns the last response once the attempts are used up', async () => {
    const url = await flaky(10);
    const status = await withSession({ retry: { ...FAST, attempts: 2 } }, function* (session) {
      return (yield* session.get(url)).status;
    });
    expect(status).toBe(503);
    expect(server!.requests).toHaveLength(3);
  });

  it('does not retry a POST by default', async () => {
    const url = await flaky(1);
    const status = await withSession({ retry: FAST }, function* (session) {
      return (yield* session.post(url, { data: 'x' })).status;
    });
    expect(status).toBe(503);
    expect(server!.requests).toHaveLength(1);
  });

  it('honours Retry-After', async () => {
    const url = await flaky(1, 429, { 'retry-after': '0' });
    const status = await withSession({ retry: { attempts: 1, backoffMs: 60_000 } }, function* (s) {
      return (yield* s.get(url)).status;
    });
    expect(status).toBe(200);
  });

  it('retries a connection the server drops', async () => {
    let n = 0;
    raw = await startRawServer((socket) => {
      if (n++ < 3) socket.destroy();
      else socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
    });
    const url = raw.url;
    const text = await withSession({ retry: FAST }, function* (session) {
      return yield* (yield* session.get(url)).text();
    });
    expect(text).toBe('ok');
  });

  it('stops waiting between attempts at the total deadline', async () => {
    const url = await flaky(10);
    const error = await withSession(
      { retry: { attempts: 5, backoffMs: 10_000, jitter: false }, timeout: { total: 200 } },
      (session) => failure(session.get(url)),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ phase: 'total' });
  });

  it('doubles the wait from backoffMs up to maxBackoffMs without jitter', () => {
    const policy = retryPolicy({ backoffMs: 100, maxBackoffMs: 300, jitter: false });
    expect([0, 1, 2, 3].map((n) => retryDelay(policy, n, null))).toEqual([100, 200, 300, 300]);
  });

  it('keeps jittered waits within the exponential ceiling', () => {
    const policy = retryPolicy({ backoffMs: 100 });
    for (let n = 0; n < 50; n++) {
      const delay = retryDelay(policy, 2, null);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(400);
    }
  });

  it('reads Retry-After as seconds or an HTTP date, and gives up past maxRetryAfterMs', () => {
    const policy = retryPolicy({ maxRetryAfterMs: 5_000 });
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryDelay(policy, 0, '3', now)).toBe(3_000);
    expect(retryDelay(policy, 0, 'Thu, 01 Jan 2026 00:00:02 GMT', now)).toBe(2_000);
    expect(retryDelay(policy, 0, '60', now)).toBe(-1);
  });

  it('refuses a negative attempts count', () => {
    expect(() => retryPolicy({ attempts: -1 })).toThrow(RangeError);
  });
});
