import { describe, expect, it } from 'vitest';
import { run, until, type Coroutine } from '@aio/core';
import { AppRunner, Application, Response, TCPSite, get, type Request } from '../src/index.js';

function* index(request: Request): Coroutine<Response> {
  const uri = request.matchInfo.uri ?? '';
  return new Response({ text: `location /${uri}`, contentType: 'text/html' });
}

function seedApp(): Application {
  const app = new Application();
  app.addRoutes([get('/', index), get('/{uri}', index)]);
  return app;
}

describe('seed echo server', () => {
  it('answers / with "location /" as text/html', async () => {
    const response = await run(seedApp().request('/'));
    expect(response.status).toBe(200);
    expect(response.text()).toBe('location /');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('echoes the path segment of /{uri}', async () => {
    const response = await run(seedApp().request('/hello'));
    expect(response.text()).toBe('location /hello');
  });

  it('serves the same answers over a socket', async () => {
    const text = await run(function* main() {
      const runner = new AppRunner(seedApp());
      yield* runner.setup();
      const site = new TCPSite(runner, '127.0.0.1', 0);
      yield* site.start();
      try {
        const response = yield* until(fetch(`http://127.0.0.1:${site.port}/abc`));
        expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
        return yield* until(response.text());
      } finally {
        yield* runner.cleanup();
      }
    });
    expect(text).toBe('location /abc');
  });
});
