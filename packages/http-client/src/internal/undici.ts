/**
 * The one module that imports undici: the session's dispatcher, one request on it (an
 * `Exchange`), and the mapping of undici errors to ours (the original kept as `cause`).
 *
 * Design note: an Exchange is a raw undici dispatch handler (the callback API under
 * `undici.request`), so a response costs one handler object and no Readable stream: head
 * and body arrive through callbacks into a `BodyBuffer`, and a small response is usually
 * complete by the time the waiting task resumes, so reading it does not suspend again.
 * Redirects, retries and cookies are the session's business; undici only moves bytes.
 */
import {
  Agent,
  EnvHttpProxyAgent,
  FormData as UndiciFormData,
  ProxyAgent,
  type Dispatcher,
} from 'undici';
import { CancelledError } from '@aio/core';
import {
  ClientClosedError,
  ClientConnectionError,
  ClientConnectorError,
  ClientError,
  ClientPayloadError,
  ConnectionTimeoutError,
  InvalidRequestError,
  ServerDisconnectedError,
  ServerTimeoutError,
  SocketTimeoutError,
} from '../errors.js';
import { BodyBuffer, decodersFor, type BodySource } from './body-buffer.js';
import { ConnectingSockets } from './connecting-sockets.js';

export type { Dispatcher };

/** Settings of the session's dispatcher. */
export interface DispatcherSettings {
  sockConnect: number | null;
  keepAliveTimeout: number;
  connectionsPerOrigin: number | null;
  proxy: string | undefined;
  trustEnv: boolean;
}

/** Creates the session's dispatcher: an Agent, a ProxyAgent or an EnvHttpProxyAgent. */
export function createDispatcher(settings: DispatcherSettings): Dispatcher {
  const options = {
    keepAliveTimeout: settings.keepAliveTimeout,
    keepAliveTimeoutThreshold: 1_000,
    keepAliveMaxTimeout: Math.max(settings.keepAliveTimeout, 1_000),
    connections: settings.connectionsPerOrigin,
    headersTimeout: 0,
    bodyTimeout: 0,
    connect: { timeout: settings.sockConnect ?? 0 },
  };
  if (settings.proxy !== undefined) return new ProxyAgent({ ...options, uri: settings.proxy });
  if (settings.trustEnv) return new EnvHttpProxyAgent(options);
  const connecting = new ConnectingSockets(settings.sockConnect ?? 0);
  const agent = new Agent({ ...options, connect: connecting.connect });
  connectingOf.set(agent, connecting);
  return agent;
}

/** The connects in progress of each direct (not proxied) dispatcher. */
const connectingOf = new WeakMap<Dispatcher, ConnectingSockets>();

/** Closes a dispatcher at once: open sockets are destroyed, in-flight requests fail. */
export function destroyDispatcher(dispatcher: Dispatcher, reason: Error): Promise<void> {
  return dispatcher.destroy(reason);
}

/** A request body in a form undici sends. */
export type WireBody =
  | string
  | Uint8Array
  | FormData
  | Blob
  | Iterable<Uint8Array | string>
  | AsyncIterable<Uint8Array | string>
  | NodeJS.ReadableStream
  | null;

/** One request as undici sends it. */
export interface WireRequest {
  origin: string;
  path: string;
  method: string;
  /** Flat `[name, value, name, value, ...]`, already validated. */
  headers: string[];
  body: WireBody;
  sockRead: number | null;
  sockConnect: number | null;
  maxBodySize: number;
  host: string;
  port: number;
}

/** Called once when undici is done with an exchange (the connection is free or closed). */
export type SettleHook = (exchange: Exchange) => void;

/** Called when the connection is ready and the request is about to be written. */
export type ConnectHook = (exchange: Exchange) => void;

/**
 * undici only serialises its own FormData class (it checks the brand, and Node's global
 * FormData comes from Node's bundled undici), so a foreign one is copied entry by entry.
 */
