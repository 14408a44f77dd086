import { afterEach, describe, expect, it } from 'vitest';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import {
  ClientCookieJar,
  InvalidRequestError,
  InvalidUrlRedirectError,
  NonHttpUrlRedirectError,
  TooManyRedirects,
} from '../src/index.js';
import { startServer, type TestServer } from './helpers/server.js';
import { failure, withSession } from './helpers/session.js';

const servers: TestServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<TestServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

function redirect(res: ServerResponse, status: number, location: string): void {
  res.writeHead(status, { location });
  res.end('moved');
}

const SECRETS = ['authorization', 'cookie', 'proxy-authorization', 'x-api-key'];

describe('ClientSession redirects', () => {
  it('follows a redirect and keeps the history', async () => {
    const server = await serve((req, res) =>
      req.url === '/a' ? redirect(res, 302, '/b') : res.end(`at ${req.url}`),
    );
    const url = server.url;
    const result = await withSession({}, function* (session) {
      const response = yield* session.get(`${url}/a`);
      return {
        text: yield* response.text(),
        url: response.url.pathname,
        history: response.history.map((r) => [r.status, r.url.pathname]),
      };
    });
    expect(result).toEqual({ text: 'at /b', url: '/b', history: [[302, '/a']] });
  });

  it('returns the 3xx itself with allowRedirects: false or without Location', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/none') {
        res.writeHead(302);
        res.end();
      } else redirect(res, 302, '/b');
    });
    const url = server.url;
    const statuses = await withSession({}, function* (session) {
      const a = yield* session.get(`${url}/a`, { allowRedirects: false });
      const b = yield* session.get(`${url}/none`);
      return [a.status, b.status];
    });
    expect(statuses).toEqual([302, 302]);
  });

  it.each([301, 302, 303])('turns a POST into a bodiless GET on %i', async (status) => {
    const server = await serve((req, res) =>
      req.url === '/a' ? redirect(res, status, '/b') : res.end(''),
    );
    const url = server.url;
    await withSession({}, function* (session) {
      yield* (yield* session.post(`${url}/a`, { data: 'payload' })).read();
    });
    const last = server.requests[1]!;
    expect(last.method).toBe('GET');
    expect(last.body).toBe('');
    expect(last.headers['content-type']).toBeUndefined();
    expect(last.headers['content-length']).toBeUndefined();
  });

  it.each([307, 308])('resends method and body unchanged on %i', async (status) => {
    const server = await serve((req, res) =>
      req.url === '/a' ? redirect(res, status, '/b') : res.end(''),
    );
    const url = server.url;
    await withSession({}, function* (session) {
      yield* (yield* session.put(`${url}/a`, { json: { a: 1 } })).read();
    });
    expect(server.requests.map((r) => [r.method, r.url, r.body])).toEqual([
      ['PUT', '/a', '{"a":1}'],
      ['PUT', '/b', '{"a":1}'],
    ]);
  });

  it('refuses to resend a consumed stream on 307 instead of sending an empty body', async () => {
    const server = await serve((req, res) =>
      req.url === '/a' ? redirect(res, 307, '/b') : res.end(''),
    );
    const url = server.url;
    const error = await withSession({}, (session) =>
      failure(session.post(`${url}/a`, { data: Readable.from([Buffer.from('once')]) })),
    );
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ field: 'body' });
    expect(server.requests).toHaveLength(1);
  });

  it('raises TooManyRedirects past maxRedirects, with the history and first URL', async () => {
    const server = await serve((req, res) => {
      const n = Number(req.url!.slice(1));
      redirect(res, 302, `/${n + 1}`);
    });
    const url = server.url;
    const error = await withSession({ limit: 1 }, function* (session) {
      const caught = yield* failure(session.get(`${url}/0`, { maxRedirects: 2 }));
      // Every intermediate body was released: with limit 1 the next request still runs.
      const next = yield* session.get(`${url}/0`, { allowRedirects: false });
      expect(next.status).toBe(302);
      return caught;
    });
    expect(error).toBeInstanceOf(TooManyRedirects);
    const tooMany = error as TooManyRedirects;
    expect(tooMany.history).toHaveLength(2);
    expect(tooMany.requestInfo?.url.pathname).toBe('/0');
    expect(tooMany.code).toBe('ERR_TOO_MANY_REDIRECTS');
  });

  it('ends a redirect loop with TooManyRedirects', async () => {
    const server = await serve((req, res) => redirect(res, 302, req.url === '/a' ? '/b' : '/a'));
    const url = server.url;
    const error = await withSession({}, (session) => failure(session.get(`${url}/a`)));
    expect(error).toBeInstanceOf(TooManyRedirects);
    expect(server.requests).toHaveLength(10);
  });

  it.each(['file:///etc/passwd', 'data:text/plain,x', 'javascript:alert(1)', 'ftp://x/'])(
    'refuses a redirect to %s without connecting',
    async (location) => {
      const server = await serve((_req, res) => redirect(res, 302, location));
      const url = server.url;
      const error = await withSession({}, (session) => failure(session.get(url)));
      expect(error).toBeInstanceOf(NonHttpUrlRedirectError);
      expect(server.requests).toHaveLength(1);
    },
  );

  it.each(['http://[::1', 'http:///x'])('refuses a malformed Location %s', async (location) => {
    const server = await serve((_req, res) => redirect(res, 302, location));
    const url = server.url;
    const error = await withSession({}, (session) => failure(session.get(url)));
    expect(error).toBeInstanceOf(InvalidUrlRedirectError);
  });

  it('drops every credential header on a redirect to another origin (other port)', async () => {
    const target = await serve((_req, res) => res.end('target'));
    const origin = await serve((_req, res) => redirect(res, 302, `${target.url}/landing`));
    const jar = new ClientCookieJar({ unsafe: true });
    const url = origin.url;
    await withSession(
      {
        cookieJar: jar,
        headers: { Authorization: 'Bearer session', 'X-Api-Key': 'k' },
        redirectStripHeaders: ['X-Api-Key'],
      },
      function* (session) {
        const response = yield* session.get(url, {
          headers: [
            ['AUTHORIZATION', 'Bearer one'],
            ['authorization', 'Bearer two'],
            ['Cookie', 'a=1'],
            ['Proxy-Authorization', 'Basic x'],
          ],
        });
        yield* response.read();
      },
    );
    expect(origin.requests[0]!.headers.authorization).toBe('Bearer one');
    const landed = target.requests[0]!.headers;
    for (const name of SECRETS) expect(landed[name]).toBeUndefined();
  });

  it('drops basic auth from the auth option and the URL on a cross-origin redirect', async () => {
    const target = await serve((_req, res) => res.end('target'));
    const origin = await serve((_req, res) => redirect(res, 302, target.url));
    const port = origin.port;
    await withSession({}, function* (session) {
      yield* (yield* session.get(`http://u:p@127.0.0.1:${port}/`)).read();
      yield* (yield* session.get(`http://127.0.0.1:${port}/`, { auth: { login: 'a' } })).read();
    });
    expect(origin.requests.map((r) => r.headers.authorization !== undefined)).toEqual([true, true]);
    expect(target.requests.map((r) => r.headers.authorization)).toEqual([undefined, undefined]);
  });

  it('drops credentials when the host changes but the port does not', async () => {
    const server = await serve((req, res) => {
      if (req.headers.host!.startsWith('127.0.0.1')) {
        redirect(res, 302, `http://localhost:${(req.socket.localPort ?? 0).toString()}/x`);
      } else res.end('other host');
    });
    const url = server.url;
    await withSession({}, function* (session) {
      yield* (yield* session.get(url, { headers: { authorization: 'secret' } })).read();
    });
    expect(server.requests[1]!.headers.host).toMatch(/^localhost:/);
    expect(server.requests[1]!.headers.authorization).toBeUndefined();
  });

  it('keeps credentials on a same-origin redirect', async () => {
    const server = await serve((req, res) =>
      req.url === '/a' ? redirect(res, 302, '/b') : res.end(''),
    );
    const url = server.url;
    await withSession({}, function* (session) {
      const response = yield* session.get(`${url}/a`, {
        headers: { authorization: 'secret', 'x-api-key': 'k' },
      });
      yield* response.read();
    });
    expect(server.requests[1]!.headers.authorization).toBe('secret');
    expect(server.requests[1]!.headers['x-api-key']).toBe('k');
  });

  it('updates cookies on each hop', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/a') {
        res.writeHead(302, { location: '/b', 'set-cookie': 'hop=1; Path=/' });
        res.end();
      } else res.end(req.headers.cookie ?? '');
    });
    const url = server.url;
    const cookie = await withSession(
      { cookieJar: new ClientCookieJar({ unsafe: true }) },
      function* (session) {
        return yield* (yield* session.get(`${url}/a`)).text();
      },
    );
    expect(cookie).toBe('hop=1');
  });
});
