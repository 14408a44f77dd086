import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import {
  ClientError,
  ClientPayloadError,
  ServerDisconnectedError,
  type ClientSession,
} from '../src/index.js';
import { startRawServer, type RawServer } from './helpers/server.js';
import { failure, withSession } from './helpers/session.js';

let raw: RawServer | undefined;

afterEach(async () => {
  await raw?.close();
  raw = undefined;
});

const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nKeep-Alive: timeout=60\r\n\r\nok';

/** Answers each request on a socket with `reply(n)`, n counting requests over all sockets. */
async function serveReplies(reply: (n: number, socket: Socket) => void) {
  let n = 0;
  raw = await startRawServer((socket) => {
    reply(n++, socket);
    let buffered = '';
    socket.on('data', (data: Buffer) => {
      buffered += data.toString('latin1');
      while (buffered.includes('\r\n\r\n')) {
        const end = buffered.indexOf('\r\n\r\n') + 4;
        const length = /content-length: (\d+)/i.exec(buffered.slice(0, end))?.[1];
        buffered = buffered.slice(end + Number(length ?? 0));
        reply(n++, socket);
      }
    });
  });
  return raw.url;
}

function* text(session: ClientSession, url: string, method = 'GET') {
  const response = yield* session.request(method, url, method === 'POST' ? { data: 'x' } : {});
  return yield* response.text();
}

describe('ClientSession against hostile servers', () => {
  it('retries an idempotent request once when a reused keep-alive socket was closed', async () => {
    const url = await serveReplies((n, socket) => {
      if (n === 1) socket.destroy();
      else socket.write(OK);
    });
    const texts = await withSession({}, function* (session) {
      return [yield* text(session, url), yield* text(session, url)];
    });
    expect(texts).toEqual(['ok', 'ok']);
    expect(raw!.connections()).toBe(2);
  });

  it('does not retry a POST on a closed keep-alive socket: ServerDisconnectedError', async () => {
    const url = await serveReplies((n, socket) => {
      if (n === 1) socket.destroy();
      else socket.write(OK);
    });
    const error = await withSession({}, function* (session) {
      yield* text(session, url);
      return yield* failure(text(session, url, 'POST'));
    });
    expect(error).toBeInstanceOf(ServerDisconnectedError);
    expect(error).toMatchObject({ code: 'ERR_SERVER_DISCONNECTED' });
    expect((error as Error).cause).toBeDefined();
  });

  it('raises ServerDisconnectedError when every attempt is closed unanswered', async () => {
    const url = await serveReplies((_n, socket) => socket.destroy());
    const error = await withSession({}, (session) => failure(text(session, url)));
    expect(error).toBeInstanceOf(ServerDisconnectedError);
  });

  it.each([
    ['a short body then close', 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n' + 'x'.repeat(50)],
    [
      'CL and TE together',
      'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
    ],
    [
      'two different Content-Lengths',
      'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!',
    ],
    ['a negative Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\nhello'],
    [
      'a bad chunk size',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
    ],
    ['garbage instead of HTTP', 'SSH-2.0-OpenSSH\r\n\r\n'],
  ])('raises ClientPayloadError for %s, never a short success', async (_label, bytes) => {
    const url = await serveReplies((_n, socket) => {
      socket.end(bytes);
    });
    const error = await withSession({}, function* (session) {
      try {
        const body = yield* text(session, url);
        return new Error(`unexpected success: ${body.length} bytes`);
      } catch (caught) {
        return caught;
      }
    });
    expect(error).toBeInstanceOf(ClientPayloadError);
  });

  it('raises ClientPayloadError quickly on a reset mid-download, then works again', async () => {
    const url = await serveReplies((n, socket) => {
      if (n === 0) {
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n' + 'x'.repeat(100));
        setTimeout(() => socket.resetAndDestroy(), 20);
      } else socket.write(OK);
    });
    const started = Date.now();
    const [error, after] = await withSession({}, function* (session) {
      const response = yield* session.get(url);
      const caught = yield* failure(response.read());
      return [caught, yield* text(session, url)];
    });
    expect(error).toBeInstanceOf(ClientPayloadError);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(after).toBe('ok');
  });

  it('raises ClientPayloadError for a response head larger than the limit', async () => {
    const url = await serveReplies((_n, socket) => {
      socket.write(
        `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(100_000)}\r\nContent-Length: 2\r\n\r\nok`,
      );
    });
    const error = await withSession({}, (session) => failure(text(session, url)));
    expect(error).toBeInstanceOf(ClientPayloadError);
  });

  it('never mixes an unread body into the next response', async () => {
    const url = await serveReplies((n, socket) => {
      if (n === 0) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nfirst');
      else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond');
    });
    const second = await withSession({ limit: 1 }, function* (session) {
      const first = yield* session.get(url);
      first.release();
      return yield* text(session, url);
    });
    expect(second).toBe('second');
  });

  it('keeps the connection after a HEAD response that announces a length', async () => {
    const url = await serveReplies((_n, socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n');
    });
    const statuses = await withSession({}, function* (session) {
      const a = yield* session.head(url);
      yield* a.read();
      const b = yield* session.head(url);
      return [a.status, b.status];
    });
    expect(statuses).toEqual([200, 200]);
    expect(raw!.connections()).toBe(1);
  });

  it('keeps the connection after a 304 that carries Transfer-Encoding: chunked', async () => {
    const url = await serveReplies((_n, socket) => {
      socket.write('HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n');
    });
    const statuses = await withSession({}, function* (session) {
      const a = yield* session.get(url);
      yield* a.read();
      const b = yield* session.get(url);
      return [a.status, b.status];
    });
    expect(statuses).toEqual([304, 304]);
    expect(raw!.connections()).toBe(1);
  });

  it('fails an upload the server drops midway, closes the body, then works again', async () => {
    let finished = false;
    async function* upload() {
      try {
        for (let i = 0; i < 200; i++) {
          yield Buffer.alloc(16 * 1024, 1);
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      } finally {
        finished = true;
      }
    }
    let n = 0;
    raw = await startRawServer((socket) => {
      if (n++ === 0) setTimeout(() => socket.destroy(), 20);
      else socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
    });
    const url = raw.url;
    const [error, after] = await withSession({}, function* (session) {
      const caught = yield* failure(session.post(url, { data: upload() }));
      return [caught, yield* text(session, url)];
    });
    expect(error).toBeInstanceOf(ClientError);
    expect(finished).toBe(true);
    expect(after).toBe('ok');
  });
});
