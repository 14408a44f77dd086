import { afterEach, describe, expect, it } from 'vitest';
import { createTask, gather, run, sleep } from '@aio/core';
import { ClientClosedError, ClientConnectorError, ClientSession } from '../src/index.js';
import { hello, startServer, type TestServer } from './helpers/server.js';
import { failure, withSession } from './helpers/session.js';

let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function echo(): Promise<TestServer> {
  return startServer((req, res, body) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
  });
}

interface Echo {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

describe('ClientSession', () => {
  it('runs the seed example: three concurrent GETs, each with status and text', async () => {
    server = await startServer(hello);
    const url = server.url;
    const lines: unknown[] = [];
    function* test(session: ClientSession) {
      using response = yield* session.get(url);
      lines.push(response.status);
      lines.push(yield* response.text());
    }
    await run(function* main() {
      const session = new ClientSession();
      try {
        lines.push(yield* gather(test(session), test(session), test(session)));
      } finally {
        yield* session.close();
      }
    });
    expect(lines).toEqual([
      200,
      '<html>hello</html>\n',
      200,
      '<html>hello</html>\n',
      200,
      '<html>hello</html>\n',
      [undefined, undefined, undefined],
    ]);
  });

  it('reuses one keep-alive connection for sequential requests', async () => {
    server = await startServer(hello);
    const url = server.url;
    await withSession({}, function* (session) {
      for (let i = 0; i < 5; i++) {
        const response = yield* session.get(url);
        yield* response.text();
      }
    });
    expect(server.connections()).toBe(1);
  });

  it('leaves no socket open on the server after close()', async () => {
    server = await startServer(hello);
    const url = server.url;
    await withSession({}, function* (session) {
      yield* gather(
        Array.from({ length: 5 }, () =>
          (function* one() {
            const response = yield* session.get(url);
            yield* response.read();
          })(),
        ),
      );
    });
    expect(server.connections()).toBeGreaterThan(0);
    expect(await server.waitNoSockets()).toBe(0);
  });

  it('refuses requests after close() with ClientClosedError', async () => {
    server = await startServer(hello);
    const url = server.url;
    const error = await run(function* main() {
      const session = new ClientSession();
      yield* session.close();
      return yield* failure(session.get(url));
    });
    expect(error).toBeInstanceOf(ClientClosedError);
    expect((error as ClientClosedError).code).toBe('ERR_CLIENT_CLOSED');
    expect(server.requests).toHaveLength(0);
  });

  it('fails an in-flight request with ClientClosedError when the session closes', async () => {
    server = await startServer(() => undefined);
    const url = server.url;
    const error = await run(function* main() {
      const session = new ClientSession();
      const pending = session.get(url);
      const task = createTask(failure(pending));
      while (server!.requests.length === 0) yield* sleep(5);
      yield* session.close();
      return yield* task;
    });
    expect(error).toBeInstanceOf(ClientClosedError);
    expect(await server.waitNoSockets()).toBe(0);
  });

  it('raises ClientConnectorError with host and port when nothing listens', async () => {
    server = await startServer(hello);
    const port = server.port;
    await server.close();
    server = undefined;
    const error = await withSession({}, (session) =>
      failure(session.get(`http://127.0.0.1:${port}/`)),
    );
    expect(error).toBeInstanceOf(ClientConnectorError);
    expect(error).toMatchObject({ host: '127.0.0.1', port, code: 'ERR_CLIENT_CONNECTOR' });
    expect((error as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('sends params from a record, pairs or URLSearchParams after the URL query', async () => {
    server = await echo();
    const url = `${server.url}/p?x=0`;
    const urls = await withSession({}, function* (session) {
      const out: string[] = [];
      for (const params of [
        { a: 1, b: ['x', 'y'] },
        [
          ['a', '1'],
          ['a', '2'],
        ] as Array<[string, string]>,
        new URLSearchParams('q=a b'),
      ]) {
        const response = yield* session.get(url, { params });
        out.push(((yield* response.json()) as Echo).url);
      }
      return out;
    });
    expect(urls).toEqual(['/p?x=0&a=1&b=x&b=y', '/p?x=0&a=1&a=2', '/p?x=0&q=a+b']);
  });

  it('merges request headers over session headers, case-insensitively', async () => {
    server = await echo();
    const url = server.url;
    const headers = await withSession(
      { headers: { 'X-A': 'session', 'X-B': 'session' } },
      function* (session) {
        const response = yield* session.get(url, { headers: { 'x-b': 'request' } });
        return ((yield* response.json()) as Echo).headers;
      },
    );
    expect(headers).toMatchObject({ 'x-a': 'session', 'x-b': 'request', accept: '*/*' });
  });

  it('sends json with application/json', async () => {
    server = await echo();
    const url = server.url;
    const seen = await withSession({}, function* (session) {
      const response = yield* session.post(url, { json: { a: [1, 2] } });
      return (yield* response.json()) as Echo;
    });
    expect(seen.body).toBe('{"a":[1,2]}');
    expect(seen.headers['content-type']).toBe('application/json');
  });

  it('sends strings, bytes and URLSearchParams with their content types', async () => {
    server = await echo();
    const url = server.url;
    const seen = await withSession({}, function* (session) {
      const out: Array<[string, string | undefined]> = [];
      for (const data of [
        'text',
        new Uint8Array([104, 105]),
        new URLSearchParams({ a: '1 2' }),
        { k: 'v' },
      ]) {
        const response = yield* session.post(url, { data });
        const echoed = (yield* response.json()) as Echo;
        out.push([echoed.body, echoed.headers['content-type']]);
      }
      return out;
    });
    expect(seen).toEqual([
      ['text', 'text/plain; charset=utf-8'],
      ['hi', 'application/octet-stream'],
      ['a=1+2', 'application/x-www-form-urlencoded'],
      ['k=v', 'application/x-www-form-urlencoded'],
    ]);
  });

  it('sends FormData as multipart with a random boundary', async () => {
    server = await echo();
    const url = server.url;
    const seen = await withSession({}, function* (session) {
      const form = new FormData();
      form.append('field', 'value');
      form.append('file', new Blob(['content'], { type: 'text/plain' }), 'a.txt');
      const response = yield* session.post(url, { data: form });
      return (yield* response.json()) as Echo;
    });
    const type = seen.headers['content-type']!;
    const boundary = /boundary=(.+)$/.exec(type)![1]!;
    expect(type.startsWith('multipart/form-data')).toBe(true);
    expect(boundary.length).toBeGreaterThanOrEqual(24);
    expect(seen.body).toContain('name="field"\r\n\r\nvalue');
    expect(seen.body).toContain('filename="a.txt"');
  });

  it('streams an iterable or async iterable body', async () => {
    server = await echo();
    const url = server.url;
    const bodies = await withSession({}, function* (session) {
      async function* parts() {
        yield 'a';
        await Promise.resolve();
        yield new Uint8Array([98]);
      }
      const first = yield* session.post(url, { data: ['x', 'y'] });
      const second = yield* session.post(url, { data: parts() });
      return [((yield* first.json()) as Echo).body, ((yield* second.json()) as Echo).body];
    });
    expect(bodies).toEqual(['xy', 'ab']);
  });

  it('sends basic auth from the auth option and from URL credentials', async () => {
    server = await echo();
    const { port } = server;
    const seen = await withSession({}, function* (session) {
      const a = yield* session.get(`http://127.0.0.1:${port}/`, {
        auth: { login: 'u', password: 'p' },
      });
      const b = yield* session.get(`http://us%40r:p%3Ass@127.0.0.1:${port}/`);
      return [
        ((yield* a.json()) as Echo).headers.authorization,
        ((yield* b.json()) as Echo).headers.authorization,
      ];
    });
    expect(seen).toEqual([
      `Basic ${Buffer.from('u:p').toString('base64')}`,
      `Basic ${Buffer.from('us@r:p:ss').toString('base64')}`,
    ]);
  });

  it('resolves relative URLs against baseUrl', async () => {
    server = await echo();
    const base = `${server.url}/api/`;
    const url = await withSession({ baseUrl: base }, function* (session) {
      const response = yield* session.get('items?x=1');
      return ((yield* response.json()) as Echo).url;
    });
    expect(url).toBe('/api/items?x=1');
  });

  it('calls trace hooks at each milestone', async () => {
    server = await startServer(hello);
    const url = server.url;
    const events: string[] = [];
    await withSession(
      {
        limit: 1,
        traceConfigs: [
          {
            onRequestStart: (info) => events.push(`start ${info.method}`),
            onConnectionQueuedStart: () => events.push('queued'),
            onConnectionQueuedEnd: () => events.push('dequeued'),
            onConnectionAcquired: () => events.push('acquired'),
            onRequestEnd: (_info, response) => events.push(`end ${response.status}`),
          },
        ],
      },
      function* (session) {
        yield* gather(
          (function* a() {
            yield* (yield* session.get(url)).read();
          })(),
          (function* b() {
            yield* (yield* session.get(url)).read();
          })(),
        );
      },
    );
    expect(events.filter((e) => e.startsWith('start'))).toHaveLength(2);
    expect(events).toContain('queued');
    expect(events.indexOf('dequeued')).toBeGreaterThan(events.indexOf('queued'));
    expect(events.filter((e) => e === 'acquired')).toHaveLength(2);
    expect(events.filter((e) => e === 'end 200')).toHaveLength(2);
  });

  it('reports a request failure to onRequestException', async () => {
    server = await startServer(hello);
    const port = server.port;
    await server.close();
    server = undefined;
    const errors: unknown[] = [];
    await withSession(
      { traceConfigs: [{ onRequestException: (_i, e) => errors.push(e) }] },
      (session) => failure(session.get(`http://127.0.0.1:${port}/`)),
    );
    expect(errors[0]).toBeInstanceOf(ClientConnectorError);
  });

  it('escapes CR, LF and quotes in multipart field names and filenames', async () => {
    server = await echo();
    const url = server.url;
    const seen = await withSession({}, function* (session) {
      const form = new FormData();
      form.append('a\r\nX-Evil: 1', 'v');
      form.append('f', new Blob(['x']), 'x"\r\n.txt');
      return (yield* (yield* session.post(url, { data: form })).json()) as Echo;
    });
    expect(seen.body).not.toContain('\r\nX-Evil: 1');
    expect(seen.body).toContain('name="a%0D%0AX-Evil: 1"');
    expect(seen.body).toContain('filename="x%22%0D%0A.txt"');
  });

  it('reports redirects to onRequestRedirect', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/a') {
        res.writeHead(302, { location: '/b' });
        res.end();
      } else res.end('b');
    });
    const url = server.url;
    const hops: string[] = [];
    await withSession(
      {
        traceConfigs: [
          { onRequestRedirect: (info, r) => hops.push(`${info.url.pathname} ${r.status}`) },
        ],
      },
      function* (session) {
        yield* (yield* session.get(`${url}/a`)).read();
      },
    );
    expect(hops).toEqual(['/a 302']);
  });

  it('sends the headers it checked even if a trace hook mutates its copy', async () => {
    server = await echo();
    const url = server.url;
    const seen = await withSession(
      { traceConfigs: [{ onRequestStart: (info) => info.headers.set('x-evil', '1') }] },
      function* (session) {
        return ((yield* (yield* session.get(url)).json()) as Echo).headers;
      },
    );
    expect(seen['x-evil']).toBeUndefined();
  });
});
