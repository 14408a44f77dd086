/**
 * Route definitions for `app.addRoutes([...])`: `get('/', index)`, `post(…)`, `route(…)`,
 * `view(…)`, `staticRoute(…)`, and `RouteTableDef` (aiohttp's `web.RouteTableDef`).
 */
import type { ParamsOf } from './route-params.js';
import type { Handler, Router, RouteOptions } from './router.js';
import type { StaticOptions } from './static-route.js';
import { viewHandler, type ViewClass } from './view.js';

/** A route definition, registered later by `app.addRoutes`. */
export interface RouteDef {
  /** The method (`*` for any), or `static`. */
  readonly method: string;
  /** The path pattern or static prefix. */
  readonly path: string;
  /** Registers the definition on `router`. */
  register(router: Router): void;
}

class MethodRouteDef implements RouteDef {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly handler: Handler,
    readonly options: RouteOptions,
  ) {}

  register(router: Router): void {
    if (this.method === 'GET') router.addGet(this.path, this.handler, this.options);
    else router.addRoute(this.method, this.path, this.handler, this.options);
  }
}

class StaticDef implements RouteDef {
  readonly method = 'static';
  constructor(
    readonly path: string,
    readonly directory: string,
    readonly options: StaticOptions & { name?: string | undefined },
  ) {}

  register(router: Router): void {
    router.addStatic(this.path, this.directory, this.options);
  }
}

/**
 * A route for any method: `route('PUT', '/items/{id}', handler)`; `*` matches every method.
 *
 * @returns a definition for `app.addRoutes`
 * @example
 * ```ts
 * app.addRoutes([
 *   route('OPTIONS', '/items', () => new Response({ headers: { Allow: 'GET, POST' } })),
 *   route('*', '/echo', (request) => new Response({ text: request.method })), // any method
 * ]);
 * app.addRoutes([route('GET /x', '/x', handler)]); // throws RouteDefinitionError: not a token
 * ```
 */
export function route<Path extends string>(
  method: string,
  path: Path,
  handler: Handler<ParamsOf<Path>>,
  options: RouteOptions = {},
): RouteDef {
  return new MethodRouteDef(method, path, handler as Handler, options);
}

/**
 * A GET route (also answering HEAD unless `allowHead: false`).
 *
 * @example
 * ```ts
 * app.addRoutes([get('/users/{id}', function* (request) {
 *   return jsonResponse({ id: request.matchInfo.id }); // HEAD /users/7 is answered too
 * })]);
 * app.addRoutes([get('/users/{id}', other)]); // throws RouteDefinitionError: GET is taken
 * ```
 */
export function get<Path extends string>(
  path: Path,
  handler: Handler<ParamsOf<Path>>,
  options: RouteOptions = {},
): RouteDef {
  return route('GET', path, handler, options);
}

/**
 * A HEAD route.
 *
 * @example
 * ```ts
 * app.addRoutes([head('/health', () => new Response({ headers: { 'X-Count': '3' } }))]);
 * // GET /health is answered 405 with `Allow: HEAD`
 * ```
 */
export function head<Path extends string>(
  path: Path,
  handler: Handler<ParamsOf<Path>>,
  options: RouteOptions = {},
): RouteDef {
  return route('HEAD', path, handler, options);
}

/**
 * A POST route.
 *
 * @example
 * ```ts
 * app.addRoutes([post('/users', function* (request) {
 *   const user = yield* request.json(); // invalid JSON: the client gets 400
 *   return jsonResponse(user, { status: 201 });
 * })]);
 * ```
 */
export function post<Path extends string>(
  path: Path,
  handler: Handler<ParamsOf<Path>>,
  options: RouteOptions = {},
): RouteDef {
  return route('POST', path, handler, options);
}

/**
 * A PUT route.
 *
 * @example
 * ```ts
 * app.addRoutes([put('/items/{id}', async (request) => {
 *   const text = await request.text();
 *   return new Response({ text: `stored ${request.matchInfo.id}: ${text}` });
 * })]);
 * // GET /items/1 is answered 405 with `Allow: PUT`
 * ```
 */
export function put<Path extends string>(
  path: Path,
  handler: Handler<ParamsOf<Path>>,
  options: RouteOptions = {},
): RouteDef {
  return route('PUT', path, handler, options);
}

/**
 * A PATCH route.
 *
 * @example
 * ```ts
 * app.addRoutes([patch('/users/{id}', function* (request) {
 *   const changes = yield* request.json(); // a body past clientMaxSize: the client gets 413
 *   return jsonResponse({ id: request.matchInfo.id, changes });
 * })]);
 * ```
 */
export function patch<Path extends string>(
  path: Path,
  handler: Handler<ParamsOf<Path>>,
  options: RouteOptions = {},
): RouteDef {
  return route('PATCH', path, handler, options);
}

