/**
 * `Application`: routes, middlewares, lifecycle hooks and state (aiohttp's `web.Application`),
 * plus the in-process request path that needs no socket.
 *
 * `app.handle(request)` routes the request, runs the middlewares and the handler, and maps
 * errors to responses: an `HTTPException` renders itself; anything else is logged once
 * through the loop's exception handler and answered 500 with no stack trace (unless the app
 * or loop is in debug mode). `app.request(target, init)` runs a whole exchange in memory.
 */
import {
  ExceptionGroup,
  InvalidStateError,
  getRunningLoop,
  isCancelledError,
  type Coroutine,
  type Operation,
} from '@aio/core';
import type { AppKey } from './app-key.js';
import { HTTPException, HTTPMethodNotAllowed, HTTPNotFound } from './errors.js';
import { checkResponse, runMiddlewares, type Middleware } from './middleware.js';
import type { MatchInfo, Request } from './request.js';
import { Response, StreamResponse, sendNow, sendResponse } from './response.js';
import { Router, type Handler, type HandlerResult, type RouteOptions } from './router.js';
import type { RouteDef } from './route-def.js';
import type { ParamsOf } from './route-params.js';
import { awaitResult, isOperation } from './internal/await-result.js';
import { percentDecode } from './internal/path.js';
import { requestInternals, transportOf } from './internal/request-internals.js';
import { makeMockedRequest, MockedResponse, type MockedRequestInit } from './testing.js';

/** A lifecycle hook: coroutine, async or plain function of the application. */
export type AppHook<S extends object = Record<string, unknown>> = (app: Application<S>) => unknown;

/**
 * A cleanup context: a generator function whose one bare `yield` separates setup (run at
 * startup) from cleanup (run at cleanup), as in aiohttp's `cleanup_ctx`. Inside it,
 * `yield*` aio operations as usual. Async generator functions work too.
 */
export type CleanupContext<S extends object = Record<string, unknown>> = (
  app: Application<S>,
) => Generator<unknown, void, unknown> | AsyncGenerator<unknown, void, unknown>;

/** A hook run before a response's headers are sent. */
export type ResponsePrepareHook = (request: Request, response: StreamResponse) => unknown;

/** Options of {@link Application}. */
export interface ApplicationOptions<S extends object> {
  /** Middlewares, outermost first. */
  middlewares?: Middleware[] | undefined;
  /** Largest request body in bytes (default 1 MiB); past it the body read is a 413. */
  clientMaxSize?: number | undefined;
  /** Show stack traces in 500 responses (default: the loop's debug mode). */
  debug?: boolean | undefined;
  /** The initial typed state (`app.state`). */
  state?: S | undefined;
}

// Sub-applications may hold any state type; hooks make Application<S> invariant in S.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyApplication = Application<any>;

const SERVER_ERROR_TEXT = '500 Internal Server Error\n\nServer got itself in trouble';
const NOT_FOUND_HANDLER: Handler = () => {
  throw new HTTPNotFound();
};

/**
 * A web application: a router, middlewares, lifecycle hooks and state.
 *
 * @example
 * ```ts
 * const app = new Application();
 * app.addRoutes([get('/', index), get('/{uri}', index)]);
 * runApp(app); // ======== Running on http://0.0.0.0:8080 ========
 * ```
 */
