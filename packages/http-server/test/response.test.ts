import { describe, expect, it } from 'vitest';
import { run, sleep } from '@aio/core';
import {
  Application,
  HTTPFound,
  InvalidHeaderError,
  Response,
  StreamResponse,
  jsonResponse,
  type Request,
} from '../src/index.js';

function serve(handler: (request: Request) => unknown, target = '/', method = 'GET') {
  const app = new Application({ debug: false });
  app.router.addRoute('*', '/{tail:.*}', handler as never);
  return run(app.request(target, { method }));
}

describe('Response', () => {
  it('sends text as text/plain; charset=utf-8 with Content-Length', async () => {
    const response = await serve(() => new Response({ text: 'héllo' }));
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('content-length')).toBe('6');
    expect(response.text()).toBe('héllo');
  });

  it('sends bytes as application/octet-stream', async () => {
    const response = await serve(() => new Response({ body: new Uint8Array([1, 2]) }));
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect([...response.body]).toEqual([1, 2]);
  });

  it('sends status and reason', async () => {
    const response = await serve(() => new Response({ status: 418, reason: 'Teapot' }));
    expect(response.status).toBe(418);
    expect(response.reason).toBe('Teapot');
  });

  it('sends no body headers for 204', async () => {
    const response = await serve(() => new Response({ status: 204 }));
    expect(response.headers.has('content-type')).toBe(false);
    expect(response.headers.has('content-length')).toBe(false);
  });

  it('refuses both text and body', () => {
    expect(() => new Response({ text: 'a', body: 'b' })).toThrow(TypeError);
  });

  it('refuses header values with CR or LF where they are set', () => {
    const response = new Response();
    expect(() => response.headers.set('X-A', 'a\r\nSet-Cookie: evil=1')).toThrow(
      InvalidHeaderError,
    );
    expect(() => response.headers.set('X-A', 'a\u0100')).toThrow(InvalidHeaderError);
    expect(() => response.headers.set('Bad Name', 'a')).toThrow(InvalidHeaderError);
  });

  it('answers 500 when a handler sets a header with CR/LF, never a split response', async () => {
    const response = await serve(() => {
      const r = new Response({ text: 'x' });
      r.headers.set('Location', '/a\r\nX-Injected: 1');
      return r;
    });
    expect(response.status).toBe(500);
    expect(response.headers.has('x-injected')).toBe(false);
  });

  it('refuses a reason phrase with a newline', () => {
    expect(() => new Response({ reason: 'OK\r\nX: 1' })).toThrow(InvalidHeaderError);
  });

  it('sets and deletes cookies', async () => {
    const response = await serve(() => {
      const r = new Response();
      r.setCookie('a', 'x y', { httpOnly: true, maxAge: 10 });
      r.delCookie('b');
      return r;
    });
    expect(response.headers.getAll('set-cookie')).toEqual([
      'a="x y"; HttpOnly; Max-Age=10; Path=/',
      'b=""; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/'.replace('b=""', 'b='),
    ]);
  });

  it('refuses cookie values with control characters', () => {
    expect(() => new Response().setCookie('a', 'x\r\ny')).toThrow(InvalidHeaderError);
  });
});

describe('jsonResponse', () => {
  it('serialises data as application/json', async () => {
    const response = await serve(() => jsonResponse({ a: 1 }, { status: 201 }));
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.json()).toEqual({ a: 1 });
  });
});

describe('StreamResponse', () => {
  it('writes chunks after prepare', async () => {
    const response = await serve(function* (request: Request) {
      const r = new StreamResponse({ headers: { 'Content-Type': 'text/event-stream' } });
      yield* r.prepare(request);
      for (let i = 0; i < 3; i++) {
        yield* r.write(`data: ${i}\n\n`);
        yield* sleep(1);
      }
      yield* r.writeEof();
      return r;
    });
    expect(response.text()).toBe('data: 0\n\ndata: 1\n\ndata: 2\n\n');
    expect(response.destroyed).toBe(false);
  });

  it('aborts the connection when the handler fails after prepare', async () => {
    const response = await serve(function* (request: Request) {
      const r = new StreamResponse();
      yield* r.prepare(request);
      yield* r.write('partial');
      throw new Error('boom');
    });
    expect(response.status).toBe(200);
    expect(response.destroyed).toBe(true);
  });

  it('refuses write before prepare', async () => {
    const response = await serve(function* () {
      const r = new StreamResponse();
      yield* r.write('x');
      return r;
    });
    expect(response.status).toBe(500);
  });
});

describe('HTTPFound', () => {
  it('renders a redirect with Location', async () => {
    const response = await serve(() => {
      throw new HTTPFound('/login');
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/login');
  });

  it('refuses a location with CR/LF', () => {
    expect(() => new HTTPFound('/a\r\nX: 1')).toThrow(TypeError);
  });
});
