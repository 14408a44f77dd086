import { describe, expect, it } from 'vitest';
import { run } from '@aio/core';
import {
  Application,
  HTTPNotFound,
  Response,
  RouteDefinitionError,
  RouteTableDef,
  View,
  get,
  jsonResponse,
  post,
  route,
  view,
  type Request,
} from '../src/index.js';

const ok = (text: string) => () => new Response({ text });

function request(app: Application, target: string, method = 'GET') {
  return run(app.request(target, { method }));
}

describe('Router', () => {
  it('matches {name} within one segment', async () => {
    const app = new Application();
    app.router.addGet('/users/{id}', (r) => new Response({ text: r.matchInfo.id }));
    expect((await request(app, '/users/42')).text()).toBe('42');
    expect((await request(app, '/users/42/x')).status).toBe(404);
  });

  it('matches {name:regex} parameters', async () => {
    const app = new Application();
    app.router.addGet('/n/{id:\\d{1,3}}', (r) => new Response({ text: r.matchInfo.id }));
    expect((await request(app, '/n/123')).text()).toBe('123');
    expect((await request(app, '/n/1234')).status).toBe(404);
    expect((await request(app, '/n/abc')).status).toBe(404);
  });

  it('matches the {tail:.*} catch-all across segments', async () => {
    const app = new Application();
    app.router.addGet('/files/{tail:.*}', (r) => new Response({ text: r.matchInfo.tail }));
    expect((await request(app, '/files/a/b/c.txt')).text()).toBe('a/b/c.txt');
    expect((await request(app, '/files/')).text()).toBe('');
  });

  it('percent-decodes parameters and keeps %2F inside one segment', async () => {
    const app = new Application();
    app.router.addGet('/p/{name}', (r) => new Response({ text: r.matchInfo.name }));
    expect((await request(app, '/p/a%20b%2Fc')).text()).toBe('a b/c');
  });

  it('leaves an undecodable escape as it is', async () => {
    const app = new Application();
    app.router.addGet('/p/{name}', (r) => new Response({ text: r.matchInfo.name }));
    const response = await request(app, '/p/%E0%A4%A');
    expect(response.status).toBe(200);
    expect(response.text()).toBe('%E0%A4%A');
  });

  it('answers 404 when nothing matches', async () => {
    const app = new Application();
    app.router.addGet('/a', ok('a'));
    const response = await request(app, '/b');
    expect(response.status).toBe(404);
    expect(response.text()).toBe('404: Not Found');
  });

  it('answers 405 with Allow listing the methods of the path', async () => {
    const app = new Application();
    app.router.addGet('/a', ok('a'));
    app.router.addPost('/a', ok('a'));
    const response = await request(app, '/a', 'PUT');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET,HEAD,POST');
  });

  it('answers an unknown method token with 405, not 500', async () => {
    const app = new Application();
    app.router.addGet('/a', ok('a'));
    expect((await request(app, '/a', 'QUERY')).status).toBe(405);
  });

  it('matches methods case-sensitively', async () => {
    const app = new Application();
    app.router.addGet('/a', ok('a'));
    expect((await request(app, '/a', 'get')).status).toBe(405);
  });

  it('serves HEAD through the GET route with headers and no body', async () => {
    const app = new Application();
    app.router.addGet('/a', ok('hello'));
    const response = await request(app, '/a', 'HEAD');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('5');
    expect(response.body.length).toBe(0);
  });

  it('does not answer HEAD when allowHead is false', async () => {
    const app = new Application();
    app.router.addGet('/a', ok('hello'), { allowHead: false });
    expect((await request(app, '/a', 'HEAD')).status).toBe(405);
  });

  it('treats /a and /a/ as different paths, as aiohttp does', async () => {
    const app = new Application();
    app.router.addGet('/a', ok('a'));
    expect((await request(app, '/a/')).status).toBe(404);
  });

  it('tries resources sharing a prefix in registration order', async () => {
    const app = new Application();
    app.router.addGet('/x/{name}', ok('dynamic'));
    app.router.addGet('/x/fixed', ok('fixed'));
    expect((await request(app, '/x/fixed')).text()).toBe('fixed');
    const other = new Application();
    other.router.addGet('/{name}', ok('dynamic'));
    other.router.addGet('/fixed', ok('fixed'));
    expect((await request(other, '/other')).text()).toBe('dynamic');
  });

  it('builds URLs for named routes', () => {
    const app = new Application();
    app.router.addGet('/users/{id}/{tail:.*}', ok('x'), { name: 'user' });
    expect(app.router.urlFor('user', { id: 'a b', tail: 'x/y' }, { q: '1' })).toBe(
      '/users/a%20b/x/y?q=1',
    );
  });

  it('refuses urlFor with a missing parameter', () => {
    const app = new Application();
    app.router.addGet('/users/{id}', ok('x'), { name: 'user' });
    expect(() => app.router.urlFor('user')).toThrow(RouteDefinitionError);
  });

  it('refuses duplicate route names', () => {
    const app = new Application();
    app.router.addGet('/a', ok('x'), { name: 'n' });
    expect(() => app.router.addGet('/b', ok('x'), { name: 'n' })).toThrow(RouteDefinitionError);
  });

  it('refuses a pattern without a leading slash or with stray braces', () => {
    const app = new Application();
    expect(() => app.router.addGet('a', ok('x'))).toThrow(RouteDefinitionError);
    expect(() => app.router.addGet('/a}', ok('x'))).toThrow(RouteDefinitionError);
  });

  it('refuses routes once the application is running', async () => {
    const app = new Application();
    await run(app.startup());
    expect(() => app.router.addGet('/late', ok('x'))).toThrow(RouteDefinitionError);
  });

  it('answers any method on a route("*") route', async () => {
    const app = new Application();
    app.addRoutes([route('*', '/any', (r: Request) => new Response({ text: r.method }))]);
    expect((await request(app, '/any', 'DELETE')).text()).toBe('DELETE');
  });
});

