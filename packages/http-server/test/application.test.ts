import { describe, expect, it } from 'vitest';
import { ExceptionGroup, createTask, getRunningLoop, run, sleep, type Coroutine } from '@aio/core';
import { AppKey, Application, Response, get, type Request } from '../src/index.js';

describe('Application', () => {
  it('accepts coroutine, async and plain handlers', async () => {
    const app = new Application();
    app.addRoutes([
      get('/gen', function* () {
        yield* sleep(1);
        return new Response({ text: 'gen' });
      }),
      get('/async', async () => {
        await Promise.resolve();
        return new Response({ text: 'async' });
      }),
      get('/plain', () => new Response({ text: 'plain' })),
    ]);
    const texts = await run(function* main() {
      const out: string[] = [];
      for (const path of ['/gen', '/async', '/plain']) out.push((yield* app.request(path)).text());
      return out;
    });
    expect(texts).toEqual(['gen', 'async', 'plain']);
  });

  it('answers a thrown non-HTTP error with 500 and no stack trace', async () => {
    const app = new Application({ debug: false });
    app.router.addGet('/', () => {
      throw new Error('secret detail');
    });
    const response = await run(app.request('/'));
    expect(response.status).toBe(500);
    expect(response.text()).toBe('500 Internal Server Error\n\nServer got itself in trouble');
  });

  it('answers thrown strings and undefined with 500', async () => {
    const app = new Application({ debug: false });
    app.router.addGet('/s', () => {
      throw 'oops';
    });
    app.router.addGet('/u', () => {
      throw undefined;
    });
    expect((await run(app.request('/s'))).status).toBe(500);
    expect((await run(app.request('/u'))).status).toBe(500);
  });

  it('includes the stack trace in debug mode', async () => {
    const app = new Application({ debug: true });
    app.router.addGet('/', () => {
      throw new Error('visible detail');
    });
    expect((await run(app.request('/'))).text()).toContain('visible detail');
  });

  it('answers 500 when a handler returns something that is not a response', async () => {
    const app = new Application();
    app.router.addGet('/', () => 'text' as never);
    expect((await run(app.request('/'))).status).toBe(500);
    // The same through each way a handler can be awaited: coroutine, promise, task.
    app.router.addGet('/gen', function* () {
      yield* sleep(1);
      return 'text' as never;
    });
    app.router.addGet('/async', () => Promise.resolve('text' as never));
    app.router.addGet('/task', () => createTask(sleep(1, 'text')) as never);
    for (const path of ['/gen', '/async', '/task']) {
      expect((await run(app.request(path))).status).toBe(500);
    }
  });

  it('awaits a handler that returns a task or a future', async () => {
    const app = new Application();
    app.router.addGet('/task', () =>
      createTask(function* () {
        yield* sleep(1);
        return new Response({ text: 'from a task' });
      }),
    );
    app.router.addGet('/future', () => {
      const future = getRunningLoop().createFuture<Response>();
      getRunningLoop().callSoon(() => future.setResult(new Response({ text: 'from a future' })));
      return future;
    });
    const texts = await run(function* main() {
      return [(yield* app.request('/task')).text(), (yield* app.request('/future')).text()];
    });
    expect(texts).toEqual(['from a task', 'from a future']);
  });

  it('stores typed values under AppKeys, visible from sub-applications', () => {
    const key = new AppKey<{ url: string }>('db');
    const app = new Application();
    const sub = new Application();
    app.addSubapp('/sub', sub);
    app.set(key, { url: 'x' });
    expect(sub.get(key).url).toBe('x');
    expect(() => app.get(new AppKey<number>('missing'))).toThrow(RangeError);
  });

  it('keeps typed state', () => {
    const app = new Application({ state: { counter: 0 } });
    app.state.counter++;
    expect(app.state.counter).toBe(1);
  });

  it('runs cleanup contexts, startup and cleanup hooks in aiohttp order', async () => {
    const log: string[] = [];
    const app = new Application();
    app.cleanupCtx.push(function* ctx(): Generator<unknown, void, unknown> {
      log.push('ctx setup');
      yield* sleep(1);
      yield;
      yield* sleep(1);
      log.push('ctx cleanup');
    });
    app.onStartup.push(() => void log.push('startup'));
    app.onShutdown.push(() => Promise.resolve().then(() => void log.push('shutdown')));
    app.onCleanup.push(function* (): Coroutine<void> {
      log.push('cleanup');
    });
    await run(function* main() {
      yield* app.startup();
      yield* app.shutdown();
      yield* app.cleanup();
    });
    expect(log).toEqual(['ctx setup', 'startup', 'shutdown', 'ctx cleanup', 'cleanup']);
  });

  it('runs every cleanup step even when one fails', async () => {
    const log: string[] = [];
    const app = new Application();
    app.onCleanup.push(() => {
      throw new Error('first');
    });
    app.onCleanup.push(() => void log.push('second'));
    const error = await run(function* main() {
      yield* app.startup();
      try {
        yield* app.cleanup();
        return undefined;
      } catch (e) {
        return e;
      }
    });
    expect(error).toBeInstanceOf(ExceptionGroup);
    expect(log).toEqual(['second']);
  });

  it("runs a sub-application's hooks with the parent's", async () => {
    const log: string[] = [];
    const app = new Application();
    const sub = new Application();
    sub.onStartup.push(() => void log.push('sub startup'));
    app.addSubapp('/sub', sub);
    await run(app.startup());
    expect(log).toEqual(['sub startup']);
  });

  it('runs onResponsePrepare hooks before headers are sent', async () => {
    const app = new Application();
    app.onResponsePrepare.push((_request: Request, response) => {
      response.headers.set('X-Prepared', '1');
    });
    app.router.addGet('/', () => new Response());
    expect((await run(app.request('/'))).headers.get('x-prepared')).toBe('1');
  });

  it('refuses a non-positive clientMaxSize', () => {
    expect(() => new Application({ clientMaxSize: 0 })).toThrow(RangeError);
  });
});
