/**
 * The resources of the router: the base class every kind extends, and the plain or dynamic
 * path pattern with one route per method. Static folders and sub-applications are their own
 * files (static-resource.ts, sub-app-resource.ts).
 */
import { RouteDefinitionError } from './errors.js';
import type { Application } from './application.js';
import type { Handler, Resolution, Route } from './router.js';
import {
  buildPath,
  compilePattern,
  matchPattern,
  type CompiledPattern,
} from './internal/route-matcher.js';

/** Package-internal: the `apps` of a resolution found in the router's own app. */
export const NO_APPS: readonly Application[] = [];

/**
 * Base class of every resource kind.
 *
 * @example
 * ```ts
 * app.router.addGet('/users/{id}', getUser, { name: 'user' });
 * const resource: AbstractResource = app.router.named('user');
 * resource.urlFor({ id: '42' }, { full: '1' }); // '/users/42?full=1'
 * app.router.named('nope'); // throws RouteDefinitionError: no route named nope
 * ```
 */
export abstract class AbstractResource {
  /** The resource name, if any. */
  readonly name: string | undefined;
  /** The router index key. */
  abstract readonly indexKey: string;

  constructor(name: string | undefined) {
    this.name = name;
  }

  /** Tries the resource; fills `allowed` with the methods it has when only the method differs. */
  abstract resolve(method: string, safePath: string, allowed: Set<string>): Resolution | undefined;

  /** The URL path for `params` plus an optional query. */
  abstract urlFor(
    params?: Record<string, string>,
    query?: Record<string, string> | URLSearchParams,
  ): string;

  /** The path prefix added when the owning app is mounted as a sub-application. */
  prefix = '';
}

/**
 * Package-private (set by Resource's static block): `resource.resolve` for a path whose first
 * `known` characters are known to be the pattern's own, as the router knows once it found the
 * path under the pattern's index key; the match does not compare them again.
 */
export let resolveKnown: (
  resource: Resource,
  method: string,
  safePath: string,
  allowed: Set<string>,
  known: number,
) => Resolution | undefined;

/**
 * A path pattern (plain or dynamic) with one route per method.
 *
 * @example
 * ```ts
 * const resource = app.router.addResource('/users/{id}', { name: 'user' });
 * resource.addRoute('GET', getUser);
 * resource.addRoute('PUT', putUser);
 * resource.methods; // ['GET', 'PUT']
 * resource.addRoute('GET', other); // throws RouteDefinitionError: GET is already registered
 * ```
 */
export class Resource extends AbstractResource {
  readonly compiled: CompiledPattern;
  readonly #routes = new Map<string, Route>();
  #any: Route | undefined;
  /** The GET route, also in #routes: most requests are GETs, and `===` costs less than `get`. */
  #get: Route | undefined;

  constructor(pattern: string, name: string | undefined) {
    super(name);
    this.compiled = compilePattern(pattern);
  }

  get indexKey(): string {
    return this.compiled.indexKey;
  }

  /** The pattern as written. */
  get pattern(): string {
    return this.compiled.pattern;
  }

  /** The methods this resource answers. */
  get methods(): string[] {
    return [...this.#routes.keys()];
  }

  /**
   * Adds a route for `method` (`*` for any method).
   *
   * @throws RouteDefinitionError when the method already has a route here
   */
  addRoute(method: string, handler: Handler): Route {
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(method)) {
      throw new RouteDefinitionError(`method ${JSON.stringify(method)} is not a token`);
    }
    if (typeof handler !== 'function') {
      throw new TypeError(`handler must be a function, got ${typeof handler}`);
    }
    if (this.#routes.has(method) || (method === '*' && this.#any !== undefined)) {
      throw new RouteDefinitionError(
        `added route will never be executed, method ${method} is already registered for ${this.pattern}`,
      );
    }
    const route: Route = { method, handler: handler, resource: this };
    if (method === '*') this.#any = route;
    else this.#routes.set(method, route);
    if (method === 'GET') this.#get = route;
    return route;
  }

  /** Whether `method` has a route here. */
  hasMethod(method: string): boolean {
    return this.#routes.has(method);
  }

  resolve(method: string, safePath: string, allowed: Set<string>): Resolution | undefined {
    return this.#resolve(method, safePath, allowed, 0);
  }

  #resolve(
    method: string,
    safePath: string,
    allowed: Set<string>,
    known: number,
  ): Resolution | undefined {
    const params = matchPattern(this.compiled, safePath, known);
    if (params === undefined) return undefined;
    const route = (method === 'GET' ? this.#get : this.#routes.get(method)) ?? this.#any;
    if (route !== undefined) return { route, matchInfo: params, apps: NO_APPS };
    for (const key of this.#routes.keys()) allowed.add(key);
    return undefined;
  }

  urlFor(
    params?: Record<string, string>,
    query?: Record<string, string> | URLSearchParams,
  ): string {
    return withQuery(this.prefix + buildPath(this.compiled, params), query);
  }

  static {
    resolveKnown = (resource, method, safePath, allowed, known) =>
      resource.#resolve(method, safePath, allowed, known);
  }
}

/** Package-internal: `path` with `query` appended, if it has any parameter. */
export function withQuery(
  path: string,
  query: Record<string, string> | URLSearchParams | undefined,
): string {
  if (query === undefined) return path;
  const search = (query instanceof URLSearchParams ? query : new URLSearchParams(query)).toString();
  return search === '' ? path : `${path}?${search}`;
}