/**
 * A DELETE route (exported as `delete`).
 *
 * @example
 * ```ts
 * import { delete as del } from '@aio/http-server'; // `delete` is a reserved word
 * app.addRoutes([del('/users/{id}', function* (request) {
 *   users.delete(request.matchInfo.id);
 *   return new Response({ status: 204 });
 * })]);
 * ```
 */
export function deleteRoute<Path extends string>(
  path: Path,
  handler: Handler<ParamsOf<Path>>,
  options: RouteOptions = {},
): RouteDef {
  return route('DELETE', path, handler, options);
}

/**
 * A class-based view: one method per HTTP verb (see {@link View}).
 *
 * @example
 * ```ts
 * class ItemView extends View {
 *   *get() { return jsonResponse({ id: this.request.matchInfo.id }); }
 * }
 * app.addRoutes([view('/items/{id}', ItemView)]); // POST /items/1: 405 with `Allow: GET`
 * ```
 */
export function view(path: string, viewClass: ViewClass, options: RouteOptions = {}): RouteDef {
  return new MethodRouteDef('*', path, viewHandler(viewClass), options);
}

/**
 * A static folder (aiohttp's `web.static`, exported as `static`).
 *
 * @example
 * ```ts
 * import { static as serveStatic } from '@aio/http-server'; // `static` is a reserved word
 * app.addRoutes([serveStatic('/assets', './public', { showIndex: true })]);
 * // GET /assets/css/app.css serves ./public/css/app.css; GET /assets/../secret is a 403
 * ```
 */
export function staticRoute(
  prefix: string,
  directory: string,
  options: StaticOptions & { name?: string | undefined } = {},
): RouteDef {
  return new StaticDef(prefix, directory, options);
}

/**
 * Collects route definitions next to their handlers (aiohttp's `RouteTableDef`), then
 * `app.addRoutes(routes)`.
 *
 * @example
 * ```ts
 * const routes = new RouteTableDef();
 * routes.get('/users/{id}', function* (request) {
 *   return jsonResponse({ id: request.matchInfo.id });
 * });
 * app.addRoutes(routes);
 * ```
 */
export class RouteTableDef implements Iterable<RouteDef> {
  readonly #defs: RouteDef[] = [];

  /** Adds a route for `method`; returns the handler (so it can wrap a declaration). */
  route<Path extends string, H extends Handler<ParamsOf<Path>>>(
    method: string,
    path: Path,
    handler: H,
    options?: RouteOptions,
  ): H {
    this.#defs.push(route(method, path, handler, options));
    return handler;
  }

  /** Adds a GET route. */
  get<Path extends string, H extends Handler<ParamsOf<Path>>>(
    path: Path,
    handler: H,
    options?: RouteOptions,
  ): H {
    return this.route('GET', path, handler, options);
  }

  /** Adds a HEAD route. */
  head<Path extends string, H extends Handler<ParamsOf<Path>>>(
    path: Path,
    handler: H,
    options?: RouteOptions,
  ): H {
    return this.route('HEAD', path, handler, options);
  }

  /** Adds a POST route. */
  post<Path extends string, H extends Handler<ParamsOf<Path>>>(
    path: Path,
    handler: H,
    options?: RouteOptions,
  ): H {
    return this.route('POST', path, handler, options);
  }

  /** Adds a PUT route. */
  put<Path extends string, H extends Handler<ParamsOf<Path>>>(
    path: Path,
    handler: H,
    options?: RouteOptions,
  ): H {
    return this.route('PUT', path, handler, options);
  }

  /** Adds a PATCH route. */
  patch<Path extends string, H extends Handler<ParamsOf<Path>>>(
    path: Path,
    handler: H,
    options?: RouteOptions,
  ): H {
    return this.route('PATCH', path, handler, options);
  }

  /** Adds a DELETE route. */
  delete<Path extends string, H extends Handler<ParamsOf<Path>>>(
    path: Path,
    handler: H,
    options?: RouteOptions,
  ): H {
    return this.route('DELETE', path, handler, options);
  }

  /** Adds a class-based view. */
  view<V extends ViewClass>(path: string, viewClass: V, options?: RouteOptions): V {
    this.#defs.push(view(path, viewClass, options));
    return viewClass;
  }

  /** Adds a static folder. */
  static(
    prefix: string,
    directory: string,
    options?: StaticOptions & { name?: string | undefined },
  ): void {
    this.#defs.push(staticRoute(prefix, directory, options));
  }

  /** The number of definitions. */
  get size(): number {
    return this.#defs.length;
  }

  [Symbol.iterator](): Iterator<RouteDef> {
    return this.#defs[Symbol.iterator]();
  }
}