export class Application<S extends object = Record<string, unknown>> {
  /** The route table. */
  readonly router = new Router();
  /** Middlewares, outermost first (aiohttp order). */
  readonly middlewares: Middleware[];
  /** Run by `startup()`, in order. */
  readonly onStartup: AppHook<S>[] = [];
  /** Run by `shutdown()`, in order (before in-flight requests are awaited). */
  readonly onShutdown: AppHook<S>[] = [];
  /** Run by `cleanup()`, in order, after the cleanup contexts. */
  readonly onCleanup: AppHook<S>[] = [];
  /** Cleanup contexts: setup at startup, cleanup (reverse order) at cleanup. */
  readonly cleanupCtx: CleanupContext<S>[] = [];
  /** Run before each response's headers are sent (may change headers). */
  readonly onResponsePrepare: ResponsePrepareHook[] = [];
  /** Typed free-form state. */
  readonly state: S;
  /** Largest request body in bytes. */
  readonly clientMaxSize: number;
  readonly #debug: boolean | undefined;
  readonly #values = new Map<AppKey<unknown>, unknown>();
  #parent: AnyApplication | undefined;
  #subapps: AnyApplication[] = [];
  #frozen = false;
  #contexts: Array<Generator<unknown, void, unknown> | AsyncGenerator<unknown, void, unknown>> = [];

  /**
   * @param options middlewares, clientMaxSize, debug, state
   * @throws RangeError when clientMaxSize is not a positive number
   */
  constructor(options: ApplicationOptions<S> = {}) {
    const max = options.clientMaxSize ?? 1024 * 1024;
    if (typeof max !== 'number' || !(max > 0)) {
      throw new RangeError(`clientMaxSize must be a positive number, got ${String(max)}`);
    }
    this.clientMaxSize = max;
    this.middlewares = [...(options.middlewares ?? [])];
    this.state = options.state ?? ({} as S);
    this.#debug = options.debug;
  }

  /** Whether the app has started (routes can no longer change). */
  get frozen(): boolean {
    return this.#frozen;
  }