function wireBody(body: WireBody): Dispatcher.DispatchOptions['body'] {
  if (
    body === null ||
    typeof body !== 'object' ||
    body instanceof UndiciFormData ||
    (body as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] !== 'FormData'
  ) {
    return body as Dispatcher.DispatchOptions['body'];
  }
  const form = new UndiciFormData();
  (body as FormData).forEach((value, name) => {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, value, (value as { name?: string }).name);
  });
  return form;
}

const NO_BODY_STATUS = new Set([204, 304]);

/**
 * One request/response on the dispatcher, implementing undici's handler callbacks.
 *
 * Invariant: `settled` turns true exactly once, when undici reports completion or an
 * error; `onSettle` then runs (it frees the session's connection slot).
 */
export class Exchange implements BodySource {
  readonly request: WireRequest;
  status = 0;
  statusText = '';
  /** Response headers as `[lowercase name, value, ...]`. */
  headerList: string[] = [];
  body: BodyBuffer | undefined;
  connected = false;
  settled = false;
  /** A failure before the head arrived (read by `head`). */
  failure: unknown = undefined;
  onConnectHook: ConnectHook | undefined;
  #onSettle: SettleHook;
  #abort: ((error: Error) => void) | undefined;
  #pendingAbort: Error | undefined;
  /** Set while dispatched and not connected yet (direct dispatchers only). */
  #connecting: ConnectingSockets | undefined;
  #resume: (() => void) | undefined;
  #resolveHead: (() => void) | undefined;
  #rejectHead: ((error: unknown) => void) | undefined;
  /** Resolves when the head has arrived; rejects with a mapped error. */
  readonly head: Promise<void>;

  constructor(dispatcher: Dispatcher, request: WireRequest, onSettle: SettleHook) {
    this.request = request;
    this.#onSettle = onSettle;
    this.head = new Promise<void>((resolve, reject) => {
      this.#resolveHead = resolve;
      this.#rejectHead = reject;
    });
    this.#connecting = connectingOf.get(dispatcher);
    this.#connecting?.waitingStarted();
    dispatcher.dispatch(
      {
        origin: request.origin,
        path: request.path,
        method: request.method,
        headers: request.headers,
        body: wireBody(request.body),
        headersTimeout: request.sockRead ?? 0,
        bodyTimeout: request.sockRead ?? 0,
        reset: false,
      },
      this,
    );
  }

  /** Aborts the request at whatever stage it is; the socket is destroyed, not pooled. */
  abort(error: unknown): void {
    const reason = error instanceof Error ? error : new ClientConnectionError(String(error));
    if (this.#abort !== undefined) this.#abort(reason);
    else if (!this.settled) {
      this.#pendingAbort ??= reason;
      this.#stopWaiting(true);
    }
    this.body?.fail(reason);
    this.#failHead(reason);
  }

  pause(): void {
    // Pausing is done by returning false from onData.
  }

  resume(): void {
    this.#resume?.();
  }

  // undici handler callbacks (the classic API: no wrapper object per request).

  onConnect(abort: (error: Error) => void): void {
    this.#stopWaiting(false);
    if (this.#pendingAbort !== undefined) {
      abort(this.#pendingAbort);
      return;
    }
    this.#abort = abort;
    this.connected = true;
    this.onConnectHook?.(this);
  }

  onHeaders(status: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    if (status < 200) return true;
    this.status = status;
    this.statusText = statusText;
    this.#resume = resume;
    const list: string[] = new Array<string>(rawHeaders.length);
    let encoding: string | undefined;
    for (let i = 0; i < rawHeaders.length; i += 2) {
      const name = rawHeaders[i]!.toString('latin1').toLowerCase();
      const value = rawHeaders[i + 1]!.toString('latin1');
      list[i] = name;
      list[i + 1] = value;
      if (name === 'content-encoding')
        encoding = encoding === undefined ? value : `${encoding}, ${value}`;
    }
    this.headerList = list;
    let decoders;
    const bodyless = this.request.method === 'HEAD' || NO_BODY_STATUS.has(status);
    try {
      decoders = encoding === undefined || bodyless ? undefined : decodersFor(encoding);
    } catch (error) {
      this.#failHead(error);
      this.#abort?.(error as Error);
      return false;
    }
    this.body = new BodyBuffer(this, this.request.maxBodySize, decoders);
    const resolve = this.#resolveHead;
    this.#resolveHead = this.#rejectHead = undefined;
    resolve?.();
    return true;
  }

  onData(chunk: Buffer): boolean {
    return this.body!.push(chunk);
  }

  onComplete(): void {
    this.body?.end();
    this.#settle();
  }

  onError(error: Error): void {
    const mapped = mapUndiciError(error, this);
    if (this.body !== undefined) this.body.fail(mapped);
    else this.#failHead(mapped);
    this.#settle();
  }

  onUpgrade(): void {
    this.#abort?.(new ClientPayloadError('the server switched protocols, which is not supported'));
  }

  #failHead(error: unknown): void {
    const reject = this.#rejectHead;
    if (reject === undefined) return;
    this.#resolveHead = this.#rejectHead = undefined;
    this.failure = error;
    reject(error);
  }

  /** This exchange no longer waits for a connection (see connecting-sockets.ts). */
  #stopWaiting(cancelled: boolean): void {
    const connecting = this.#connecting;
    if (connecting === undefined) return;
    this.#connecting = undefined;
    connecting.waitingEnded(cancelled);
  }

