import { describe, expect, it } from 'vitest';
import { run, type Coroutine } from '@aio/core';
import {
  Application,
  HTTPFound,
  Response,
  normalizePathMiddleware,
  type Middleware,
  type NextHandler,
  type Request,
  type StreamResponse,
} from '../src/index.js';

function tagging(log: string[], name: string): Middleware {
  return function* (request: Request, handler: NextHandler): Coroutine<StreamResponse> {
    log.push(`${name} in`);
    const response = yield* handler(request);
    log.push(`${name} out`);
    return response;
  };
}

describe('Application middlewares', () => {
  it('runs the first middleware outermost, as aiohttp does', async () => {
    const log: string[] = [];
    const app = new Application({ middlewares: [tagging(log, 'a'), tagging(log, 'b')] });
    app.router.addGet('/', () => {
      log.push('handler');
      return new Response();
    });
    await run(app.request('/'));
    expect(log).toEqual(['a in', 'b in', 'handler', 'b out', 'a out']);
  });

  it("runs a sub-application's middlewares inside the parent's", async () => {
    const log: string[] = [];
    const app = new Application({ middlewares: [tagging(log, 'root')] });
    const sub = new Application({ middlewares: [tagging(log, 'sub')] });
    sub.router.addGet('/x', () => new Response());
    app.addSubapp('/s', sub);
    await run(app.request('/s/x'));
    expect(log).toEqual(['root in', 'sub in', 'sub out', 'root out']);
  });

  it('accepts async middlewares', async () => {
    const app = new Application({
      middlewares: [
        async (request, handler) => {
          const response = await handler(request);
          response.headers.set('X-Async', '1');
          return response;
        },
      ],
    });
    app.router.addGet('/', () => new Response());
    expect((await run(app.request('/'))).headers.get('x-async')).toBe('1');
  });

  it('turns an HTTPException raised in a middleware into its response', async () => {
    const app = new Application({
      middlewares: [
        () => {
          throw new HTTPFound('/login');
        },
      ],
    });
    app.router.addGet('/', () => new Response());
    expect((await run(app.request('/'))).status).toBe(302);
  });

  it('answers 500 when a middleware returns something that is not a response', async () => {
    const app = new Application({ middlewares: [() => 'oops' as never] });
    app.router.addGet('/', () => new Response());
    expect((await run(app.request('/'))).status).toBe(500);
  });

  it('refuses a second call of the handler', async () => {
    const app = new Application({
      middlewares: [
        function* (request: Request, handler: NextHandler) {
          yield* handler(request);
          return yield* handler(request);
        },
      ],
    });
    app.router.addGet('/', () => new Response());
    expect((await run(app.request('/'))).status).toBe(500);
  });

  it('runs around 404s and 405s too', async () => {
    const log: string[] = [];
    const app = new Application({ middlewares: [tagging(log, 'm')] });
    app.router.addGet('/', () => new Response());
    expect((await run(app.request('/nope'))).status).toBe(404);
    expect(log).toEqual(['m in']);
  });
});

describe('normalizePathMiddleware', () => {
  it('redirects to the path with a trailing slash when that one exists', async () => {
    const app = new Application({ middlewares: [normalizePathMiddleware()] });
    app.router.addGet('/a/', () => new Response());
    const response = await run(app.request('/a?x=1'));
    expect(response.status).toBe(308);
    expect(response.headers.get('location')).toBe('/a/?x=1');
  });

  it('merges repeated slashes without ever emitting a protocol-relative Location', async () => {
    const app = new Application({ middlewares: [normalizePathMiddleware()] });
    app.router.addGet('/evil.com/', () => new Response());
    const response = await run(app.request('//evil.com'));
    expect(response.status).toBe(308);
    expect(response.headers.get('location')).toBe('/evil.com/');
  });

  it('leaves a 404 alone when no variant resolves', async () => {
    const app = new Application({ middlewares: [normalizePathMiddleware()] });
    app.router.addGet('/a/', () => new Response());
    expect((await run(app.request('/b'))).status).toBe(404);
  });
});
