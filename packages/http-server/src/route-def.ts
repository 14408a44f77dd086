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
 */
export function route<Path extends string>(
  method: string,
  path: Path,
  handler: Handler<ParamsOf<Path>>,
  options: RouteOptions = {},
): RouteDef {
  return new MethodRouteDef(method, path, handler as Handler, options);
}

/** A GET route (also answering HEAD unless `allowHead: false`). */
export function get<Path extends string>(
  path: Path,
  handler: Handler<ParamsOf<Path>>,
  options: RouteOptions = {},
): RouteDef {
  return route('GET', path, handler, options);
}

/** A HEAD route. */
export function head<Path extends string>(
  path: Path,
  handler: Handler<ParamsOf<Path>>,
  options: RouteOptions = {},
): RouteDef {
  return route('HEAD', path, handler, options);
}

/** A POST route. */
export function post<Path extends string>(
  path: Path,
  handler: Handler<ParamsOf<Path>>,
  options: RouteOptions = {},
): RouteDef {
  return route('POST', path, handler, options);
}

/** A PUT route. */
export function put<Path extends string>(
  path: Path,
  handler: Handler<ParamsOf<Path>>,
  options: RouteOptions = {},
): RouteDef {
  return route('PUT', path, handler, options);
}

/** A PATCH route. */
export function patch<Path extends string>(
  path: Path,
  handler: Handler<ParamsOf<Path>>,
  options: RouteOptions = {},
): RouteDef {
  return route('PATCH', path, handler, options);
}

/** A DELETE route (exported as `delete`). */
export function deleteRoute<Path extends string>(
  path: Path,
  handler: Handler<ParamsOf<Path>>,
  options: RouteOptions = {},
): RouteDef {
  return route('DELETE', path, handler, options);
}

/** A class-based view: one method per HTTP verb (see {@link View}). */
export function view(path: string, viewClass: ViewClass, options: RouteOptions = {}): RouteDef {
  return new MethodRouteDef('*', path, viewHandler(viewClass), options);
}

/** A static folder (aiohttp's `web.static`). */
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
