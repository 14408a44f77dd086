import { brotliCompressSync, createGzip, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { run } from '@aio/core';
import type { HTTPRequestEntityTooLarge } from '../src/index.js';
import { Application, Response, jsonResponse, type Request } from '../src/index.js';
import { rawRequest, statusOf, withServer } from './helpers/server.js';

const LIMIT = 1024 * 1024;

/** Echoes the decoded body as JSON `{ text }`; records what a failed read threw. */
function echoApp() {
  const app = new Application({ clientMaxSize: LIMIT });
  const errors: unknown[] = [];
  app.router.addPost('/', function* (request: Request) {
    try {
      return jsonResponse({ text: yield* request.text() });
    } catch (error) {
      errors.push(error);
      throw error;
    }
  });
  return { app, errors };
}

function post(app: Application, body: Uint8Array, encoding: string) {
  return run(app.request('/', { method: 'POST', body, headers: { 'Content-Encoding': encoding } }));
}

/** `size` zero bytes gzipped without holding them all: a decompression bomb. */
function gzipBomb(size: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const gzip = createGzip({ level: 9 });
    const parts: Buffer[] = [];
    gzip.on('data', (part: Buffer) => parts.push(part));
    gzip.on('end', () => resolve(Buffer.concat(parts)));
    gzip.on('error', reject);
    const block = Buffer.alloc(1024 * 1024);
    for (let written = 0; written < size; written += block.length) gzip.write(block);
    gzip.end();
  });
}

describe('Request bodies with Content-Encoding', () => {
  it('decodes gzip, x-gzip, deflate and br bodies, whatever the case of the coding', async () => {
    const { app } = echoApp();
    const text = 'héllo '.repeat(100);
    const bodies: Array<[string, Buffer]> = [
      ['gzip', gzipSync(text)],
      ['X-GZIP', gzipSync(text)],
      ['deflate', deflateSync(text)],
      [' br ', brotliCompressSync(text)],
      ['identity', Buffer.from(text)],
    ];
    const answers = [];
    for (const [coding, body] of bodies) answers.push((await post(app, body, coding)).json());
    expect(answers).toEqual(bodies.map(() => ({ text })));
  });

  it('refuses an unknown or stacked coding with 415', async () => {
    const { app } = echoApp();
    const statuses = [];
    for (const coding of ['compress', 'gzip, br', 'zstd']) {
      const response = await post(app, gzipSync('x'), coding);
      statuses.push([response.status, response.text().includes('Unsupported Content-Encoding')]);
    }
    expect(statuses).toEqual([
      [415, true],
      [415, true],
      [415, true],
    ]);
  });

  it('answers a body that is not valid for its coding with 400', async () => {
    const { app } = echoApp();
    const truncated = gzipSync('some text').subarray(0, 12);
    const statuses = [
      (await post(app, Buffer.from('not gzip at all'), 'gzip')).status,
      (await post(app, truncated, 'gzip')).status,
      (await post(app, Buffer.from([1, 2, 3]), 'br')).status,
    ];
    expect(statuses).toEqual([400, 400, 400]);
  });

  it('stops a decompression bomb at clientMaxSize of decoded bytes, one chunk at a time', async () => {
    const { app, errors } = echoApp();
    const bomb = await gzipBomb(32 * LIMIT);
    expect(bomb.length).toBeLessThan(LIMIT / 10);
    const response = await post(app, bomb, 'gzip');
    const error = errors[0] as HTTPRequestEntityTooLarge;
    expect([response.status, error.maxSize]).toEqual([413, LIMIT]);
    // Decoding stopped within one 64 KiB chunk of the limit, not after inflating it all.
    expect(error.actualSize).toBeGreaterThan(LIMIT);
    expect(error.actualSize).toBeLessThanOrEqual(LIMIT + 64 * 1024);
  });

  it('leaves an unread coded body undecoded and answers normally', async () => {
    const app = new Application({ clientMaxSize: LIMIT });
    app.router.addPost('/', () => new Response({ status: 401, text: 'no' }));
    const response = await post(app, await gzipBomb(8 * LIMIT), 'gzip');
    expect([response.status, response.text()]).toEqual([401, 'no']);
  });
});

describe('Request bodies with Content-Encoding over a socket', () => {
  it('decodes a gzip body and refuses a bomb with 413', async () => {
    const { app } = echoApp();
    const bomb = await gzipBomb(16 * LIMIT);
    const [ok, refused] = await withServer(app, (port) => {
      const send = (body: Buffer) =>
        rawRequest(port, [
          `POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Encoding: gzip\r\nContent-Length: ${body.length}\r\n\r\n`,
          body,
        ]);
      return Promise.all([send(gzipSync('{"over": "the wire"}')), send(bomb)]);
    });
    expect([statusOf(ok), ok.endsWith(JSON.stringify({ text: '{"over": "the wire"}' }))]).toEqual([
      200,
      true,
    ]);
    expect(statusOf(refused)).toBe(413);
  });
});
