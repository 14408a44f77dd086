import { describe, expect, it } from 'vitest';
import { currentTask, sleep } from '@aio/core';
import { Application, Response, type Request } from '../src/index.js';
import { rawRequest, statusOf, withServer } from './helpers/server.js';

function countingApp() {
  const app = new Application();
  const calls: string[] = [];
  app.router.addRoute('*', '/{tail:.*}', (request: Request) => {
    calls.push(`${request.method} ${request.rawPath}`);
    return new Response({ text: `ok ${currentTask().name}` });
  });
  return { app, calls };
}

const AFTER = 'GET /after HTTP/1.1\r\nHost: x\r\n\r\n';

// RELIABILITY A4.1 and §D: each must be a 400 with Connection: close, the handler never runs
// and the request smuggled behind it is never processed.
const SMUGGLING: Record<string, string> = {
  'CL and TE':
    'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
  'duplicate equal CL':
    'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 4\r\n\r\nabcd',
  'duplicate different CL':
    'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde',
  'CL +4': 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +4\r\n\r\nabcd',
  'CL 4, 4': 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4, 4\r\n\r\nabcd',
  'CL 20 digits': 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 12345678901234567890\r\n\r\nabcd',
  'TE xchunked': 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n',
  'TE chunked, identity':
    'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n',
  'TE chunkedchunked':
    'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunkedchunked\r\n\r\n0\r\n\r\n',
  'space before colon (TE)':
    'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n',
  'space before colon (CL)': 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length : 4\r\n\r\nabcd',
  'obs-fold': 'GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n',
  'bare LF': 'GET / HTTP/1.1\nHost: x\n\n',
  'CR-only separator': 'GET / HTTP/1.1\rHost: x\r\r',
  'CR LF CR X': 'GET / HTTP/1.1\r\nHost: x\r\n\rX',
  'chunk extension with LF':
    'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1;a=\nb\r\nx\r\n0\r\n\r\n',
  'garbage chunk size':
    'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nx\r\n0\r\n\r\n',
  'overflowing chunk size':
    'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\nx\r\n0\r\n\r\n',
  'space in target': 'GET /a b HTTP/1.1\r\nHost: x\r\n\r\n',
  'lowercase method': 'get / HTTP/1.1\r\nHost: x\r\n\r\n',
  'NUL in header': 'GET / HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n',
  'HTTP/1.1 without Host': 'GET / HTTP/1.1\r\n\r\n',
  'duplicate Host': 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n',
  'duplicate Content-Type':
    'POST / HTTP/1.1\r\nHost: a\r\nContent-Type: text/plain\r\nContent-Type: application/json\r\nContent-Length: 0\r\n\r\n',
  'Host with space': 'GET / HTTP/1.1\r\nHost: a b\r\n\r\n',
  'Host with slash': 'GET / HTTP/1.1\r\nHost: a/b\r\n\r\n',
  'Host with at': 'GET / HTTP/1.1\r\nHost: a@b\r\n\r\n',
  'absolute-form target': 'GET http://evil/x HTTP/1.1\r\nHost: x\r\n\r\n',
};

