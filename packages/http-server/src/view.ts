/**
 * Class-based views (aiohttp's `web.View`): one method per HTTP verb.
 */
import { HTTPMethodNotAllowed } from './errors.js';
import type { Request } from './request.js';
import type { Handler, HandlerResult } from './router.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * Base class of class-based views. Define `get()`, `post()`, … (coroutine, async or plain
 * methods); other methods are answered 405 with `Allow`.
 *
 * @example
 * ```ts
 * class UserView extends View {
 *   *get() { return jsonResponse({ id: this.request.matchInfo.id }); }
 * }
 * app.addRoutes([view('/users/{id}', UserView)]);
 * ```
 */
export class View {
  /** The request being handled. */
  readonly request: Request;

  /** @param request the request */
  constructor(request: Request) {
    this.request = request;
  }
}

/** A View subclass. */
export type ViewClass = new (request: Request) => View;

/** The route handler that instantiates `viewClass` and calls the method's verb. */
export function viewHandler(viewClass: ViewClass): Handler {
  const allowed = METHODS.filter(
    (m) => typeof (viewClass.prototype as Record<string, unknown>)[m.toLowerCase()] === 'function',
  );
  return function dispatchView(request: Request): HandlerResult {
    const instance = new viewClass(request) as unknown as Record<string, unknown>;
    const method = (METHODS as readonly string[]).includes(request.method)
      ? request.method.toLowerCase()
      : undefined;
    const fn = method === undefined ? undefined : instance[method];
    if (typeof fn !== 'function') throw new HTTPMethodNotAllowed(request.method, allowed);
    return (fn as () => HandlerResult).call(instance);
  };
}
