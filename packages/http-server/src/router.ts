/**
 * The router (aiohttp's `UrlDispatcher`): resources with aiohttp patterns, routes per
 * method, named resources with `urlFor`, static folders and sub-applications.
 *
 * Design note. aiohttp's own lookup is kept: resources are indexed by the literal prefix of
 * their pattern (up to its last `/`, or the whole path for a plain resource). A lookup
 * tries the full path's bucket, then drops one segment at a time down to `/`; inside a
 * bucket, resources are tried in registration order. A plain path is one Map lookup; a
 * dynamic one tries only the resources sharing its prefix. The first resource whose
 * pattern matches and which has a route for the method wins. When patterns match but no
 * method does, the answer is 405 with `Allow` listing every method seen; otherwise 404.
 * The walk is cheap without changing it: the index is probed with prefixes of the path in
 * place, none cut out (internal/prefix-index.ts); a resource whose pattern needs another
 * number of `/` than the path has is skipped without running it; and a pattern is matched
 * without comparing again the prefix the index already found (patterns of the common shape
 * are matched without their RegExp: internal/segment-matcher.ts).
 * Why not find-my-way: see the package README (semantics and measured speed).
 */
import type { Operation } from '@aio/core';
import { RouteDefinitionError } from './errors.js';
import type { Request, MatchInfo } from './request.js';
import type { StreamResponse } from './response.js';
import type { ParamsOf } from './route-params.js';
import type { Application } from './application.js';
import { PrefixIndex } from './internal/prefix-index.js';
import { candidateOf, tryBucket, type Candidate } from './internal/candidate.js';
import { Resource, type AbstractResource } from './resource.js';
import { StaticResource } from './static-resource.js';
import { SubAppResource } from './sub-app-resource.js';
import type { StaticOptions } from './static-route.js';

/** What a handler may return: a response, or an Operation or promise of one. */
export type HandlerResult =
  StreamResponse | Operation<StreamResponse> | PromiseLike<StreamResponse>;

/** A request handler: a coroutine function, an async function or a plain function. */
export type Handler<P extends MatchInfo = MatchInfo> = (request: Request<P>) => HandlerResult;

/** Options of a route. */
export interface RouteOptions {
  /** Name for `router.urlFor(name, …)`. */
  name?: string | undefined;
  /** For GET routes: also answer HEAD (default true). */
  allowHead?: boolean | undefined;
}

/** A registered route: one method on one resource. */
export interface Route {
  readonly method: string;
  readonly handler: Handler;
  readonly resource: AbstractResource;
}

/** The outcome of {@link Router.resolve}. */
export type Resolution =
  | { readonly route: Route; readonly matchInfo: MatchInfo; readonly apps: readonly Application[] }
  | { readonly route: undefined; readonly allowed: ReadonlySet<string> | undefined };

const NOT_FOUND: Resolution = { route: undefined, allowed: undefined };
const SLASH = 0x2f;

/**
 * The route table of an {@link Application} (aiohttp's `app.router`).
 *
 * @example
 * ```ts
 * app.router.addGet('/users/{id}', getUser, { name: 'user' });
 * app.router.urlFor('user', { id: '42' }); // '/users/42'
 * app.router.addGet('users', getUser);     // throws RouteDefinitionError: must start with "/"
 * ```
 */
export class Router {
  readonly #resources: AbstractResource[] = [];
  readonly #index = new PrefixIndex<Candidate>();
  readonly #named = new Map<string, AbstractResource>();
  #frozen = false;
  #prefix = '';
  /** Scratch set for one resolve() (each router has its own, so sub-app lookups nest). */
  readonly #allowed = new Set<string>();

  /** Every resource, in registration order. */
  resources(): readonly AbstractResource[] {
    return this.#resources;
  }

  /**
   * A named resource.
   *
   * @throws RouteDefinitionError when no resource has that name
   */
  named(name: string): AbstractResource {
    const resource = this.#named.get(name);
    if (resource === undefined) throw new RouteDefinitionError(`no route named ${name}`);
    return resource;
  }

  /**
   * The URL path of a named route (aiohttp's `app.router[name].url_for(**params)`).
   *
   * @param name the route name
   * @param params the pattern's parameters (percent-encoded for you)
   * @param query an optional query string
   * @throws RouteDefinitionError for an unknown name or a missing parameter
   */
  urlFor(
    name: string,
    params?: Record<string, string>,
    query?: Record<string, string> | URLSearchParams,
  ): string {
    return this.named(name).urlFor(params, query);
  }

  /**
   * Returns the resource for `path`: the last one when it has the same pattern and name
   * (so several methods share it, as in aiohttp), else a new one.
   */
  addResource(path: string, options: { name?: string | undefined } = {}): Resource {
    this.#assertMutable();
    const last = this.#resources[this.#resources.length - 1];
    if (
      last instanceof Resource &&
      last.pattern === path &&
      (options.name === undefined || options.name === last.name)
    ) {
      return last;
    }
    return this.#register(new Resource(path, options.name));
  }

  /** Adds a route: `addRoute('GET', '/path', handler, { name })`. */
  addRoute<Path extends string>(
    method: string,
    path: Path,
    handler: Handler<ParamsOf<Path>>,
    options: RouteOptions = {},
  ): Route {
    return this.addResource(path, options).addRoute(method, handler as Handler);
  }

