/**
 * Middlewares: functions wrapped around the handler, aiohttp style. The first middleware
 * of `app.middlewares` is the outermost; a sub-application's middlewares run inside its
 * parents'. Each receives the request and `handler` (the rest of the chain), which it
 * calls at most once.
 */
import {
  getRunningLoop,
  type Coroutine,
  type EventLoop,
  type Operation,
  type Task,
} from '@aio/core';
import { InvalidStateError } from '@aio/core';
import type { Request } from './request.js';
import { StreamResponse } from './response.js';
import { HTTPPermanentRedirect, HTTPNotFound } from './errors.js';
import type { Handler, HandlerResult } from './router.js';
import { awaitResult } from './internal/await-result.js';

/**
 * The rest of the chain as handed to a middleware: `yield* handler(request)` in a
 * coroutine middleware, `await handler(request)` in an async one.
 */
export type NextHandler = (
  request: Request,
) => Operation<StreamResponse> & PromiseLike<StreamResponse>;

/** A middleware: coroutine function, async function or plain function. */
export type Middleware = (request: Request, handler: NextHandler) => HandlerResult;

/**
 * The chain below one middleware: an Operation (delegated to in the caller's task) and a
 * PromiseLike (for async middlewares: the chain then runs as its own task on the loop).
 */
class NextCall implements Operation<StreamResponse>, PromiseLike<StreamResponse> {
  readonly #coroutine: Coroutine<StreamResponse>;
  readonly #loop: EventLoop;
  #task: Task<StreamResponse> | undefined;

  constructor(coroutine: Coroutine<StreamResponse>) {
    this.#coroutine = coroutine;
    // Captured now: an async middleware calls then() later, from a microtask outside the loop.
    this.#loop = getRunningLoop();
  }

  [Symbol.iterator](): Coroutine<StreamResponse> {
    return this.#coroutine;
  }

  then<A = StreamResponse, B = never>(
    onFulfilled?: ((value: StreamResponse) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): PromiseLike<A | B> {
    this.#task ??= this.#loop.createTask(this.#coroutine, { name: 'middleware chain' });
    return this.#task.then(onFulfilled, onRejected);
  }
}

/**
 * Runs `handler` inside `middlewares` for `request`.
 *
 * @throws InvalidStateError when a middleware calls its handler twice
 * @throws TypeError when a middleware or handler returns something that is not a response
 */
export function* runMiddlewares(
  middlewares: readonly Middleware[],
  index: number,
  request: Request,
  handler: Handler,
): Coroutine<StreamResponse> {
  if (index === middlewares.length)
    return checkResponse(yield* awaitResult(handler(request)), 'handler');
  let called = false;
  const next: NextHandler = (inner) => {
    if (called) throw new InvalidStateError('a middleware called its handler twice');
    called = true;
    return new NextCall(runMiddlewares(middlewares, index + 1, inner, handler));
  };
  const middleware = middlewares[index] as Middleware;
  return checkResponse(yield* awaitResult(middleware(request, next)), 'middleware');
}

/** Checks a handler or middleware result. */
export function checkResponse(value: unknown, what: string): StreamResponse {
  if (value instanceof StreamResponse) return value;
  throw new TypeError(`${what} returned ${describe(value)}, not a Response`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'an object';
  return typeof value;
}

/** Options of {@link normalizePathMiddleware}. */
export interface NormalizePathOptions {
  /** Try the path with a trailing `/` added (default true). */
  appendSlash?: boolean | undefined;
  /** Try the path with the trailing `/` removed (default false). */
  removeSlash?: boolean | undefined;
  /** Try the path with repeated slashes merged (default true). */
  mergeSlashes?: boolean | undefined;
}

/**
 * aiohttp's `normalize_path_middleware`: when a request is a 404 and a normalised path
 * (trailing slash added or removed, `//` merged) resolves, redirects there with 308.
 * Routing itself never guesses: `/a` and `/a/` are different routes, as in aiohttp. The
 * redirect target always starts with a single `/`, never `//` or a scheme.
 *
 * @param options appendSlash (default true), removeSlash (default false), mergeSlashes (default true)
 * @returns the middleware
 * @throws TypeError when `appendSlash` and `removeSlash` are both true
 * @example
 * ```ts
 * const app = new Application({ middlewares: [normalizePathMiddleware()] });
 * app.addGet('/docs/', docs);
 * // GET /docs?x=1 and GET //docs/ are redirected (308) to /docs/?x=1 and /docs/
 * normalizePathMiddleware({ removeSlash: true }); // throws TypeError: appendSlash defaults to true
 * ```
 */
export function normalizePathMiddleware(options: NormalizePathOptions = {}): Middleware {
  const appendSlash = options.appendSlash ?? true;
  const removeSlash = options.removeSlash ?? false;
  const mergeSlashes = options.mergeSlashes ?? true;
  if (appendSlash && removeSlash)
    throw new TypeError('appendSlash and removeSlash cannot both be true');
  return function* normalizePath(
    request: Request,
    handler: NextHandler,
  ): Coroutine<StreamResponse> {
    try {
      return yield* handler(request);
    } catch (error) {
      if (!(error instanceof HTTPNotFound)) throw error;
      const raw = request.rawPath;
      const candidates: string[] = [];
      const merged = mergeSlashes ? raw.replace(/\/{2,}/g, '/') : raw;
      if (mergeSlashes && merged !== raw) candidates.push(merged);
      if (appendSlash && !merged.endsWith('/')) candidates.push(`${merged}/`);
      if (removeSlash && merged.endsWith('/') && merged.length > 1)
        candidates.push(merged.slice(0, -1));
      for (const path of candidates) {
        if (!path.startsWith('/') || path.startsWith('//')) continue;
        if (request.app.router.resolve(request.method, path).route !== undefined) {
          const query = request.queryString === '' ? '' : `?${request.queryString}`;
          throw new HTTPPermanentRedirect(path + query);
        }
      }
      throw error;
    }
  };
}
