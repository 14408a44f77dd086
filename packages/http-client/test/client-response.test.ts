import { afterEach, describe, expect, it } from 'vitest';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import type { OutgoingHttpHeaders } from 'node:http';
import { timeout } from '@aio/core';
import {
  ClientConnectionError,
  ClientPayloadError,
  ClientResponseError,
  ContentTypeError,
  PayloadTooLargeError,
} from '../src/index.js';
import { startServer, type TestServer } from './helpers/server.js';
import { failure, withSession } from './helpers/session.js';

let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serveBody(body: Buffer | string, headers: OutgoingHttpHeaders = {}, status = 200) {
  server = await startServer((_req, res) => {
    res.writeHead(status, headers);
    res.end(body);
  });
  return server.url;
}

describe('ClientResponse', () => {
  it('exposes status, reason, ok, headers and url', async () => {
    const url = await serveBody('x', { 'x-custom': 'v' }, 404);
    const seen = await withSession({}, function* (session) {
      const r = yield* session.get(`${url}/p`);
      return [r.status, r.reason, r.ok, r.headers.get('X-Custom'), r.url.pathname, r.method];
    });
    expect(seen).toEqual([404, 'Not Found', false, 'v', '/p', 'GET']);
  });

  it('decodes text with the Content-Type charset', async () => {
    const url = await serveBody(Buffer.from([0x63, 0x61, 0x66, 0xe9]), {
      'content-type': 'text/plain; charset=ISO-8859-1',
    });
    const text = await withSession({}, function* (session) {
      return yield* (yield* session.get(url)).text();
    });
    expect(text).toBe('café');
  });

  it('sniffs the charset from an HTML meta tag, then falls back to UTF-8', async () => {
    const html = Buffer.concat([
      Buffer.from('<html><head><meta charset="shift_jis"></head>'),
      Buffer.from([0x82, 0xa0]),
    ]);
    server = await startServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(req.url === '/meta' ? html : Buffer.from('héllo'));
    });
    const url = server.url;
    const texts = await withSession({}, function* (session) {
      return [
        yield* (yield* session.get(`${url}/meta`)).text(),
        yield* (yield* session.get(`${url}/plain`)).text(),
      ];
    });
    expect(texts[0]!.endsWith('あ')).toBe(true);
    expect(texts[1]).toBe('héllo');
  });

  it('strips a UTF-8 byte order mark', async () => {
    const url = await serveBody(Buffer.from('\ufeffabc'));
    const text = await withSession({}, function* (session) {
      return yield* (yield* session.get(url)).text();
    });
    expect(text).toBe('abc');
  });

  it('parses JSON, also for +json types, and caches the body', async () => {
    const url = await serveBody('{"a":1}', { 'content-type': 'application/problem+json' });
    const seen = await withSession({}, function* (session) {
      const response = yield* session.get(url);
      return [yield* response.json(), yield* response.text()];
    });
    expect(seen).toEqual([{ a: 1 }, '{"a":1}']);
  });

  it('raises ContentTypeError for JSON with another Content-Type', async () => {
    const url = await serveBody('{"a":1}', { 'content-type': 'text/html' });
    const [error, relaxed] = await withSession({}, function* (session) {
      const response = yield* session.get(url);
      return [yield* failure(response.json()), yield* response.json({ contentType: null })];
    });
    expect(error).toBeInstanceOf(ContentTypeError);
    expect(error).toBeInstanceOf(ClientResponseError);
    expect(relaxed).toEqual({ a: 1 });
  });

  it('streams the body chunk by chunk', async () => {
    // The server sends the rest only once the client holds the first chunk: a fixed delay
    // between the two writes let a stalled client receive both in one read.
    let sendRest = (): void => undefined;
    server = await startServer((_req, res) => {
      res.writeHead(200);
      res.write('a'.repeat(10));
      sendRest = () => res.end('b'.repeat(10));
    });
    const url = server.url;
    const result = await withSession({}, function* (session) {
      const response = yield* session.get(url);
      const first = yield* timeout(10_000, response.content.readChunk());
      sendRest();
      const parts = [Buffer.from(first!).toString()];
      let chunk: Uint8Array | null;
      while ((chunk = yield* response.content.readChunk()) !== null) {
        parts.push(Buffer.from(chunk).toString());
      }
      return [parts[0], parts.join(''), response.content.atEof()];
    });
    expect(result).toEqual(['a'.repeat(10), 'a'.repeat(10) + 'b'.repeat(10), true]);
  });

  it('reads at most n bytes with content.read(n)', async () => {
    const url = await serveBody('abcdefgh');
    const parts = await withSession({}, function* (session) {
      const response = yield* session.get(url);
      const out: string[] = [];
      for (;;) {
        const part = yield* response.content.read(3);
        if (part.length === 0) return out;
        out.push(Buffer.from(part).toString());
      }
    });
    expect(parts).toEqual(['abc', 'def', 'gh']);
  });

  it('raises ClientConnectionError when reading after release()', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200);
      res.write('partial');
    });
    const url = server.url;
    const error = await withSession({}, function* (session) {
      const response = yield* session.get(url);
      response.release();
      return yield* failure(response.read());
    });
    expect(error).toBeInstanceOf(ClientConnectionError);
    expect(await server.waitNoSockets()).toBe(0);
  });

  it('keeps a body already read after release()', async () => {
    const url = await serveBody('kept');
    const text = await withSession({}, function* (session) {
      const response = yield* session.get(url);
      yield* response.read();
      response.release();
      return yield* response.text();
    });
    expect(text).toBe('kept');
  });

  it('releases an unread body when disposed with using', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200);
      res.write('never finished');
    });
    const url = server.url;
    await withSession({}, function* (session) {
      using response = yield* session.get(url);
      expect(response.status).toBe(200);
    });
    expect(await server.waitNoSockets()).toBe(0);
  });

  it('raises ClientResponseError with the status from raiseForStatus()', async () => {
    const url = await serveBody('nope', {}, 503);
    const [manual, option] = await withSession({}, function* (session) {
      const response = yield* session.get(url);
      let caught: unknown;
      try {
        response.raiseForStatus();
      } catch (error) {
        caught = error;
      }
      return [caught, yield* failure(session.get(url, { raiseForStatus: true }))];
    });
    for (const error of [manual, option]) {
      expect(error).toBeInstanceOf(ClientResponseError);
      expect(error).toMatchObject({ status: 503, code: 'ERR_CLIENT_RESPONSE' });
      expect((error as ClientResponseError).requestInfo?.method).toBe('GET');
    }
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('decodes %s', async (encoding, compress) => {
    const url = await serveBody(compress(Buffer.from('compressed text'.repeat(100))), {
      'content-encoding': encoding,
    });
    const text = await withSession({}, function* (session) {
      return yield* (yield* session.get(url)).text();
    });
    expect(text).toBe('compressed text'.repeat(100));
  });

  it('decodes stacked encodings in reverse order', async () => {
    const body = brotliCompressSync(gzipSync(Buffer.from('twice')));
    const url = await serveBody(body, { 'content-encoding': 'gzip, br' });
    const text = await withSession({}, function* (session) {
      return yield* (yield* session.get(url)).text();
    });
    expect(text).toBe('twice');
  });

  it('refuses more than five stacked encodings', async () => {
    const url = await serveBody('x', { 'content-encoding': 'gzip, gzip, gzip, gzip, gzip, gzip' });
    const error = await withSession({}, (session) => failure(session.get(url)));
    expect(error).toBeInstanceOf(ClientPayloadError);
  });

  it('stops a decompression bomb at maxBodySize with bounded chunks', async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024));
    const url = await serveBody(bomb, { 'content-encoding': 'gzip' });
    const [error, largest] = await withSession({ maxBodySize: 1024 * 1024 }, function* (session) {
      const response = yield* session.get(url);
      let max = 0;
      try {
        for (;;) {
          const chunk = yield* response.content.readChunk();
          if (chunk === null) return [undefined, max];
          max = Math.max(max, chunk.length);
        }
      } catch (e) {
        return [e, max];
      }
    });
    expect(bomb.length).toBeLessThan(100 * 1024);
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error).toMatchObject({ limit: 1024 * 1024, code: 'ERR_PAYLOAD_TOO_LARGE' });
    expect(largest).toBeLessThanOrEqual(256 * 1024);
  });

  it('raises ClientPayloadError for a corrupt gzip body', async () => {
    const url = await serveBody('not gzip at all', { 'content-encoding': 'gzip' });
    const error = await withSession({}, function* (session) {
      return yield* failure((yield* session.get(url)).read());
    });
    expect(error).toBeInstanceOf(ClientPayloadError);
  });

  it('decodes thousands of concatenated gzip members in one pass', async () => {
    const member = gzipSync(Buffer.from('a'));
    const url = await serveBody(Buffer.concat(Array.from({ length: 5_000 }, () => member)), {
      'content-encoding': 'gzip',
    });
    const text = await withSession({}, function* (session) {
      return yield* (yield* session.get(url)).text();
    });
    expect(text).toBe('a'.repeat(5_000));
  });
});