  /** Whether 500 responses include stack traces. */
  get debug(): boolean {
    if (this.#debug !== undefined) return this.#debug;
    try {
      return getRunningLoop().debug;
    } catch {
      return false;
    }
  }

  /**
   * The value stored under `key` (looked up in parent applications too).
   *
   * @throws RangeError when no value is stored
   */
  get<T>(key: AppKey<T>): T {
    if (this.#values.has(key)) return this.#values.get(key) as T;
    if (this.#parent !== undefined) return this.#parent.get(key);
    throw new RangeError(`no value for ${key.toString()}`);
  }

  /** Stores `value` under `key`. */
  set<T>(key: AppKey<T>, value: T): void {
    this.#values.set(key, value);
  }

  /** Whether `key` has a value here or in a parent. */
  has(key: AppKey<unknown>): boolean {
    return this.#values.has(key) || (this.#parent?.has(key) ?? false);
  }

  /** Registers route definitions (from `get(…)`, `post(…)`, a RouteTableDef…). */
  addRoutes(routes: Iterable<RouteDef>): void {
    for (const route of routes) route.register(this.router);
  }

  /** Shortcut for `router.addGet`. */
  addGet<Path extends string>(
    path: Path,
    handler: Handler<ParamsOf<Path>>,
    options?: RouteOptions,
  ): void {
    this.router.addGet(path, handler, options);
  }

  /**
   * Mounts `subapp` under `prefix`: its routes answer `prefix + path`, its middlewares run
   * inside this app's, and its lifecycle hooks run with this app's.
   *
   * @throws RouteDefinitionError for a bad prefix
   * @throws InvalidStateError when the sub-application is already mounted or running
   */
  addSubapp(prefix: string, subapp: AnyApplication): void {
    if (subapp.#parent !== undefined || subapp.#frozen) {
      throw new InvalidStateError('the sub-application is already mounted or running');
    }
    this.router.mount(prefix, subapp);
    subapp.#parent = this;
    this.#subapps.push(subapp);
  }

  /**
   * Handles one request: routing, middlewares, handler, errors mapped to responses. The
   * returned response is not yet sent.
   *
   * @param request the request (from a transport or {@link makeMockedRequest})
   * @returns the response to send
   */
  handle(request: Request): Operation<StreamResponse> {
    return this.#handle(request);
  }

  *#handle(request: Request): Coroutine<StreamResponse> {
    try {
      const result = this.#dispatch(request);
      if (result instanceof StreamResponse) return result;
      // A coroutine handler is delegated to directly: no wrapper generator per request.
      if (isOperation(result)) return checkResponse(yield* result, 'handler');
      return checkResponse(yield* awaitResult(result), 'handler');
    } catch (error) {
      if (isCancelledError(error)) throw error;
      return this.errorResponse(error, request);
    }
  }

  /**
   * Routes the request and starts the handler (or the middleware chain): what it returned,
   * not yet checked to be a response.
   */
  #dispatch(request: Request): HandlerResult {
    const resolution = this.router.resolve(request.method, percentDecode(request.rawPath, true));
    let handler: Handler;
    let app: AnyApplication = this;
    let middlewares: readonly Middleware[] = this.middlewares;
    let matchInfo: MatchInfo;
    if (resolution.route !== undefined) {
      handler = resolution.route.handler;
      matchInfo = resolution.matchInfo;
      const apps = resolution.apps;
      if (apps.length > 0) {
        app = apps[apps.length - 1] as AnyApplication;
        middlewares = [...this.middlewares];
        for (const sub of apps) (middlewares as Middleware[]).push(...sub.middlewares);
      }
    } else {
      matchInfo = EMPTY;
      const allowed = resolution.allowed;
      handler =
        allowed === undefined
          ? NOT_FOUND_HANDLER
          : () => {
              throw new HTTPMethodNotAllowed(request.method, allowed);
            };
    }
    requestInternals.attach(request, app as Application, matchInfo, this.clientMaxSize);
    if (middlewares.length > 0) return runMiddlewares(middlewares, 0, request, handler);
    return handler(request);
  }

  /** The response for an error escaping the handler (HTTPException or a 500). */
  errorResponse(error: unknown, request?: Request): StreamResponse {
    if (error instanceof HTTPException) return error.toResponse();
    try {
      getRunningLoop().callExceptionHandler({
        message: `Error handling request${request === undefined ? '' : ` ${request.method} ${request.rawPath}`}`,
        exception: error,
      });
    } catch {
      // No running loop: nothing to report to.
    }
    const text = this.debug
      ? `${SERVER_ERROR_TEXT}\n\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
      : SERVER_ERROR_TEXT;
    return new Response({ status: 500, text });
  }

  /**
   * Serves `request` completely: handle it, then send the response on its transport. An
   * error after the headers went out destroys the connection instead of ending it cleanly.
   */
  serve(request: Request): Operation<void> {
    return this.#serve(request);
  }

  *#serve(request: Request): Coroutine<void> {
    const transport = transportOf(request);
    // The parser may have failed on the rest of this request (bad chunk framing) after
    // emitting it: the connection is gone, so the handler must not run.
    if (transport.dropped) return;
    requestInternals.bindLoop(request, getRunningLoop());
    let response: StreamResponse;
    try {
      const result = this.#dispatch(request);
      // A coroutine handler is delegated to directly: no wrapper generator per request.
      if (result instanceof StreamResponse) response = result;
      else if (isOperation(result)) response = checkResponse(yield* result, 'handler');
      else response = checkResponse(yield* awaitResult(result), 'handler');
    } catch (error) {
      if (isCancelledError(error)) {
        transport.destroy();
        throw error;
      }
      response = this.errorResponse(error, request);
    }
    if (transport.headersSent && !response.prepared) {
      // The handler prepared one response and then failed: the client has half a message.
      transport.destroy();
      return;
    }
    try {
      if (!response.prepared) {
        if (!sendNow(response, request)) yield* sendResponse(response, request);
      } else if (!response.eofSent) yield* response.writeEof();
    } catch (error) {
      if (isCancelledError(error) || transport.headersSent) {
        transport.destroy(error instanceof Error ? error : undefined);
        if (isCancelledError(error)) throw error;
        return;
      }
      yield* sendResponse(this.errorResponse(error, request), request);
    } finally {
      const released = requestInternals.release(request);
      if (released !== undefined) void released;
    }
  }

  /**
   * Runs a whole request in memory (no socket) and returns what the client would receive.
   *
   * @param target the request-target, e.g. `/users/1?x=2`
   * @param init method (default GET), headers, body
   * @example
   * ```ts
   * const response = yield* app.request('/hello');
   * response.status;  // 200
   * response.text();  // 'location /hello'
   * ```
   */
  request(target: string, init: MockedRequestInit = {}): Operation<MockedResponse> {
    return this.#request(target, init);
  }

  *#request(target: string, init: MockedRequestInit): Coroutine<MockedResponse> {
    const [request, transport] = makeMockedRequest(init.method ?? 'GET', target, init, true);
    yield* this.#serve(request);
    return new MockedResponse(transport.captured);
  }

  /** Freezes the route tables of this app and its sub-applications. */
  freeze(): void {
    this.#frozen = true;
    this.router.freeze();
    for (const sub of this.#subapps) sub.freeze();
  }

  /**
   * Runs the cleanup contexts' setup, then `onStartup`, then the sub-applications' startup.
   *
   * @throws whatever a hook throws (the contexts already set up still get cleaned up by cleanup())
   */
  *startup(): Coroutine<void> {
    this.freeze();
    for (const context of this.cleanupCtx) {
      const iterator = context(this);
      this.#contexts.push(iterator);
      if ((yield* advance(iterator)) === 'done') {
        throw new TypeError(`cleanup context ${context.name || 'anonymous'} has no yield`);
      }
    }
    for (const hook of this.onStartup) yield* awaitResult(hook(this));
    for (const sub of this.#subapps) yield* sub.startup();
  }

  /** Runs `onShutdown` hooks, then the sub-applications'. */
  *shutdown(): Coroutine<void> {
    for (const hook of this.onShutdown) yield* awaitResult(hook(this));
    for (const sub of this.#subapps) yield* sub.shutdown();
  }

  /**
   * Runs the cleanup contexts' cleanup (reverse order), then `onCleanup`, then the
   * sub-applications'. Every step runs even when an earlier one fails.
   *
   * @throws ExceptionGroup with every failure
   */
  *cleanup(): Coroutine<void> {
    const errors: unknown[] = [];
    const contexts = this.#contexts.reverse();
    this.#contexts = [];
    for (const iterator of contexts) {
      try {
        if ((yield* advance(iterator)) !== 'done') {
          errors.push(new TypeError('a cleanup context has more than one yield'));
        }
      } catch (error) {
        if (isCancelledError(error)) throw error;
        errors.push(error);
      }
    }
    for (const hook of this.onCleanup) {
      try {
        yield* awaitResult(hook(this));
      } catch (error) {
        if (isCancelledError(error)) throw error;
        errors.push(error);
      }
    }
    for (const sub of this.#subapps) {
      try {
        yield* sub.cleanup();
      } catch (error) {
        if (isCancelledError(error)) throw error;
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new ExceptionGroup('errors during application cleanup', errors);
  }
}

const EMPTY: MatchInfo = Object.freeze(Object.create(null) as MatchInfo);

/**
 * Runs a cleanup context until its bare `yield` (or its end), forwarding the aio
 * suspensions it makes in between to the loop.
 */
function* advance(
  iterator: Generator<unknown, void, unknown> | AsyncGenerator<unknown, void, unknown>,
): Coroutine<'paused' | 'done'> {
  if (Symbol.asyncIterator in iterator) {
    const step = yield* awaitResult(iterator.next());
    return step.done === true ? 'done' : 'paused';
  }
  const generator = iterator;
  let step = generator.next();
  for (;;) {
    if (step.done === true) return 'done';
    if (step.value === undefined) return 'paused';
    try {
      // An aio suspension token: hand it to the loop, then resume the context.
      yield step.value as never;
    } catch (error) {
      step = generator.throw(error);
      continue;
    }
    step = generator.next();
  }
}
