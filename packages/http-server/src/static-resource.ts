/**
 * The resource behind `router.addStatic(prefix, directory)`: it matches the paths under the
 * prefix; the handler that serves them (and its safety rules) is in static-route.ts.
 */
import { RouteDefinitionError } from './errors.js';
import { AbstractResource, NO_APPS, withQuery } from './resource.js';
import type { Resolution, Route } from './router.js';
import { staticHandler, type StaticOptions } from './static-route.js';

/**
 * A folder served under a prefix (`addStatic`).
 *
 * @example
 * ```ts
 * const assets = app.router.addStatic('/assets', './public', { name: 'assets' });
 * assets.urlFor({ filename: 'css/app.css' }); // '/assets/css/app.css'
 * app.router.addStatic('assets', './public'); // throws RouteDefinitionError: must start with "/"
 * ```
 */
export class StaticResource extends AbstractResource {
  readonly routePrefix: string;
  readonly #route: Route;

  constructor(
    prefix: string,
    directory: string,
    options: StaticOptions & { name?: string | undefined },
  ) {
    super(options.name);
    if (!prefix.startsWith('/'))
      throw new RouteDefinitionError(`static prefix must start with "/", got ${prefix}`);
    this.routePrefix = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
    this.#route = { method: 'GET', handler: staticHandler(directory, options), resource: this };
  }

  get indexKey(): string {
    return this.routePrefix === '' ? '/' : this.routePrefix;
  }

  resolve(method: string, safePath: string, allowed: Set<string>): Resolution | undefined {
    const prefix = this.routePrefix;
    if (!safePath.startsWith(prefix + '/')) return undefined;
    if (method !== 'GET' && method !== 'HEAD') {
      allowed.add('GET').add('HEAD');
      return undefined;
    }
    const matchInfo = Object.create(null) as Record<string, string>;
    matchInfo.filename = safePath.slice(prefix.length + 1);
    return { route: this.#route, matchInfo, apps: NO_APPS };
  }

  urlFor(
    params: Record<string, string> = {},
    query?: Record<string, string> | URLSearchParams,
  ): string {
    const filename = params.filename ?? '';
    const encoded = filename
      .split('/')
      .map((part) => encodeURIComponent(part))
      .join('/');
    return withQuery(`${this.prefix}${this.routePrefix}/${encoded}`, query);
  }
}
