import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientSession, InvalidRequestError, InvalidURL } from '../src/index.js';
import { hello, startServer, type TestServer } from './helpers/server.js';
import { failure, withSession } from './helpers/session.js';

let server: TestServer;
let url: string;

beforeEach(async () => {
  server = await startServer(hello);
  url = server.url;
});

afterEach(async () => {
  await server.close();
});

const CONTROLS = ['\r\n', '\n', '\r', '\0', '\x01', '\x1f', '\x7f'];

describe('ClientSession bad input', () => {
  it.each(CONTROLS.map((c) => [JSON.stringify(c), c]))(
    'refuses %s in a header value before sending anything',
    async (_label, control) => {
      const error = await withSession({}, (session) =>
        failure(session.get(url, { headers: { 'x-a': `a${control}X-Injected: 1` } })),
      );
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error).toMatchObject({ field: 'header', code: 'ERR_INVALID_REQUEST' });
      expect(server.connections()).toBe(0);
    },
  );

  it.each(['x-a\r\nx-b', 'x a', 'x:a', '', 'é'])('refuses the header name %j', async (name) => {
    const error = await withSession({}, (session) =>
      failure(session.get(url, { headers: [[name, 'v']] })),
    );
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(server.connections()).toBe(0);
  });

  it('checks the string a value object gives once, not a later one', async () => {
    let calls = 0;
    const sneaky = {
      toString: () => (calls++ === 0 ? 'ok\r\nX-Evil: 1' : 'ok'),
    };
    const error = await withSession({}, (session) =>
      failure(session.get(url, { headers: { 'x-a': sneaky as unknown as string } })),
    );
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(server.connections()).toBe(0);
  });

  it('refuses a CRLF in the Host override', async () => {
    const error = await withSession({}, (session) =>
      failure(session.get(url, { headers: { host: 'a\r\nb' } })),
    );
    expect(error).toBeInstanceOf(InvalidRequestError);
  });

  it.each(['GET /x HTTP/1.1\r\n', 'G ET', 'FOO', 'CONNECT', ''])(
    'refuses the method %j',
    async (method) => {
      const error = await withSession({}, (session) => failure(session.request(method, url)));
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error).toMatchObject({ field: 'method' });
      expect(server.connections()).toBe(0);
    },
  );

  it('accepts a lowercase known method', async () => {
    const status = await withSession({}, function* (session) {
      return (yield* session.request('get', url)).status;
    });
    expect(status).toBe(200);
  });

  it.each(['/x\r\nX-Injected: 1', '/x\ny', '/x\0', '/x\ty'])(
    'refuses control characters in the path %j',
    async (path) => {
      const error = await withSession({}, (session) => failure(session.get(`${url}${path}`)));
      expect(error).toBeInstanceOf(InvalidURL);
      expect(server.connections()).toBe(0);
    },
  );

  it.each(['not a url', 'ftp://127.0.0.1/', 'file:///etc/passwd', 'http://'])(
    'refuses the URL %j with InvalidURL',
    async (bad) => {
      const error = await withSession({}, (session) => failure(session.get(bad)));
      expect(error).toBeInstanceOf(InvalidURL);
      expect(error).toMatchObject({ url: bad, code: 'ERR_INVALID_URL' });
    },
  );

  it.each(['//evil.example/x', 'http://evil.example/x'])(
    'does not let %j leave baseUrl',
    async (path) => {
      const error = await withSession({ baseUrl: `${url}/api/` }, (session) =>
        failure(session.get(path)),
      );
      expect(error).toBeInstanceOf(InvalidURL);
    },
  );

  it('refuses data and json together', async () => {
    const error = await withSession({}, (session) =>
      failure(session.post(url, { data: 'a', json: { b: 1 } })),
    );
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ field: 'body' });
    expect(server.connections()).toBe(0);
  });

  it('refuses credentials both in the URL and in auth', async () => {
    const error = await withSession({}, (session) =>
      failure(session.get(url.replace('http://', 'http://u:p@'), { auth: { login: 'x' } })),
    );
    expect(error).toBeInstanceOf(InvalidRequestError);
  });

  it('refuses a login with a colon', async () => {
    const error = await withSession({}, (session) =>
      failure(session.get(url, { auth: { login: 'a:b' } })),
    );
    expect(error).toMatchObject({ field: 'auth' });
  });

  it('refuses a Blob whose type holds CRLF', async () => {
    const blob = new Blob(['x'], { type: 'text/plain' });
    Object.defineProperty(blob, 'type', { value: 'text/plain\r\nX-Evil: 1' });
    const error = await withSession({}, (session) => failure(session.post(url, { data: blob })));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(server.connections()).toBe(0);
  });

  it('refuses a Content-Length that does not match the body', async () => {
    const error = await withSession({}, (session) =>
      failure(session.post(url, { data: 'x'.repeat(1000), headers: { 'content-length': '500' } })),
    );
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses bad session options with RangeError', () => {
    expect(() => new ClientSession({ limit: -1 })).toThrow(RangeError);
    expect(() => new ClientSession({ timeout: { total: Number.NaN } })).toThrow(RangeError);
  });
});
