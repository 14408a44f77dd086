/**
 * `ClientSession`: aiohttp's ClientSession over one undici dispatcher. It owns the
 * connection pool, the limits, the cookie jar and the defaults; each request runs as
 * `dispatch` (one exchange with undici, plus aiohttp's one transparent retry of an
 * idempotent request on a stale keep-alive connection), wrapped by the opt-in retries,
 * wrapped by redirect following, all under the request's `total` deadline.
 */
import { getRunningLoop, until, type Coroutine, type EventLoop, type Operation } from '@aio/core';
import { exchangeOf, type ClientResponse } from './client-response.js';
import { ClientCookieJar } from './cookie-jar.js';
import { ClientClosedError, InvalidRequestError } from './errors.js';
import { ConnectionLimiter } from './internal/connection-limiter.js';
import {
  basicAuthHeader,
  buildUrl,
  checkMethod,
  findHeader,
  flattenHeaders,
  mergeHeaders,
  prepareBody,
  takeUrlCredentials,
  toHeaders,
} from './internal/prepare.js';
import { followRedirects } from './internal/redirect.js';
import {
  onTotalTimeout,
  stopTimer,
  stopWhenBodyDone,
  type Hop,
  type RequestState,
} from './internal/request-state.js';
import { dispatch, type SessionCore } from './internal/dispatch.js';
import { withRetries } from './internal/retrying.js';
import {
  createDispatcher,
  type Exchange,
  destroyDispatcher,
  type Dispatcher,
} from './internal/undici.js';
import type { ClientSessionOptions, RequestOptions } from './request-options.js';
import { retryPolicy, type RetryPolicy } from './retry.js';
import { DEFAULT_TIMEOUT, resolveTimeout, type ResolvedTimeout } from './timeouts.js';
import type { TraceConfig, TraceRequestInfo } from './trace.js';

const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];
const DEFAULT_HEADERS = [
  'accept',
  '*/*',
  'accept-encoding',
  'gzip, deflate, br',
  'user-agent',
  'aio-http-client',
];

/**
 * A pool of connections and the defaults for the requests made through it (aiohttp's
 * `ClientSession`). Make one per application, not one per request, and close it when done.
 *
 * - `limit` (default 100) caps connections in use over all hosts and `limitPerHost` per
 *   origin; a request waits (FIFO, visible in the task tree as `ConnectionSlot.acquire`)
 *   for a free slot, and that wait counts against `timeout.connect`.
 * - Idle connections are kept alive for `keepAliveTimeout` (3 s, below the usual 5 s of
 *   servers, so a pooled socket is rarely reused just as the server closes it).
 * - Cancelling the task that awaits a request, or reads its body, aborts the request and
 *   closes its connection.
 *
 * @example
 * ```ts
 * function* fetchOne(session: ClientSession) {
 *   using response = yield* session.get('http://127.0.0.1:8080/');
 *   console.log(response.status);
 *   console.log(yield* response.text());
 * }
 * function* main() {
 *   const session = new ClientSession();
 *   try {
 *     console.log(yield* gather(fetchOne(session), fetchOne(session), fetchOne(session)));
 *   } finally {
 *     yield* session.close();
 *   }
 * }
 * await run(main); // a refused connection raises ClientConnectorError
 * ```
 */
