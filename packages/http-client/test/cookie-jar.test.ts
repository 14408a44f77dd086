import { afterEach, describe, expect, it } from 'vitest';
import { ClientCookieJar, type ClientSession } from '../src/index.js';
import { startServer, type TestServer } from './helpers/server.js';
import { withSession } from './helpers/session.js';

const u = (href: string): URL => new URL(href);

describe('ClientCookieJar', () => {
  it('ignores a Domain the host may not set', () => {
    const jar = new ClientCookieJar();
    jar.updateCookies(['a=1; Domain=bank.com'], u('http://evil.com/'));
    expect(jar.cookieHeader(u('http://bank.com/'))).toBe('');
    expect(jar.cookieHeader(u('http://evil.com/'))).toBe('');
  });

  it('does not send a host-only cookie to a subdomain', () => {
    const jar = new ClientCookieJar();
    jar.updateCookies(['a=1'], u('http://example.com/'));
    expect(jar.cookieHeader(u('http://example.com/'))).toBe('a=1');
    expect(jar.cookieHeader(u('http://www.example.com/'))).toBe('');
  });

  it('sends a Domain cookie to subdomains', () => {
    const jar = new ClientCookieJar();
    jar.updateCookies(['a=1; Domain=.example.com'], u('http://example.com/'));
    expect(jar.cookieHeader(u('http://www.example.com/'))).toBe('a=1');
  });

  it('neither stores nor sends cookies for IP hosts unless unsafe', () => {
    const safe = new ClientCookieJar();
    safe.updateCookies(['a=1'], u('http://127.0.0.1/'));
    expect(safe.cookieHeader(u('http://127.0.0.1/'))).toBe('');
    const unsafe = new ClientCookieJar({ unsafe: true });
    unsafe.updateCookies(['a=1'], u('http://127.0.0.1/'));
    expect(unsafe.cookieHeader(u('http://127.0.0.1/'))).toBe('a=1');
  });

  it('does not send Secure cookies over http', () => {
    const jar = new ClientCookieJar();
    jar.updateCookies(['s=1; Secure'], u('https://example.com/'));
    expect(jar.cookieHeader(u('https://example.com/'))).toBe('s=1');
    expect(jar.cookieHeader(u('http://example.com/'))).toBe('');
  });

  it('scopes cookies by Path', () => {
    const jar = new ClientCookieJar();
    jar.updateCookies(['p=1; Path=/admin'], u('http://example.com/admin/x'));
    expect(jar.cookieHeader(u('http://example.com/admin/y'))).toBe('p=1');
    expect(jar.cookieHeader(u('http://example.com/public'))).toBe('');
  });

  it('deletes a cookie on Max-Age=0 or a past Expires', () => {
    const jar = new ClientCookieJar();
    jar.updateCookies(['a=1', 'b=2'], u('http://example.com/'));
    jar.updateCookies(
      ['a=1; Max-Age=0', 'b=2; Expires=Thu, 01 Jan 1970 00:00:00 GMT'],
      u('http://example.com/'),
    );
    expect(jar.cookieHeader(u('http://example.com/'))).toBe('');
  });

  it('survives Max-Age=1e400 and malformed cookies without dropping the others', () => {
    const jar = new ClientCookieJar();
    jar.updateCookies(
      ['big=1; Max-Age=1e400', 'bad="un\u0001quoted', 'good=1'],
      u('http://example.com/'),
    );
    expect(jar.cookieHeader(u('http://example.com/'))).toContain('good=1');
  });

  it('stores 10,000 Set-Cookie lines in bounded time', () => {
    const jar = new ClientCookieJar();
    const lines = Array.from({ length: 10_000 }, (_, i) => `c${i}=${i}`);
    const started = Date.now();
    jar.updateCookies(lines, u('http://example.com/'));
    expect(jar.cookieHeader(u('http://example.com/')).split('; ')).toHaveLength(10_000);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('forgets everything on clear()', () => {
    const jar = new ClientCookieJar();
    jar.updateCookies(['a=1'], u('http://example.com/'));
    jar.clear();
    expect(jar.cookieHeader(u('http://example.com/'))).toBe('');
  });
});

describe('ClientSession cookies', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function cookieServer(): Promise<string> {
    server = await startServer((req, res) => {
      res.writeHead(200, { 'set-cookie': ['sid=abc; Path=/', 'theme=dark'] });
      res.end(req.headers.cookie ?? '');
    });
    return server.url;
  }

  function* twice(session: ClientSession, url: string) {
    yield* (yield* session.get(url)).read();
    return yield* (yield* session.get(url)).text();
  }

  it('sends back cookies a response set (unsafe jar on an IP host)', async () => {
    const url = await cookieServer();
    const sent = await withSession({ cookieJar: new ClientCookieJar({ unsafe: true }) }, (s) =>
      twice(s, url),
    );
    expect(sent).toBe('sid=abc; theme=dark');
  });

  it('keeps no cookies for an IP host with the default jar', async () => {
    const url = await cookieServer();
    const sent = await withSession({}, (s) => twice(s, url));
    expect(sent).toBe('');
  });

  it('stores cookies for a named host with the default jar', async () => {
    const url = (await cookieServer()).replace('127.0.0.1', 'localhost');
    const sent = await withSession({}, (s) => twice(s, url));
    expect(sent).toBe('sid=abc; theme=dark');
  });

  it('sends no cookies when the jar is disabled', async () => {
    const url = (await cookieServer()).replace('127.0.0.1', 'localhost');
    const sent = await withSession({ cookieJar: false }, (s) => twice(s, url));
    expect(sent).toBe('');
  });
});