describe('Application.addSubapp', () => {
  it('serves the sub-application under its prefix', async () => {
    const app = new Application();
    const admin = new Application();
    admin.router.addGet('/users/{id}', (r) => new Response({ text: `admin ${r.matchInfo.id}` }), {
      name: 'u',
    });
    app.addSubapp('/admin', admin);
    expect((await request(app, '/admin/users/7')).text()).toBe('admin 7');
    expect(admin.router.urlFor('u', { id: '7' })).toBe('/admin/users/7');
  });

  it('gives the sub-application as request.app', async () => {
    const app = new Application();
    const sub = new Application();
    sub.router.addGet('/', (r) => new Response({ text: String(r.app === sub) }));
    app.addSubapp('/sub', sub);
    expect((await request(app, '/sub/')).text()).toBe('true');
  });

  it('answers 404 for an unknown path under the prefix', async () => {
    const app = new Application();
    app.addSubapp('/sub', new Application());
    expect((await request(app, '/sub/nothing')).status).toBe(404);
  });
});

describe('RouteTableDef', () => {
  it('collects routes for addRoutes', async () => {
    const routes = new RouteTableDef();
    routes.get('/items/{id}', (r) => jsonResponse({ id: r.matchInfo.id }));
    routes.post('/items', () => new Response({ status: 201 }));
    const app = new Application();
    app.addRoutes(routes);
    expect((await request(app, '/items/3')).json()).toEqual({ id: '3' });
    expect((await request(app, '/items', 'POST')).status).toBe(201);
  });
});

describe('View', () => {
  class ItemView extends View {
    *get() {
      return new Response({ text: `get ${this.request.matchInfo.id}` });
    }
    post() {
      return new Response({ text: 'post' });
    }
  }

  it('dispatches on the method', async () => {
    const app = new Application();
    app.addRoutes([view('/items/{id}', ItemView)]);
    expect((await request(app, '/items/1')).text()).toBe('get 1');
    expect((await request(app, '/items/1', 'POST')).text()).toBe('post');
  });

  it('answers 405 with Allow for a method it lacks', async () => {
    const app = new Application();
    app.addRoutes([view('/items/{id}', ItemView)]);
    const response = await request(app, '/items/1', 'DELETE');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET,POST');
  });
});

describe('route definitions', () => {
  it('register post routes', async () => {
    const app = new Application();
    app.addRoutes([post('/p', ok('posted')), get('/g', ok('got'))]);
    expect((await request(app, '/p', 'POST')).text()).toBe('posted');
  });

  it('let handlers raise HTTPNotFound', async () => {
    const app = new Application();
    app.addRoutes([
      get('/x', () => {
        throw new HTTPNotFound();
      }),
    ]);
    expect((await request(app, '/x')).status).toBe(404);
  });
});