export class ClientSession implements Disposable {
  readonly #baseUrl: URL | undefined;
  readonly #headers: string[];
  readonly #timeout: ResolvedTimeout;
  readonly #limiter: ConnectionLimiter;
  readonly #dispatcher: Dispatcher;
  readonly #proxies = new Map<string, Dispatcher>();
  readonly #raiseForStatus: boolean;
  readonly #jar: ClientCookieJar | undefined;
  readonly #maxRedirects: number;
  readonly #auth: string | undefined;
  readonly #retry: RetryPolicy | undefined;
  readonly #traces: readonly TraceConfig[];
  readonly #maxBodySize: number;
  readonly #strip: ReadonlySet<string>;
  readonly #settings: {
    sockConnect: number | null;
    keepAliveTimeout: number;
    perOrigin: number | null;
  };
  readonly #inflight = new Set<Exchange>();
  readonly #core: SessionCore;
  #closed = false;

  /**
   * @param options defaults and limits, see {@link ClientSessionOptions}
   * @throws RangeError for a negative limit, timeout or maxRedirects
   * @throws InvalidURL for a bad `baseUrl`
   * @throws InvalidRequestError for a bad default header
   */
  constructor(options: ClientSessionOptions = {}) {
    const limit = options.limit ?? 100;
    const limitPerHost = options.limitPerHost ?? 0;
    for (const [name, value] of [
      ['limit', limit],
      ['limitPerHost', limitPerHost],
      ['maxRedirects', options.maxRedirects ?? 10],
    ] as const) {
      if (!Number.isInteger(value) || value < 0) {
        throw new RangeError(`${name} must be an integer >= 0, got ${value}`);
      }
    }
    this.#baseUrl =
      options.baseUrl === undefined ? undefined : buildUrl(options.baseUrl, undefined, undefined);
    this.#headers = mergeHeaders(DEFAULT_HEADERS, flattenHeaders(options.headers));
    this.#timeout = resolveTimeout(DEFAULT_TIMEOUT, options.timeout);
    this.#limiter = new ConnectionLimiter(limit, limitPerHost);
    this.#raiseForStatus = options.raiseForStatus ?? false;
    this.#jar =
      options.cookieJar === false ? undefined : (options.cookieJar ?? new ClientCookieJar());
    this.#maxRedirects = options.maxRedirects ?? 10;
    this.#auth = options.auth === undefined ? undefined : basicAuthHeader(options.auth);
    this.#retry = options.retry === undefined ? undefined : retryPolicy(options.retry);
    this.#traces = options.traceConfigs ?? [];
    this.#maxBodySize = options.maxBodySize ?? 2 ** 30;
    this.#strip = new Set([
      ...CREDENTIAL_HEADERS,
      ...(options.redirectStripHeaders ?? []).map((h) => h.toLowerCase()),
    ]);
    this.#settings = {
      sockConnect: this.#timeout.sockConnect,
      keepAliveTimeout: options.keepAliveTimeout ?? 3_000,
      perOrigin: limitPerHost > 0 ? limitPerHost : limit > 0 ? limit : null,
    };
    this.#dispatcher = createDispatcher({
      sockConnect: this.#settings.sockConnect,
      keepAliveTimeout: this.#settings.keepAliveTimeout,
      connectionsPerOrigin: this.#settings.perOrigin,
      proxy: options.proxy === undefined ? undefined : String(options.proxy),
      trustEnv: options.trustEnv ?? false,
    });
    // The view of this session that a hop (internal/dispatch.ts) works with.
    const session = this;
    this.#core = {
      get closed() {
        return session.#closed;
      },
      limiter: this.#limiter,
      inflight: this.#inflight,
      jar: this.#jar,
      maxBodySize: this.#maxBodySize,
      traced: this.#traces.length > 0,
      trace: (event, hop, extra, loop) => this.#trace(event, hop, extra, loop),
    };
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The session's cookie jar, or undefined when cookies are disabled. */
  get cookieJar(): ClientCookieJar | undefined {
    return this.#jar;
  }

  /**
   * Sends a request and evaluates to its response once the head has arrived (the body is
   * read from the response). Redirects are followed unless `allowRedirects: false`.
   *
   * @param method an HTTP method (case-insensitive)
   * @param url an absolute URL, or one relative to `baseUrl`
   * @param options params, headers, body, auth, timeouts, redirects, retries
   * @returns an Operation evaluating to the {@link ClientResponse}
   * @throws InvalidURL, InvalidRequestError before anything is sent, for bad input
   * @throws ClientConnectorError when the host cannot be reached
   * @throws ServerDisconnectedError when the server closes the connection without answering
   * @throws TooManyRedirects, InvalidUrlRedirectError, NonHttpUrlRedirectError for bad redirects
   * @throws ClientResponseError for a status >= 400 when `raiseForStatus` is set
   * @throws ClientClosedError when the session is (or gets) closed
   * @throws TimeoutError subclasses ({@link ServerTimeoutError}) when a deadline passes
   */
  request(
    method: string,
    url: string | URL,
    options: RequestOptions = {},
  ): Operation<ClientResponse> {
    return this.#request(method, url, options);
  }

  /** `request('GET', url, options)`. */
  get(url: string | URL, options?: RequestOptions): Operation<ClientResponse> {
    return this.#request('GET', url, options ?? {});
  }

  /** `request('POST', url, options)`. */
  post(url: string | URL, options?: RequestOptions): Operation<ClientResponse> {
    return this.#request('POST', url, options ?? {});
  }

  /** `request('PUT', url, options)`. */
  put(url: string | URL, options?: RequestOptions): Operation<ClientResponse> {
    return this.#request('PUT', url, options ?? {});
  }

  /** `request('PATCH', url, options)`. */
  patch(url: string | URL, options?: RequestOptions): Operation<ClientResponse> {
    return this.#request('PATCH', url, options ?? {});
  }

  /** `request('DELETE', url, options)`. */
  delete(url: string | URL, options?: RequestOptions): Operation<ClientResponse> {
    return this.#request('DELETE', url, options ?? {});
  }

  /** `request('HEAD', url, options)`. */
  head(url: string | URL, options?: RequestOptions): Operation<ClientResponse> {
    return this.#request('HEAD', url, options ?? {});
  }

  /** `request('OPTIONS', url, options)`. */
  options(url: string | URL, options?: RequestOptions): Operation<ClientResponse> {
    return this.#request('OPTIONS', url, options ?? {});
  }

  /**
   * Closes the session: requests in flight fail with `ClientClosedError`, unread bodies are
   * dropped, every pooled socket is closed, and later requests fail with
   * `ClientClosedError`. Evaluates once the sockets are closed. Idempotent.
   */
  close(): Operation<void> {
    return this.#close();
  }

  /** Starts closing the session without waiting (for `using`); prefer `yield* close()`. */
  [Symbol.dispose](): void {
    void this.#shutdown().catch(() => undefined);
  }

  #shutdown(): Promise<unknown> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    const error = new ClientClosedError('the session was closed');
    for (const exchange of this.#inflight) exchange.abort(error);
    this.#inflight.clear();
    const all = [this.#dispatcher, ...this.#proxies.values()];
    return Promise.all(all.map((d) => destroyDispatcher(d, error)));
  }

  *#close(): Coroutine<void> {
    yield* until(this.#shutdown());
  }

  #dispatcherFor(proxy: string | URL | undefined): Dispatcher {
    if (proxy === undefined) return this.#dispatcher;
    const key = String(proxy);
    let dispatcher = this.#proxies.get(key);
    if (dispatcher === undefined) {
      dispatcher = createDispatcher({
        sockConnect: this.#settings.sockConnect,
        keepAliveTimeout: this.#settings.keepAliveTimeout,
        connectionsPerOrigin: this.#settings.perOrigin,
        proxy: key,
        trustEnv: false,
      });
      this.#proxies.set(key, dispatcher);
    }
    return dispatcher;
  }

  #firstHop(method: string, input: string | URL, options: RequestOptions): Hop {
    const upper = checkMethod(method);
    const url = buildUrl(input, this.#baseUrl, options.params);
    const urlAuth = takeUrlCredentials(url);
    if (urlAuth !== undefined && options.auth !== undefined) {
      throw new InvalidRequestError('auth', 'credentials are given both in the URL and in auth');
    }
    const auth = options.auth ?? urlAuth;
    const body = prepareBody(options.data, options.json, options.json !== undefined);
    // Hop header lists are never mutated in place, so a request without its own headers or
    // body shares the session's list.
    let headers = this.#headers;
    if (options.headers !== undefined || body !== undefined) {
      headers = mergeHeaders(this.#headers, flattenHeaders(options.headers));
      if (body?.contentType !== undefined && findHeader(headers, 'content-type') < 0) {
        headers.push('content-type', body.contentType);
      }
    }
    let authorization = auth === undefined ? this.#auth : basicAuthHeader(auth);
    if (authorization !== undefined && findHeader(headers, 'authorization') >= 0)
      authorization = undefined;
    return { method: upper, url, headers, body, authorization };
  }

  *#request(
    method: string,
    input: string | URL,
    options: RequestOptions,
  ): Coroutine<ClientResponse> {
    if (this.#closed) throw new ClientClosedError('the session is closed');
    const hop = this.#firstHop(method, input, options);
    const loop = getRunningLoop();
    const timeout = resolveTimeout(this.#timeout, options.timeout);
    const retry =
      options.retry === false
        ? undefined
        : options.retry === undefined
          ? this.#retry
          : retryPolicy(options.retry);
    const maxRedirects = options.maxRedirects ?? this.#maxRedirects;
    if (!Number.isInteger(maxRedirects) || maxRedirects < 0) {
      throw new RangeError(`maxRedirects must be an integer >= 0, got ${maxRedirects}`);
    }
    const state: RequestState = {
      loop,
      timeout,
      deadline: timeout.total === null ? null : loop.time() + timeout.total,
      timer: undefined,
      expired: undefined,
      current: undefined,
      final: false,
      retry,
      allowRedirects: options.allowRedirects ?? true,
      maxRedirects,
      dispatcher: this.#dispatcherFor(options.proxy),
    };
    if (timeout.total !== null) state.timer = loop.callLater(timeout.total, onTotalTimeout, state);
    const traced = this.#traces.length > 0;
    if (traced) this.#trace('onRequestStart', hop);
    try {
      const response = yield* this.#follow(state, hop);
      state.final = true;
      const exchange = exchangeOf(response);
      if (exchange.settled) stopWhenBodyDone(state, exchange);
      if (options.raiseForStatus ?? this.#raiseForStatus) response.raiseForStatus();
      if (traced) this.#trace('onRequestEnd', hop, response);
      return response;
    } catch (error) {
      stopTimer(state);
      if (traced) this.#trace('onRequestException', hop, error);
      throw error;
    }
  }

  /** Redirects: follows 3xx responses, rewriting method, body and credentials per hop. */
  /** Redirects around retries around dispatch, all under the request's deadlines. */
  #follow(state: RequestState, first: Hop): Operation<ClientResponse> {
    const send = (hop: Hop, history: ClientResponse[]): Operation<ClientResponse> =>
      state.retry === undefined
        ? dispatch(this.#core, state, hop, history)
        : withRetries(state, state.retry, hop, () => dispatch(this.#core, state, hop, history));
    const onRedirect =
      this.#traces.length === 0
        ? undefined
        : (hop: Hop, response: ClientResponse) => this.#trace('onRequestRedirect', hop, response);
    return followRedirects(state, first, this.#strip, send, onRedirect);
  }

  #trace(event: keyof TraceConfig, hop: Hop, extra?: unknown, loop?: EventLoop): void {
    const info: TraceRequestInfo = {
      method: hop.method,
      url: hop.url,
      headers: toHeaders(hop.headers),
    };
    for (const config of this.#traces) {
      const hook = config[event] as ((info: TraceRequestInfo, extra?: unknown) => void) | undefined;
      if (hook === undefined) continue;
      try {
        hook.call(config, info, extra);
      } catch (error) {
        (loop ?? getRunningLoop()).callExceptionHandler({
          message: `trace hook ${event} failed`,
          exception: error,
        });
      }
    }
  }
}
