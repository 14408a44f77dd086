/**
 * Every error class of `@aio/http-client`.
 *
 * The family follows aiohttp's: `ClientError` at the root; "it broke under you"
 * (`ClientConnectionError` and below) is apart from "you closed it" (`ClientClosedError`).
 * Timeouts are not ClientErrors: they extend `TimeoutError` from `@aio/core`, so one
 * `instanceof TimeoutError` check catches every deadline, as `asyncio.TimeoutError` does.
 * Each class has a stable `code`; wrapped undici or socket errors are kept as `cause`.
 */
import { TimeoutError } from '@aio/core';

/** What a response error knows about the request that produced it. */
export interface RequestInfo {
  /** The request method, e.g. `GET`. */
  readonly method: string;
  /** The URL of the request that failed (for redirects: the first URL). */
  readonly url: URL;
  /** The request headers that were sent. */
  readonly headers: Headers;
}

/**
 * The root of every client error except timeouts (aiohttp's `ClientError`).
 *
 * @example
 * ```ts
 * try {
 *   yield* session.get(url);
 * } catch (error) {
 *   if (error instanceof ClientError) console.log(error.code);
 *   else throw error;
 * }
 * ```
 */
export class ClientError extends Error {
  override readonly name: string = 'ClientError';
  /** Stable error code. */
  readonly code: string = 'ERR_CLIENT';
}

/** The request could not be made or completed on the connection (aiohttp's). */
export class ClientConnectionError extends ClientError {
  override readonly name: string = 'ClientConnectionError';
  override readonly code: string = 'ERR_CLIENT_CONNECTION';
}

/**
 * Connecting to the server failed (refused, unreachable, DNS failure). `host` and `port`
 * name the endpoint; the socket error is the `cause`.
 */
export class ClientConnectorError extends ClientConnectionError {
  override readonly name: string = 'ClientConnectorError';
  override readonly code: string = 'ERR_CLIENT_CONNECTOR';
  /** The host that could not be reached. */
  readonly host: string;
  /** The port that could not be reached. */
  readonly port: number;

  /**
   * @param message what failed
   * @param host the host
   * @param port the port
   * @param options the socket error as `cause`
   */
  constructor(message: string, host: string, port: number, options?: { cause?: unknown }) {
    super(message, options);
    this.host = host;
    this.port = port;
  }
}

/** The server closed the connection before sending a (complete) response head. */
export class ServerDisconnectedError extends ClientConnectionError {
  override readonly name: string = 'ServerDisconnectedError';
  override readonly code: string = 'ERR_SERVER_DISCONNECTED';
}

/**
 * The response body was malformed, cut short, too large, or the response head was not valid
 * HTTP (aiohttp's `ClientPayloadError`). The connection is closed, never reused.
 */
export class ClientPayloadError extends ClientError {
  override readonly name: string = 'ClientPayloadError';
  override readonly code: string = 'ERR_CLIENT_PAYLOAD';
}

/** The decoded response body passed the session's `maxBodySize`. */
export class PayloadTooLargeError extends ClientPayloadError {
  override readonly name: string = 'PayloadTooLargeError';
  override readonly code: string = 'ERR_PAYLOAD_TOO_LARGE';
  /** The limit in bytes. */
  readonly limit: number;

  /**
   * @param limit the limit in bytes
   */
  constructor(limit: number) {
    super(`the decoded response body exceeds maxBodySize (${limit} bytes)`);
    this.limit = limit;
  }
}

/** Options of {@link ClientResponseError}. */
export interface ClientResponseErrorOptions {
  /** The HTTP status, 0 when there is none. */
  status: number;
  /** The request that failed. */
  requestInfo?: RequestInfo | undefined;
  /** The response headers. */
  headers?: Headers | undefined;
  /** The responses of the redirects followed before this one. */
  history?: readonly unknown[] | undefined;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * A response the caller asked to treat as an error (`raiseForStatus`), or a redirect
 * failure. `status` is the HTTP status.
 */
export class ClientResponseError extends ClientError {
  override readonly name: string = 'ClientResponseError';
  override readonly code: string = 'ERR_CLIENT_RESPONSE';
  /** The HTTP status. */
  readonly status: number;
  /** The request that failed. */
  readonly requestInfo: RequestInfo | undefined;
  /** The response headers. */
  readonly headers: Headers | undefined;
  /** The responses of the redirects followed before this one. */
  readonly history: readonly unknown[];