  #settle(): void {
    if (this.settled) return;
    this.#stopWaiting(false);
    this.settled = true;
    this.#abort = undefined;
    this.#resume = undefined;
    this.#onSettle(this);
  }
}

const CONNECT_ERRORS = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ETIMEDOUT',
  'EPROTO',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
]);

/**
 * Turns an undici (or socket) error into ours, keeping it as `cause`. Errors that are
 * already ours, and cancellations, pass through.
 */
export function mapUndiciError(error: unknown, exchange: Exchange): unknown {
  if (
    error instanceof ClientError ||
    error instanceof ServerTimeoutError ||
    error instanceof CancelledError
  ) {
    return error;
  }
  const code = (error as { code?: unknown } | null)?.code;
  const { request } = exchange;
  const afterHead = exchange.body !== undefined;
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new ConnectionTimeoutError('sockConnect', request.sockConnect ?? 0, { cause: error });
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return new SocketTimeoutError('sockRead', request.sockRead ?? 0, { cause: error });
    case 'UND_ERR_DESTROYED':
    case 'UND_ERR_CLOSED':
      return new ClientClosedError('the session is closed', { cause: error });
    case 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH':
      return new InvalidRequestError('body', 'the body length does not match Content-Length', {
        cause: error,
      });
    case 'UND_ERR_INVALID_ARG':
    case 'UND_ERR_NOT_SUPPORTED':
      return new InvalidRequestError('option', (error as Error).message, { cause: error });
    default:
      break;
  }
  if (!exchange.connected && typeof code === 'string' && CONNECT_ERRORS.has(code)) {
    return new ClientConnectorError(
      `cannot connect to host ${request.host}:${request.port}`,
      request.host,
      request.port,
      { cause: error },
    );
  }
  if (
    (error as Error | null)?.name === 'HTTPParserError' ||
    (typeof code === 'string' &&
      (code.startsWith('HPE_') ||
        code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' ||
        code === 'UND_ERR_HEADERS_OVERFLOW' ||
        code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE'))
  ) {
    return new ClientPayloadError('the server sent an invalid HTTP response', { cause: error });
  }
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE') {
    if (afterHead) {
      return new ClientPayloadError('the response payload is not complete', { cause: error });
    }
    if (exchange.connected)
      return new ServerDisconnectedError('server disconnected', { cause: error });
  }
  if (!exchange.connected) {
    return new ClientConnectorError(
      `cannot connect to host ${request.host}:${request.port}`,
      request.host,
      request.port,
      { cause: error },
    );
  }
  return new ClientConnectionError((error as Error)?.message ?? String(error), { cause: error });
}
