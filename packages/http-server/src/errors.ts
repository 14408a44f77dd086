/**
 * Every error class of `@aio/http-server`.
 *
 * `HTTPException` and its subclasses carry an HTTP status and render themselves as a
 * response (`toResponse()`): a handler or middleware throws `new HTTPNotFound()` or
 * `new HTTPFound('/login')` and the client gets that answer. There is one class per common
 * status plus the generic `HTTPException(status)`. The other classes report programming or
 * connection errors and are never sent to the client as such.
 */
import { reasonOf } from './internal/reasons.js';
import { Response } from './response.js';

/** Options shared by every {@link HTTPException}. */
export interface HTTPExceptionOptions {
  /** Extra response headers (`Allow`, `Location`, `WWW-Authenticate`, …). */
  headers?: Record<string, string> | undefined;
  /** The reason phrase; defaults to the standard one for the status. */
  reason?: string | undefined;
  /** The response body as text; defaults to `"<status>: <reason>"` as in aiohttp. */
  text?: string | undefined;
  /** The body's content type (default `text/plain`). */
  contentType?: string | undefined;
  /** The error this one wraps. */
  cause?: unknown;
}

/**
 * An HTTP answer raised as an exception: the generic class of every `HTTPxxx` error.
 *
 * Throw it (or a subclass) from a handler or a middleware; the application turns it into a
 * response with {@link HTTPException.toResponse}. Its `code` is `ERR_HTTP_<status>`.
 *
 * @example
 * ```ts
 * function* handler(request: Request) {
 *   if (!request.headers.get('authorization')) throw new HTTPException(401);
 *   throw new HTTPException(418, { reason: "I'm a teapot" });
 * }
 * ```
 */
export class HTTPException extends Error {
  override name = 'HTTPException';
  /** Stable error code: `ERR_HTTP_<status>`. */
  readonly code: string;
  /** The HTTP status code. */
  readonly status: number;
  /** The reason phrase sent on the status line. */
  readonly reason: string;
  /** The response body text. */
  readonly text: string;
  /** Extra response headers. */
  readonly headers: Readonly<Record<string, string>>;
  readonly #contentType: string;

  /**
   * @param status the HTTP status (100–599)
   * @param options headers, reason, text, contentType, cause
   * @throws RangeError when status is not an integer in 100–599
   */
  constructor(status: number, options: HTTPExceptionOptions = {}) {
    if (!Number.isInteger(status) || status < 100 || status > 599) {
      throw new RangeError(`status must be an integer in 100-599, got ${String(status)}`);
    }
    const reason = options.reason ?? reasonOf(status);
    super(`${status}: ${reason}`, options.cause === undefined ? {} : { cause: options.cause });
    this.status = status;
    this.reason = reason;
    this.code = `ERR_HTTP_${status}`;
    this.text = options.text ?? (status === 204 || status === 304 ? '' : `${status}: ${reason}`);
    this.headers = { ...options.headers };
    this.#contentType = options.contentType ?? 'text/plain';
  }

  /** Whether the status is an error (>= 400); redirects and successes are not. */
  get isError(): boolean {
    return this.status >= 400;
  }