  /** Adds a GET route (and HEAD, unless `allowHead: false`). */
  addGet<Path extends string>(
    path: Path,
    handler: Handler<ParamsOf<Path>>,
    options: RouteOptions = {},
  ): Route {
    const resource = this.addResource(path, options);
    if (options.allowHead !== false && !resource.hasMethod('HEAD'))
      resource.addRoute('HEAD', handler as Handler);
    return resource.addRoute('GET', handler as Handler);
  }

  /** Adds a HEAD route. */
  addHead<Path extends string>(
    path: Path,
    handler: Handler<ParamsOf<Path>>,
    options: RouteOptions = {},
  ): Route {
    return this.addRoute('HEAD', path, handler, options);
  }

  /** Adds a POST route. */
  addPost<Path extends string>(
    path: Path,
    handler: Handler<ParamsOf<Path>>,
    options: RouteOptions = {},
  ): Route {
    return this.addRoute('POST', path, handler, options);
  }

  /** Adds a PUT route. */
  addPut<Path extends string>(
    path: Path,
    handler: Handler<ParamsOf<Path>>,
    options: RouteOptions = {},
  ): Route {
    return this.addRoute('PUT', path, handler, options);
  }

  /** Adds a PATCH route. */
  addPatch<Path extends string>(
    path: Path,
    handler: Handler<ParamsOf<Path>>,
    options: RouteOptions = {},
  ): Route {
    return this.addRoute('PATCH', path, handler, options);
  }

  /** Adds a DELETE route. */
  addDelete<Path extends string>(
    path: Path,
    handler: Handler<ParamsOf<Path>>,
    options: RouteOptions = {},
  ): Route {
    return this.addRoute('DELETE', path, handler, options);
  }

  /**
   * Serves the files of `directory` under `prefix` (GET and HEAD). Paths escaping the
   * folder (`..`, encoded dots, backslashes, NUL, absolute paths, symlinks leaving it
   * unless `followSymlinks`) are answered 403 or 404, never served.
   */
  addStatic(
    prefix: string,
    directory: string,
    options: StaticOptions & { name?: string | undefined } = {},
  ): StaticResource {
    this.#assertMutable();
    return this.#register(new StaticResource(prefix, directory, options));
  }

  /** Package-internal: mounts a sub-application (use `app.addSubapp`). */
  mount(prefix: string, app: Application): SubAppResource {
    this.#assertMutable();
    const resource = this.#register(new SubAppResource(prefix, app));
    app.router.setPrefix(this.#prefix + resource.routePrefix);
    return resource;
  }

  /** Package-internal: the prefix the owning app is mounted under (for urlFor). */
  setPrefix(prefix: string): void {
    this.#prefix = prefix;
    for (const resource of this.#resources) {
      resource.prefix = prefix;
      if (resource instanceof SubAppResource)
        resource.app.router.setPrefix(prefix + resource.routePrefix);
    }
  }

  /** Refuses further changes (done when the app starts serving). */
  freeze(): void {
    this.#frozen = true;
  }

  /**
   * Finds the route for `method` and `safePath` (the path decoded except `%2F`/`%25`).
   *
   * @returns the route and its parameters, or `route: undefined` with the allowed methods (405) or none (404)
   */
  resolve(method: string, safePath: string): Resolution {
    const allowed = this.#allowed;
    if (allowed.size > 0) allowed.clear();
    // The keys tried: the full path, then the path cut before each '/' from the right, then
    // '/' (also for a path that has no '/'). Each is `path.slice(0, end)`, never cut out, and
    // `cut` counts the '/' in `safePath` after it, so the path has `entry.slashes + cut`.
    // The next cut is found with charCodeAt: `lastIndexOf` calls into the runtime (~20 ns).
    let path = safePath;
    let end = path.length;
    let cut = 0;
    for (;;) {
      const entry = this.#index.at(path, end);
      if (entry !== undefined) {
        // The key is a prefix of safePath, except the final constant '/'.
        const known = path === safePath ? end : 0;
        const found = tryBucket(entry, method, safePath, allowed, entry.slashes + cut, known);
        if (found !== undefined) return found;
      }
      if (end === 0 || (end === 1 && path.charCodeAt(0) === SLASH)) break; // key '' or '/'
      let slash = end - 1;
      while (slash >= 0 && path.charCodeAt(slash) !== SLASH) slash--;
      if (slash > 0) {
        end = slash;
        cut++;
      } else {
        // Last comes the key '/' (the constant: a Map lookup with its hash known). With no '/'
        // before `end` at all, '/' is no prefix of the path and its '/' not one of the path's.
        if (slash < 0) cut--;
        path = '/';
        end = 1;
      }
    }
    if (allowed.size === 0) return NOT_FOUND;
    return { route: undefined, allowed: new Set(allowed) };
  }

  #register<R extends AbstractResource>(resource: R): R {
    if (resource.name !== undefined) {
      if (!/^[\w.:-]+$/.test(resource.name)) {
        throw new RouteDefinitionError(
          `route name ${JSON.stringify(resource.name)} must be word characters, '.', ':' or '-'`,
        );
      }
      if (this.#named.has(resource.name)) {
        throw new RouteDefinitionError(`duplicate route name ${resource.name}`);
      }
      this.#named.set(resource.name, resource);
    }
    resource.prefix = this.#prefix;
    this.#resources.push(resource);
    this.#index.add(resource.indexKey, candidateOf(resource));
    return resource;
  }

  #assertMutable(): void {
    if (this.#frozen)
      throw new RouteDefinitionError('cannot add routes once the application is running');
  }
}
