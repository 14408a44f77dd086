import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { run, type Coroutine } from '@aio/core';
import {
  Application,
  HTTPBadRequest,
  HTTPRequestEntityTooLarge,
  Response,
  jsonResponse,
  makeMockedRequest,
  type FileField,
  type Request,
} from '../src/index.js';

function echo(fn: (request: Request) => unknown) {
  const app = new Application({ clientMaxSize: 1024 });
  app.router.addRoute('*', '/{tail:.*}', function* (request) {
    const result = fn(request);
    const value =
      result !== null &&
      typeof result === 'object' &&
      !Array.isArray(result) &&
      Symbol.iterator in result
        ? yield* result as Coroutine<unknown>
        : result;
    return jsonResponse(value);
  });
  return app;
}

describe('Request', () => {
  it('gives the percent-decoded path and the raw one', async () => {
    const app = echo((r) => [r.path, r.rawPath]);
    const response = await run(app.request('/a%20b/%2e%2e/c?x=1'));
    expect(response.json()).toEqual(['/a b/../c', '/a%20b/%2e%2e/c']);
  });

  it('splits the target into path and query, dropping a fragment', async () => {
    const app = echo((r) => [r.rawPath, r.queryString, r.pathQs]);
    const cases: Array<[string, string[]]> = [
      ['/a', ['/a', '', '/a']],
      ['/a?x=1', ['/a', 'x=1', '/a?x=1']],
      ['/a?', ['/a', '', '/a']],
      ['/a#frag', ['/a', '', '/a']],
      ['/a?x=1#frag', ['/a', 'x=1', '/a?x=1']],
      ['/a#frag?x=1', ['/a', '', '/a']],
    ];
    for (const [target, expected] of cases) {
      expect((await run(app.request(target))).json()).toEqual(expected);
    }
  });

  it('never parses the target as a URL', async () => {
    const app = echo((r) => r.path);
    expect((await run(app.request('//evil.com/x'))).json()).toBe('//evil.com/x');
    expect((await run(app.request('/a\\..\\b'))).json()).toBe('/a\\..\\b');
  });

  it('keeps every value of a repeated query key', async () => {
    const app = echo((r) => [r.query.get('a'), r.query.getAll('a'), r.query.get('b')]);
    expect((await run(app.request('/?a=1&a=2&b=x'))).json()).toEqual(['1', ['1', '2'], 'x']);
  });

  it('does not pollute prototypes from the query', async () => {
    const app = echo((r) => r.query.getAll('__proto__[x]'));
    const response = await run(app.request('/?__proto__[x]=1&constructor[prototype][y]=1'));
    expect(response.json()).toEqual(['1']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(({} as Record<string, unknown>).y).toBeUndefined();
  });

  it('reads headers case-insensitively, including __proto__ and constructor', async () => {
    const app = echo((r) => [
      r.headers.get('X-A'),
      r.headers.get('__proto__'),
      r.headers.get('constructor'),
    ]);
    const response = await run(
      app.request('/', {
        headers: [
          ['x-a', '1'],
          ['__proto__', 'p'],
          ['constructor', 'c'],
        ],
      }),
    );
    expect(response.json()).toEqual(['1', 'p', 'c']);
  });

  it('parses cookies, skipping malformed pairs', async () => {
    const app = echo((r) => ({ ...r.cookies }));
    const response = await run(app.request('/', { headers: { Cookie: 'a=1; bad; b="two"' } }));
    expect(response.json()).toEqual({ a: '1', b: 'two' });
  });

  it('reads the body as text', async () => {
    const app = echo((r) => r.text());
    expect((await run(app.request('/', { method: 'POST', body: 'héllo' }))).json()).toBe('héllo');
  });

  it('reads the body as JSON', async () => {
    const app = echo((r) => r.json());
    const response = await run(app.request('/', { method: 'POST', body: '{"a":[1]}' }));
    expect(response.json()).toEqual({ a: [1] });
  });

  it('answers malformed JSON with 400 without echoing it', async () => {
    const app = echo((r) => r.json());
    const response = await run(app.request('/', { method: 'POST', body: '{"a": <script>' }));
    expect(response.status).toBe(400);
    expect(response.text()).not.toContain('script');
  });

  it('refuses JSON prototype poisoning with 400', async () => {
    const app = echo((r) => r.json());
    for (const body of [
      '{"__proto__":{"isAdmin":true}}',
      '{"constructor":{"prototype":{"x":1}}}',
    ]) {
      const response = await run(app.request('/', { method: 'POST', body }));
      expect(response.status).toBe(400);
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('raises HTTPBadRequest from json() in a handler', async () => {
    const request = makeMockedRequest('POST', '/', { body: 'nope' });
    const error = await run(function* main() {
      try {
        yield* request.json();
        return undefined;
      } catch (e) {
        return e;
      }
    });
    expect(error).toBeInstanceOf(HTTPBadRequest);
  });

  it('answers 413 when Content-Length is over clientMaxSize', async () => {
    const app = echo((r) => r.read());
    const response = await run(app.request('/', { method: 'POST', body: 'x'.repeat(2000) }));
    expect(response.status).toBe(413);
    expect(response.headers.get('connection')).toBe('close');
  });

  it('raises HTTPRequestEntityTooLarge with the sizes', async () => {
    const app = new Application({ clientMaxSize: 10 });
    let caught: unknown;
    app.router.addPost('/', function* (request) {
      try {
        yield* request.read();
      } catch (error) {
        caught = error;
        throw error;
      }
      return new Response();
    });
    await run(app.request('/', { method: 'POST', body: 'x'.repeat(11) }));
    expect(caught).toBeInstanceOf(HTTPRequestEntityTooLarge);
    expect((caught as HTTPRequestEntityTooLarge).maxSize).toBe(10);
    expect((caught as HTTPRequestEntityTooLarge).code).toBe('ERR_HTTP_413');
  });

  it('parses urlencoded forms with repeated keys', async () => {
    const app = echo(function* (r) {
      const form = yield* r.post();
      return form.getAll('a');
    });
    const response = await run(
      app.request('/', {
        method: 'POST',
        body: 'a=1&a=2',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect(response.json()).toEqual(['1', '2']);
  });

  it('streams multipart file parts to temporary files', async () => {
    let saved = '';
    const app = new Application();
    app.router.addPost('/', function* (request) {
      const form = yield* request.post();
      const file = form.get('f') as FileField;
      saved = readFileSync(file.path, 'utf8');
      return jsonResponse({ name: form.get('name'), filename: file.filename, size: file.size });
    });
    const boundary = 'XyZ';
    const body = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="name"',
      '',
      'alice',
      `--${boundary}`,
      'Content-Disposition: form-data; name="f"; filename="a.txt"',
      'Content-Type: text/plain',
      '',
      'file contents',
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const response = await run(
      app.request('/', {
        method: 'POST',
        body,
        headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      }),
    );
    expect(response.json()).toEqual({ name: 'alice', filename: 'a.txt', size: 13 });
    expect(saved).toBe('file contents');
  });

  it('answers a multipart body without its closing delimiter with 400', async () => {
    const app = echo(function* (r) {
      return [...(yield* r.post()).keys()];
    });
    const response = await run(
      app.request('/', {
        method: 'POST',
        body: '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nxx',
        headers: { 'Content-Type': 'multipart/form-data; boundary=b' },
      }),
    );
    expect(response.status).toBe(400);
  });

  it('answers a multipart content type without boundary with 400', async () => {
    const app = echo(function* (r) {
      return [...(yield* r.post()).keys()];
    });
    const response = await run(
      app.request('/', {
        method: 'POST',
        body: 'x',
        headers: { 'Content-Type': 'multipart/form-data' },
      }),
    );
    expect(response.status).toBe(400);
  });

  it('normalises the content type for parsers', async () => {
    const app = echo((r) => r.contentType);
    const response = await run(
      app.request('/', { headers: { 'Content-Type': 'Application/JSON ; charset=utf-8' } }),
    );
    expect(response.json()).toBe('application/json');
  });

  it('reads the body chunk by chunk through content', async () => {
    const app = echo(function* (r) {
      const chunks: string[] = [];
      for (;;) {
        const chunk = yield* r.content.readChunk();
        if (chunk === null) break;
        chunks.push(chunk.toString());
      }
      return chunks;
    });
    const response = await run(app.request('/', { method: 'POST', body: 'abc' }));
    expect(response.json()).toEqual(['abc']);
  });

  it('lets async handlers await body methods', async () => {
    const app = new Application();
    app.router.addPost('/', async (request) => jsonResponse(await request.json()));
    const response = await run(app.request('/', { method: 'POST', body: '[1,2]' }));
    expect(response.json()).toEqual([1, 2]);
  });

  it('always has an AbortSignal', async () => {
    const app = echo((r) => r.signal.aborted);
    expect((await run(app.request('/'))).json()).toBe(false);
  });
});
