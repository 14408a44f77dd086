/**
 * The resource behind `app.addSubapp(prefix, app)`: it hands the rest of the path to the
 * sub-application's own router.
 */
import { RouteDefinitionError } from './errors.js';
import type { Application } from './application.js';
import { AbstractResource } from './resource.js';
import type { Resolution } from './router.js';

/**
 * A sub-application mounted under a prefix (`app.addSubapp`).
 *
 * @example
 * ```ts
 * const admin = new Application();
 * admin.addGet('/users', listUsers, { name: 'users' });
 * app.addSubapp('/admin', admin); // registers a SubAppResource for '/admin'
 * admin.router.urlFor('users'); // '/admin/users'
 * app.addSubapp('/', new Application()); // throws RouteDefinitionError: prefix must not be "/"
 * ```
 */
export class SubAppResource extends AbstractResource {
  readonly routePrefix: string;
  readonly app: Application;

  constructor(prefix: string, app: Application) {
    super(undefined);
    if (!prefix.startsWith('/') || prefix === '/') {
      throw new RouteDefinitionError(
        `sub-application prefix must start with "/" and not be "/", got ${prefix}`,
      );
    }
    this.routePrefix = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
    this.app = app;
  }

  get indexKey(): string {
    return this.routePrefix;
  }

  resolve(method: string, safePath: string, allowed: Set<string>): Resolution | undefined {
    const prefix = this.routePrefix;
    if (
      !safePath.startsWith(prefix) ||
      (safePath.length > prefix.length && safePath[prefix.length] !== '/')
    ) {
      return undefined;
    }
    const inner = this.app.router.resolve(method, safePath.slice(prefix.length) || '/');
    if (inner.route === undefined) {
      if (inner.allowed !== undefined) for (const m of inner.allowed) allowed.add(m);
      return undefined;
    }
    return { route: inner.route, matchInfo: inner.matchInfo, apps: [this.app, ...inner.apps] };
  }

  urlFor(): string {
    throw new RouteDefinitionError('a sub-application resource has no URL; use its routes');
  }
}
