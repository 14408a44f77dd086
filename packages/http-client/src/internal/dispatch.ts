/**
 * One hop of a request, the function that redirects and retries wrap: take a connection
 * slot (waiting under the connect and total deadlines), start an undici exchange, wait for
 * the response head, and store its cookies. A stale keep-alive connection closed by the
 * server is retried once for idempotent requests, as aiohttp does.
 */
import {
  isCancelledError,
  until,
  type Coroutine,
  type EventLoop,
  type TimerHandle,
} from '@aio/core';
import { ClientResponse } from '../client-response.js';
import type { ClientCookieJar } from '../cookie-jar.js';
import { ClientClosedError, ConnectionTimeoutError, ServerDisconnectedError } from '../errors.js';
import type { TraceConfig } from '../trace.js';
import type { ConnectionLimiter } from './connection-limiter.js';
import { IDEMPOTENT, findHeader } from './prepare.js';
import { stopWhenBodyDone, underDeadline, type Hop, type RequestState } from './request-state.js';
import { Exchange } from './undici.js';

const NO_HISTORY: readonly ClientResponse[] = Object.freeze([]);

/** What a hop needs from its session. */
export interface SessionCore {
  readonly closed: boolean;
  readonly limiter: ConnectionLimiter;
  /** Exchanges undici has not finished; closing the session aborts them. */
  readonly inflight: Set<Exchange>;
  readonly jar: ClientCookieJar | undefined;
  readonly maxBodySize: number;
  /** Whether any trace hook is configured. */
  readonly traced: boolean;
  trace(event: keyof TraceConfig, hop: Hop, extra?: unknown, loop?: EventLoop): void;
}

/**
 * One hop: a connection slot, one exchange with undici, and the response head. A stale
 * keep-alive connection closed by the server is retried once for idempotent requests
 * (as aiohttp does).
 */
export function* dispatch(
  session: SessionCore,
  state: RequestState,
  hop: Hop,
  history: ClientResponse[],
): Coroutine<ClientResponse> {
  for (let attempt = 0; ; attempt++) {
    if (session.closed) throw new ClientClosedError('the session is closed');
    if (state.expired !== undefined) throw state.expired;
    const exchange = yield* startExchange(session, state, hop);
    try {
      yield* until(exchange.head);
    } catch (error) {
      if (isCancelledError(error)) exchange.abort(error);
      if (
        error instanceof ServerDisconnectedError &&
        attempt === 0 &&
        IDEMPOTENT.has(hop.method) &&
        (hop.body === undefined || hop.body.replayable)
      ) {
        continue;
      }
      throw error;
    }
    const response = new ClientResponse({
      exchange,
      method: hop.method,
      url: hop.url,
      requestHeaders: exchange.request.headers,
      history: history.length === 0 ? NO_HISTORY : history.slice(),
    });
    const jar = session.jar;
    if (jar !== undefined && findHeader(exchange.headerList, 'set-cookie') >= 0) {
      jar.updateCookies(response.headers.getSetCookie(), hop.url);
    }
    return response;
  }
}

/** Takes a connection slot and starts the exchange. */
function* startExchange(session: SessionCore, state: RequestState, hop: Hop): Coroutine<Exchange> {
  const { loop, timeout } = state;
  const url = hop.url;
  const origin = url.origin;
  const connectMs = timeout.connect;
  const connectDeadline = connectMs === null ? null : loop.time() + connectMs;
  if (session.limiter.wouldWait(origin)) {
    const traced = session.traced;
    if (traced) session.trace('onConnectionQueuedStart', hop);
    yield* underDeadline(state, session.limiter.acquire(origin), connectDeadline);
    if (traced) session.trace('onConnectionQueuedEnd', hop);
  } else {
    // Both permits are free: this takes them without suspending.
    yield* session.limiter.acquire(origin);
  }
  if (session.closed) {
    session.limiter.release(origin);
    throw new ClientClosedError('the session is closed');
  }
  let headers = hop.headers;
  const cookie = session.jar?.cookieHeader(url) ?? '';
  if (cookie !== '' || hop.authorization !== undefined) {
    headers = headers.slice();
    if (cookie !== '') headers.push('cookie', cookie);
    if (hop.authorization !== undefined) headers.push('authorization', hop.authorization);
  }
  let connectTimer: TimerHandle | undefined;
  const inflight = session.inflight;
  const limiter = session.limiter;
  const exchange = new Exchange(
    state.dispatcher,
    {
      origin,
      path: url.pathname + url.search,
      method: hop.method,
      headers,
      body: hop.body?.wire ?? null,
      sockRead: timeout.sockRead,
      sockConnect: timeout.sockConnect,
      maxBodySize: session.maxBodySize,
      host: url.hostname,
      port: url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port),
    },
    (done) => {
      limiter.release(origin);
      inflight.delete(done);
      connectTimer?.cancel();
      if (state.final && state.current === done) stopWhenBodyDone(state, done);
      if (done.failure !== undefined || done.body?.error !== undefined) hop.body?.stream?.destroy();
    },
  );
  if (!exchange.settled) inflight.add(exchange);
  state.current = exchange;
  if (connectDeadline !== null && !exchange.settled) {
    connectTimer = loop.callAt(connectDeadline, () => {
      if (!exchange.connected)
        exchange.abort(new ConnectionTimeoutError('connect', connectMs ?? 0));
    });
  }
  if (session.traced || connectTimer !== undefined) {
    exchange.onConnectHook = () => {
      connectTimer?.cancel();
      if (session.traced) session.trace('onConnectionAcquired', hop, undefined, loop);
    };
  }
  return exchange;
}