describe('AppRunner request validation', () => {
  for (const [name, request] of Object.entries(SMUGGLING)) {
    it(`answers ${name} with 400 and processes nothing after it`, async () => {
      const { app, calls } = countingApp();
      const raw = await withServer(app, (port) => rawRequest(port, request + AFTER));
      expect(statusOf(raw)).toBe(400);
      expect(raw.toLowerCase()).toContain('connection: close');
      expect(raw.match(/HTTP\/1\.1 /g)).toHaveLength(1);
      expect(calls).toEqual([]);
    });
  }

  it('answers a 2 MB chunk extension with 400', async () => {
    const { app, calls } = countingApp();
    const request = `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1;a=${'x'.repeat(2_000_000)}\r\nx\r\n0\r\n\r\n`;
    const raw = await withServer(app, (port) => rawRequest(port, request));
    expect(statusOf(raw)).toBe(400);
    expect(calls).toEqual([]);
  });

  it('answers a 20 KB header with 431', async () => {
    const { app } = countingApp();
    const raw = await withServer(app, (port) =>
      rawRequest(port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
    );
    expect(statusOf(raw)).toBe(431);
  });

  it('answers HTTP/2.0 on an HTTP/1 connection with 505', async () => {
    const { app, calls } = countingApp();
    const raw = await withServer(app, (port) =>
      rawRequest(port, 'GET / HTTP/2.0\r\nHost: x\r\n\r\n'),
    );
    expect(statusOf(raw)).toBe(505);
    expect(calls).toEqual([]);
  });

  it('falls back to the local address as host for HTTP/1.0 without Host', async () => {
    const app = new Application();
    app.router.addGet('/', (request) => new Response({ text: request.host }));
    const raw = await withServer(app, (port) => rawRequest(port, 'GET / HTTP/1.0\r\n\r\n'));
    expect(statusOf(raw)).toBe(200);
    expect(raw).toMatch(/127\.0\.0\.1$/);
  });

  it('runs each request as a task named after it', async () => {
    const { app } = countingApp();
    const raw = await withServer(app, (port) =>
      rawRequest(port, 'GET /tasks HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
    );
    expect(raw).toContain('ok GET /tasks');
  });

  it('answers 3 pipelined requests in order', async () => {
    const { app } = countingApp();
    const raw = await withServer(app, (port) =>
      rawRequest(
        port,
        ['/1', '/2', '/3'].map(
          (p) => `GET ${p} HTTP/1.1\r\nHost: x\r\n${p === '/3' ? 'Connection: close\r\n' : ''}\r\n`,
        ),
      ),
    );
    expect([...raw.matchAll(/ok GET (\/\d)/g)].map((m) => m[1])).toEqual(['/1', '/2', '/3']);
  });
});

describe('AppRunner limits', () => {
  it('answers a slow request head with 408 after headersTimeout', async () => {
    const { app } = countingApp();
    const started = Date.now();
    const raw = await withServer(app, (port) => rawRequest(port, 'GET / HTTP/1.1\r\nHost: x\r\n'), {
      headersTimeout: 300,
      requestTimeout: 600,
      connectionsCheckingInterval: 100,
    });
    expect(statusOf(raw)).toBe(408);
    // Far under the 20 s default headersTimeout.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('closes an idle keep-alive socket after keepAliveTimeout', async () => {
    const { app } = countingApp();
    const started = Date.now();
    const raw = await withServer(
      app,
      (port) => rawRequest(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
      {
        keepAliveTimeout: 200,
      },
    );
    expect(statusOf(raw)).toBe(200);
    // Under the 5 s default keepAliveTimeout.
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('closes the connection after maxRequestsPerSocket responses', async () => {
    const { app, calls } = countingApp();
    const raw = await withServer(
      app,
      (port) =>
        rawRequest(
          port,
          ['/1', '/2', '/3'].map((p) => `GET ${p} HTTP/1.1\r\nHost: x\r\n\r\n`).join(''),
        ),
      // Node answers a request past the limit with a 503 and then keeps the socket until the
      // keep-alive timeout, though both last responses say `Connection: close`.
      { maxRequestsPerSocket: 2, keepAliveTimeout: 100 },
    );
    const responses = raw.split(/(?=HTTP\/1\.1 )/);
    expect(responses[1]?.toLowerCase()).toContain('connection: close');
    expect(calls.length).toBeLessThanOrEqual(2);
  });

  it('answers 413 from Content-Length without reading the body', async () => {
    const app = new Application({ clientMaxSize: 100 });
    app.router.addPost('/', function* (request) {
      yield* request.read();
      return new Response();
    });
    const raw = await withServer(app, (port) =>
      rawRequest(port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\nabc'),
    );
    expect(statusOf(raw)).toBe(413);
  });

  it('answers 413 as soon as a chunked body passes the limit', async () => {
    const app = new Application({ clientMaxSize: 100 });
    app.router.addPost('/', function* (request) {
      yield* request.read();
      return new Response();
    });
    const chunk = `40\r\n${'x'.repeat(64)}\r\n`;
    const raw = await withServer(app, (port) =>
      rawRequest(
        port,
        `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${chunk}${chunk}`,
      ),
    );
    expect(statusOf(raw)).toBe(413);
  });

  it('answers 413 to Expect: 100-continue over the limit without sending 100', async () => {
    const app = new Application({ clientMaxSize: 100 });
    app.router.addPost('/', function* (request) {
      yield* request.read();
      return new Response();
    });
    const raw = await withServer(app, (port) =>
      rawRequest(
        port,
        'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n',
      ),
    );
    expect(statusOf(raw)).toBe(413);
    expect(raw).not.toContain('100 Continue');
  });

  it('answers 404 to Expect: 100-continue on an unknown path without sending 100', async () => {
    const { app } = { app: new Application() };
    const raw = await withServer(app, (port) =>
      rawRequest(
        port,
        'POST /nope HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n',
      ),
    );
    expect(statusOf(raw)).toBe(404);
  });

  it('sends 100 Continue when the handler reads the body', async () => {
    const app = new Application();
    app.router.addPost('/', function* (request) {
      return new Response({ text: yield* request.text() });
    });
    const raw = await withServer(app, (port) =>
      rawRequest(port, [
        'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n',
        'abc',
      ]),
    );
    expect(raw.startsWith('HTTP/1.1 100 Continue')).toBe(true);
    expect(raw).toMatch(/200 OK[\s\S]*abc$/);
  });

  it('answers an unknown expectation with 417', async () => {
    const { app } = countingApp();
    const raw = await withServer(app, (port) =>
      rawRequest(port, 'GET / HTTP/1.1\r\nHost: x\r\nExpect: foo\r\nConnection: close\r\n\r\n'),
    );
    expect(statusOf(raw)).toBe(417);
  });

  it('keeps serving while a slow handler runs', async () => {
    const app = new Application();
    app.router.addGet('/slow', function* () {
      yield* sleep(300);
      return new Response({ text: 'slow' });
    });
    app.router.addGet('/fast', () => new Response({ text: 'fast' }));
    const raws = await withServer(app, (port) =>
      Promise.all([
        rawRequest(port, 'GET /slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
        rawRequest(port, 'GET /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
      ]),
    );
    expect(raws[0]).toContain('slow');
    expect(raws[1]).toContain('fast');
  });
});