  /**
   * Renders the exception as the response the client receives.
   *
   * @returns a new {@link Response} with this status, reason, headers and text
   */
  toResponse(): Response {
    const empty = this.status === 204 || this.status === 304;
    return new Response({
      status: this.status,
      reason: this.reason,
      headers: this.headers,
      ...(empty ? {} : { text: this.text, contentType: this.#contentType }),
    });
  }
}

/** 400 Bad Request: malformed input (bad JSON, bad form, bad Host, bad target). */
export class HTTPBadRequest extends HTTPException {
  override name = 'HTTPBadRequest';
  /** @param options headers, reason, text, contentType, cause */
  constructor(options?: HTTPExceptionOptions) {
    super(400, options);
  }
}

/** 401 Unauthorized. */
export class HTTPUnauthorized extends HTTPException {
  override name = 'HTTPUnauthorized';
  /** @param options headers, reason, text, contentType, cause */
  constructor(options?: HTTPExceptionOptions) {
    super(401, options);
  }
}

/** 403 Forbidden. */
export class HTTPForbidden extends HTTPException {
  override name = 'HTTPForbidden';
  /** @param options headers, reason, text, contentType, cause */
  constructor(options?: HTTPExceptionOptions) {
    super(403, options);
  }
}

/** 404 Not Found: no route matched, or a static file is missing or refused. */
export class HTTPNotFound extends HTTPException {
  override name = 'HTTPNotFound';
  /** @param options headers, reason, text, contentType, cause */
  constructor(options?: HTTPExceptionOptions) {
    super(404, options);
  }
}

/** 408 Request Timeout. */
export class HTTPRequestTimeout extends HTTPException {
  override name = 'HTTPRequestTimeout';
  /** @param options headers, reason, text, contentType, cause */
  constructor(options?: HTTPExceptionOptions) {
    super(408, options);
  }
}

/** 409 Conflict. */
export class HTTPConflict extends HTTPException {
  override name = 'HTTPConflict';
  /** @param options headers, reason, text, contentType, cause */
  constructor(options?: HTTPExceptionOptions) {
    super(409, options);
  }
}

/** 410 Gone. */
export class HTTPGone extends HTTPException {
  override name = 'HTTPGone';
  /** @param options headers, reason, text, contentType, cause */
  constructor(options?: HTTPExceptionOptions) {
    super(410, options);
  }
}

/** 415 Unsupported Media Type: a body parser got a content type it does not read. */
export class HTTPUnsupportedMediaType extends HTTPException {
  override name = 'HTTPUnsupportedMediaType';
  /** @param options headers, reason, text, contentType, cause */
  constructor(options?: HTTPExceptionOptions) {
    super(415, options);
  }
}

/** 416 Range Not Satisfiable. */
export class HTTPRangeNotSatisfiable extends HTTPException {
  override name = 'HTTPRangeNotSatisfiable';
  /** @param options headers, reason, text, contentType, cause */
  constructor(options?: HTTPExceptionOptions) {
    super(416, options);
  }
}

/** 417 Expectation Failed: an `Expect` header other than `100-continue`. */
export class HTTPExpectationFailed extends HTTPException {
  override name = 'HTTPExpectationFailed';
  /** @param options headers, reason, text, contentType, cause */
  constructor(options?: HTTPExceptionOptions) {
    super(417, options);
  }
}

/** 422 Unprocessable Content. */
export class HTTPUnprocessableEntity extends HTTPException {
  override name = 'HTTPUnprocessableEntity';
  /** @param options headers, reason, text, contentType, cause */
  constructor(options?: HTTPExceptionOptions) {
    super(422, options);
  }
}

/** 429 Too Many Requests. */
export class HTTPTooManyRequests extends HTTPException {
  override name = 'HTTPTooManyRequests';
  /** @param options headers, reason, text, contentType, cause */
  constructor(options?: HTTPExceptionOptions) {
    super(429, options);
  }
}

/** 500 Internal Server Error. */
export class HTTPInternalServerError extends HTTPException {
  override name = 'HTTPInternalServerError';
  /** @param options headers, reason, text, contentType, cause */
  constructor(options?: HTTPExceptionOptions) {
    super(500, options);
  }
}

/** 501 Not Implemented. */
export class HTTPNotImplemented extends HTTPException {
  override name = 'HTTPNotImplemented';
  /** @param options headers, reason, text, contentType, cause */
  constructor(options?: HTTPExceptionOptions) {
    super(501, options);
  }
}

/** 502 Bad Gateway. */
export class HTTPBadGateway extends HTTPException {
  override name = 'HTTPBadGateway';
  /** @param options headers, reason, text, contentType, cause */
  constructor(options?: HTTPExceptionOptions) {
    super(502, options);
  }
}

/** 503 Service Unavailable. */
export class HTTPServiceUnavailable extends HTTPException {
  override name = 'HTTPServiceUnavailable';
  /** @param options headers, reason, text, contentType, cause */
  constructor(options?: HTTPExceptionOptions) {
    super(503, options);
  }
}

/** 504 Gateway Timeout. */
export class HTTPGatewayTimeout extends HTTPException {
  override name = 'HTTPGatewayTimeout';
  /** @param options headers, reason, text, contentType, cause */
  constructor(options?: HTTPExceptionOptions) {
    super(504, options);
  }
}

/** 304 Not Modified (FileResponse sends it for a matching conditional request). */
export class HTTPNotModified extends HTTPException {
  override name = 'HTTPNotModified';
  /** @param options headers, reason, text, contentType, cause */
  constructor(options?: HTTPExceptionOptions) {
    super(304, options);
  }
}

/** 204 No Content. */
export class HTTPNoContent extends HTTPException {
  override name = 'HTTPNoContent';
  /** @param options headers, reason, text, contentType, cause */
  constructor(options?: HTTPExceptionOptions) {
    super(204, options);
  }
}

/**
 * 405 Method Not Allowed: the path exists for other methods. Sends `Allow` with them.
 */
export class HTTPMethodNotAllowed extends HTTPException {
  override name = 'HTTPMethodNotAllowed';
  /** The request's method. */
  readonly method: string;
  /** The methods the path accepts, sorted. */
  readonly allowedMethods: readonly string[];

  /**
   * @param method the request's method
   * @param allowedMethods the methods the route accepts
   * @param options other {@link HTTPExceptionOptions}
   */
  constructor(
    method: string,
    allowedMethods: Iterable<string>,
    options: HTTPExceptionOptions = {},
  ) {
    const allowed = [...new Set(allowedMethods)].sort();
    super(405, { ...options, headers: { ...options.headers, Allow: allowed.join(',') } });
    this.method = method;
    this.allowedMethods = allowed;
  }
}

/**
 * 413 Content Too Large: the request body is over `clientMaxSize`.
 */
export class HTTPRequestEntityTooLarge extends HTTPException {
  override name = 'HTTPRequestEntityTooLarge';
  /** The limit in bytes. */
  readonly maxSize: number;
  /** The body size seen so far (or announced by Content-Length), in bytes. */
  readonly actualSize: number;

  /**
   * @param maxSize the limit in bytes
   * @param actualSize the size seen or announced
   * @param options other {@link HTTPExceptionOptions}
   */
  constructor(maxSize: number, actualSize: number, options: HTTPExceptionOptions = {}) {
    super(413, {
      text: `Maximum request body size ${maxSize} exceeded, actual body size ${actualSize}`,
      ...options,
      headers: { Connection: 'close', ...options.headers },
    });
    this.maxSize = maxSize;
    this.actualSize = actualSize;
  }
}

/**
 * The redirect family: each takes the target location, sent as `Location`.
 *
 * @throws TypeError when location is empty or holds CR, LF or other control characters
 */
export class HTTPRedirection extends HTTPException {
  override name = 'HTTPRedirection';
  /** The target of the redirect. */
  readonly location: string;

  /**
   * @param status a 3xx status
   * @param location the redirect target
   * @param options other {@link HTTPExceptionOptions}
   */
  constructor(status: number, location: string, options: HTTPExceptionOptions = {}) {
    // eslint-disable-next-line no-control-regex
    if (typeof location !== 'string' || location === '' || /[\x00-\x1f\x7f]/.test(location)) {
      throw new TypeError('location must be a non-empty string without control characters');
    }
    super(status, { ...options, headers: { ...options.headers, Location: location } });
    this.location = location;
  }
}

/** 301 Moved Permanently. */
export class HTTPMovedPermanently extends HTTPRedirection {
  override name = 'HTTPMovedPermanently';
  /**
   * @param location the redirect target, sent as `Location`
   * @param options headers, reason, text, cause
   */
  constructor(location: string, options?: HTTPExceptionOptions) {
    super(301, location, options);
  }
}

/** 302 Found: the usual "go there" redirect. */
export class HTTPFound extends HTTPRedirection {
  override name = 'HTTPFound';
  /**
   * @param location the redirect target, sent as `Location`
   * @param options headers, reason, text, cause
   */
  constructor(location: string, options?: HTTPExceptionOptions) {
    super(302, location, options);
  }
}

/** 303 See Other. */
export class HTTPSeeOther extends HTTPRedirection {
  override name = 'HTTPSeeOther';
  /**
   * @param location the redirect target, sent as `Location`
   * @param options headers, reason, text, cause
   */
  constructor(location: string, options?: HTTPExceptionOptions) {
    super(303, location, options);
  }
}

/** 307 Temporary Redirect (keeps method and body). */
export class HTTPTemporaryRedirect extends HTTPRedirection {
  override name = 'HTTPTemporaryRedirect';
  /**
   * @param location the redirect target, sent as `Location`
   * @param options headers, reason, text, cause
   */
  constructor(location: string, options?: HTTPExceptionOptions) {
    super(307, location, options);
  }
}

/** 308 Permanent Redirect (keeps method and body). */
export class HTTPPermanentRedirect extends HTTPRedirection {
  override name = 'HTTPPermanentRedirect';
  /**
   * @param location the redirect target, sent as `Location`
   * @param options headers, reason, text, cause
   */
  constructor(location: string, options?: HTTPExceptionOptions) {
    super(308, location, options);
  }
}

/** Options of the package's non-HTTP errors. */
export interface HttpServerErrorOptions {
  /** The error this one wraps. */
  cause?: unknown;
}

/**
 * A route table that cannot be built: a bad pattern, a duplicate name, a missing
 * parameter in `urlFor`. Code `ERR_ROUTE_DEFINITION`.
 */
export class RouteDefinitionError extends Error {
  override name = 'RouteDefinitionError';
  /** Stable error code. */
  readonly code = 'ERR_ROUTE_DEFINITION';
}

/**
 * The client went away while the handler was reading the body or writing the response.
 * Code `ERR_CLIENT_DISCONNECTED` (aiohttp raises `ConnectionResetError` here).
 */
export class ClientDisconnectedError extends Error {
  override name = 'ClientDisconnectedError';
  /** Stable error code. */
  readonly code = 'ERR_CLIENT_DISCONNECTED';

  /** @param message what was interrupted; @param options cause */
  constructor(message = 'the client disconnected', options: HttpServerErrorOptions = {}) {
    super(message, options);
  }
}

/**
 * A response header name, value, reason phrase or cookie that would corrupt the response
 * (CR, LF, NUL, other control characters, characters above 0xFF, bad token characters).
 * Thrown where the handler sets it; an uncaught one becomes a 500, never a split response.
 * Code `ERR_INVALID_HEADER`.
 */
export class InvalidHeaderError extends TypeError {
  override name = 'InvalidHeaderError';
  /** Stable error code. */
  readonly code = 'ERR_INVALID_HEADER';
  /** The offending header name. */
  readonly header: string;

  /** @param header the header name; @param message what is wrong */
  constructor(header: string, message: string) {
    super(message);
    this.header = header;
  }
}