  /**
   * @param message the reason phrase or what went wrong
   * @param options status, request info, headers, history and cause
   */
  constructor(message: string, options: ClientResponseErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.requestInfo = options.requestInfo;
    this.headers = options.headers;
    this.history = options.history ?? [];
  }
}

/** `response.json()` met a body whose Content-Type is not JSON (aiohttp's). */
export class ContentTypeError extends ClientResponseError {
  override readonly name: string = 'ContentTypeError';
  override readonly code: string = 'ERR_CONTENT_TYPE';
}

/** More redirects than `maxRedirects`; `history` holds the ones followed. */
export class TooManyRedirects extends ClientResponseError {
  override readonly name: string = 'TooManyRedirects';
  override readonly code: string = 'ERR_TOO_MANY_REDIRECTS';
}

/** A URL that cannot be requested: unparsable, not http(s), or carrying control characters. */
export class InvalidURL extends ClientError {
  override readonly name: string = 'InvalidURL';
  override readonly code: string = 'ERR_INVALID_URL';
  /** The offending URL, as given. */
  readonly url: string;

  /**
   * @param url the offending URL
   * @param message why it is invalid
   * @param options the parse error as `cause`
   */
  constructor(url: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.url = url;
  }
}

/** A redirect whose `Location` is not a valid URL. */
export class InvalidUrlRedirectError extends InvalidURL {
  override readonly name: string = 'InvalidUrlRedirectError';
  override readonly code: string = 'ERR_INVALID_URL_REDIRECT';
}

/** A redirect to a scheme other than http or https (`file:`, `data:`, ...). */
export class NonHttpUrlRedirectError extends InvalidURL {
  override readonly name: string = 'NonHttpUrlRedirectError';
  override readonly code: string = 'ERR_NON_HTTP_URL_REDIRECT';
}

/**
 * A request refused before any byte was sent: a header name or value, the method or the
 * body is not acceptable (CR/LF or control characters, an unknown method, `data` and
 * `json` together, a body that cannot be sent again after a 307/308). `field` names it.
 */
export class InvalidRequestError extends ClientError {
  override readonly name: string = 'InvalidRequestError';
  override readonly code: string = 'ERR_INVALID_REQUEST';
  /** What is wrong: `method`, `header`, `body`, `auth` or `option`. */
  readonly field: string;

  /**
   * @param field what is wrong
   * @param message the constraint that was broken
   * @param options the underlying error as `cause`
   */
  constructor(field: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.field = field;
  }
}

/** The session was closed: by `close()` before or during this request. */
export class ClientClosedError extends ClientError {
  override readonly name: string = 'ClientClosedError';
  override readonly code: string = 'ERR_CLIENT_CLOSED';
}

/** Which deadline of a `ClientTimeout` passed. */
export type TimeoutPhase = 'total' | 'connect' | 'sockConnect' | 'sockRead';

/**
 * A deadline of the request's `ClientTimeout` passed. It is `instanceof TimeoutError` from
 * `@aio/core`; `phase` says which deadline, and `cause` holds the undici error when undici
 * detected it (connect and read timeouts).
 */
export class ServerTimeoutError extends TimeoutError {
  /** Which deadline passed. */
  readonly phase: TimeoutPhase;
  /** The deadline in ms. */
  readonly timeoutMs: number;

  /**
   * @param phase which deadline passed
   * @param timeoutMs the deadline in ms
   * @param options the undici error as `cause`
   */
  constructor(phase: TimeoutPhase, timeoutMs: number, options?: { cause?: unknown }) {
    super(`${phase} timeout of ${timeoutMs} ms exceeded`, options);
    // core types TimeoutError's name as the literal 'TimeoutError', so a subclass cannot
    // override the field; the runtime name still says which class this is.
    Object.defineProperty(this, 'name', {
      value: new.target.name,
      configurable: true,
      writable: true,
    });
    this.phase = phase;
    this.timeoutMs = timeoutMs;
  }
}

/** Getting a connection (waiting for a free slot plus connecting) took too long. */
export class ConnectionTimeoutError extends ServerTimeoutError {}

/** The server sent nothing for longer than `sockRead` while we waited for data. */
export class SocketTimeoutError extends ServerTimeoutError {}
