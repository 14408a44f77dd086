/**
 * Responses: `StreamResponse` (headers first, then the body in chunks), `Response` (a whole
 * body known up front) and `jsonResponse`.
 *
 * Design note: a `Response` built by a handler is usually sent in one call (status line,
 * headers and body together), so its header map is created only when someone touches
 * `response.headers`; otherwise the few headers it needs are written straight from fields.
 * Every header a handler sets is validated where it is set, so a value with CR or LF raises
 * `InvalidHeaderError` in the handler (a 500) instead of splitting the response.
 */
import { InvalidStateError, type Coroutine, type Operation } from '@aio/core';
import { ClientDisconnectedError } from './errors.js';
import { CIMultiDict } from './multidict.js';
import { checkHeaderName, checkHeaderValue, checkReason } from './internal/header-check.js';
import { serializeCookie, type CookieOptions } from './internal/cookies.js';
import { reasonOf } from './internal/reasons.js';
import type { Transport } from './internal/transport.js';
import type { Request } from './request.js';
import { requestInternals, runResponsePrepare, transportOf } from './internal/request-internals.js';

export type { CookieOptions } from './internal/cookies.js';

/**
 * Response headers: a case-insensitive multidict that validates every name and value.
 *
 * @example
 * ```ts
 * const response = new Response({ text: 'ok' });
 * response.headers.set('X-Request-Id', id);
 * response.headers.get('x-request-id'); // id: names are case-insensitive
 * response.headers.set('X-Evil', 'a\r\nSet-Cookie: x=1'); // throws InvalidHeaderError
 * ```
 */
export class ResponseHeaders extends CIMultiDict<string> {
  readonly #names = new Map<string, string>();

  /**
   * @throws InvalidHeaderError when the name is not a token or the value holds CR, LF,
   *   NUL, another control character or a character above 0xFF
   */
  override append(key: string, value: string): void {
    checkHeaderName(key);
    checkHeaderValue(key, value);
    const lower = key.toLowerCase();
    if (!this.#names.has(lower)) this.#names.set(lower, key);
    super.append(key, value);
  }

  override delete(key: string): boolean {
    this.#names.delete(key.toLowerCase());
    return super.delete(key);
  }

  /** Appends `[name, value, …]` pairs (names as first set) to `out`. */
  flatten(out: string[]): string[] {
    for (const [lower, value] of this.entries()) out.push(this.#names.get(lower) ?? lower, value);
    return out;
  }
}

/** Options of {@link StreamResponse}. */
export interface StreamResponseInit {
  /** Status code (default 200). */
  status?: number | undefined;
  /** Reason phrase (default: the standard one). */
  reason?: string | undefined;
  /** Initial headers. */
  headers?: Record<string, string> | Iterable<readonly [string, string]> | undefined;
}

type BodyChunk = Uint8Array | string;

/** Finishes an unprepared response (package-internal; set in StreamResponse's static block). */
export let sendResponse: (response: StreamResponse, request: Request) => Operation<void>;

/**
 * A response whose body is written in chunks after {@link StreamResponse.prepare}: chunked
 * transfer encoding unless `Content-Length` is set. Server-sent events work with it.
 *
 * `write()` waits while the client is slow (the socket's buffer is full), so memory stays
 * bounded; it throws {@link ClientDisconnectedError} once the client is gone.
 *
 * @example
 * ```ts
 * function* events(request: Request) {
 *   const response = new StreamResponse({ headers: { 'Content-Type': 'text/event-stream' } });
 *   yield* response.prepare(request);
 *   for (let i = 0; i < 3; i++) {
 *     yield* response.write(`data: ${i}\n\n`);
 *     yield* sleep(1000);
 *   }
 *   yield* response.writeEof();
 *   return response;
 * }
 * ```
 */
export class StreamResponse {
  #status: number;
  #reason: string | undefined;
  #headers: ResponseHeaders | undefined;
  #transport: Transport | undefined;
  #eof = false;
  /** Content type written when no `Content-Type` header is set. */
  protected defaultContentType: string | undefined;

  /**
   * @param init status, reason, headers
   * @throws RangeError when the status is not an integer in 100–599
   * @throws InvalidHeaderError when a header or the reason would corrupt the response
   */
  constructor(init: StreamResponseInit = {}) {
    const status = init.status ?? 200;
    if (!Number.isInteger(status) || status < 100 || status > 599) {
      throw new RangeError(`status must be an integer in 100-599, got ${String(status)}`);
    }
    this.#status = status;
    if (init.reason !== undefined) {
      checkReason(init.reason);
      this.#reason = init.reason;
    }
    if (init.headers !== undefined) {
      const headers = this.headers;
      const entries = isIterable(init.headers) ? init.headers : Object.entries(init.headers);
      for (const [name, value] of entries) headers.append(name, value);
    }
  }

  /** The status code. */
  get status(): number {
    return this.#status;
  }

  /** The reason phrase. */
  get reason(): string {
    return this.#reason ?? reasonOf(this.#status);
  }

  /**
   * Changes status (and reason) before the response is prepared.
   *
   * @throws InvalidStateError once the headers are sent
   */
  setStatus(status: number, reason?: string): void {
    if (this.prepared) throw new InvalidStateError('cannot change the status after prepare()');
    if (!Number.isInteger(status) || status < 100 || status > 599) {
      throw new RangeError(`status must be an integer in 100-599, got ${String(status)}`);
    }
    if (reason !== undefined) checkReason(reason);
    this.#status = status;
    this.#reason = reason;
  }

  /** The response headers (validated on every change). */
  get headers(): ResponseHeaders {
    return (this.#headers ??= new ResponseHeaders());
  }

  /** Whether `prepare()` has sent the headers. */
  get prepared(): boolean {
    return this.#transport !== undefined;
  }

  /** The `Content-Type` media type (without parameters). */
  get contentType(): string | undefined {
    const header = this.#headers?.get('content-type') ?? this.defaultContentType;
    return header?.split(';')[0]?.trim();
  }

  /**
   * Adds a `Set-Cookie` header.
   *
   * @param name the cookie name (a token)
   * @param value the cookie value (quoted when needed)
   * @param options Path (default `/`), Domain, Expires, Max-Age (seconds), Secure, HttpOnly, SameSite
   * @throws InvalidHeaderError when a part holds control characters
   */
  setCookie(name: string, value: string, options?: CookieOptions): void {
    this.headers.append('Set-Cookie', serializeCookie(name, value, options));
  }

  /** Adds a `Set-Cookie` header that expires the cookie now. */
  delCookie(name: string, options: Pick<CookieOptions, 'domain' | 'path'> = {}): void {
    this.setCookie(name, '', {
      ...options,
      maxAge: 0,
      expires: 'Thu, 01 Jan 1970 00:00:00 GMT',
    });
  }

  /**
   * Sends the status line and headers; afterwards only the body can be written. Runs the
   * application's `onResponsePrepare` hooks first. Calling it again does nothing.
   *
   * @param request the request being answered
   * @throws InvalidHeaderError from a hook that sets a bad header
   */
  *prepare(request: Request): Coroutine<void> {
    if (this.#transport !== undefined) return;
    if (requestInternals.prepareHooks(request).length > 0) yield* runResponsePrepare(request, this);
    const transport = transportOf(request);
    this.#transport = transport;
    transport.writeHead(this.#status, this.reason, this.buildHeaders(undefined));
  }

  /**
   * Writes a body chunk, waiting while the client's socket buffer is full.
   *
   * @param data bytes or text (UTF-8)
   * @throws InvalidStateError before prepare() or after writeEof()
   * @throws ClientDisconnectedError when the client is gone
   */
  write(data: BodyChunk): Operation<void> {
    return this.#write(data);
  }

  *#write(data: BodyChunk): Coroutine<void> {
    const transport = this.#transport;
    if (transport === undefined) throw new InvalidStateError('write() needs prepare() first');
    if (this.#eof) throw new InvalidStateError('write() after writeEof()');
    if (transport.closed) throw new ClientDisconnectedError();
    if (!transport.write(data)) yield* transport.drain();
  }

  /**
   * Ends the body (with an optional last chunk). Calling it again does nothing.
   *
   * @throws InvalidStateError before prepare()
   */
  *writeEof(data?: BodyChunk): Coroutine<void> {
    const transport = this.#transport;
    if (transport === undefined) throw new InvalidStateError('writeEof() needs prepare() first');
    if (this.#eof) return;
    this.#eof = true;
    transport.end(data);
  }

  /** Whether writeEof() ran. */
  get eofSent(): boolean {
    return this.#eof;
  }

  /** The flat header list to send, given the body length when known. */
  protected buildHeaders(contentLength: number | undefined): string[] {
    const out: string[] = [];
    const headers = this.#headers;
    if (headers !== undefined) headers.flatten(out);
    const noBody = this.#status < 200 || this.#status === 204 || this.#status === 304;
    if (this.defaultContentType !== undefined && !noBody && headers?.has('content-type') !== true) {
      out.push('Content-Type', this.defaultContentType);
    }
    if (contentLength !== undefined && !noBody && headers?.has('content-length') !== true) {
      out.push('Content-Length', String(contentLength));
    }
    return out;
  }

  /** Marks the response as sent on `transport` without writing (used by Response). */
  protected markSent(transport: Transport): void {
    this.#transport = transport;
    this.#eof = true;
  }

  static {
    sendResponse = (response, request) => response.send(request);
  }

  /** Sends an unprepared response: prepare() then writeEof(). Response overrides it. */
  protected *send(request: Request): Coroutine<void> {
    yield* this.prepare(request);
    yield* this.writeEof();
  }
}

/** Sends an unprepared response at once when no coroutine is needed; false otherwise. */
export let sendNow: (response: StreamResponse, request: Request) => boolean;

/** The last text media type and its full, validated Content-Type (most responses repeat it). */
let lastBaseType: string | undefined;
let lastFullType = '';

/** Options of {@link Response}. */
export interface ResponseInit extends StreamResponseInit {
  /** The body as bytes. */
  body?: Uint8Array | string | undefined;
  /** The body as text (encoded with `charset`). */
  text?: string | undefined;
  /** The media type (default `text/plain` for text, `application/octet-stream` for bytes). */
  contentType?: string | undefined;
  /** The charset for text (default `utf-8`). */
  charset?: string | undefined;
}

/**
 * A response whose whole body is known: `text` or `body`. Content-Length is set for you.
 *
 * @example
 * ```ts
 * function* index(request: Request<{ uri?: string }>) {
 *   return new Response({ text: `location /${request.matchInfo.uri ?? ''}`, contentType: 'text/html' });
 * }
 * new Response({ text: 'x', body: 'y' }); // throws TypeError: pass text or body, not both
 * ```
 */
export class Response extends StreamResponse {
  #body: Uint8Array | string | undefined;

  /**
   * @param init body or text, status, reason, headers, contentType, charset
   * @throws TypeError when both body and text are given
   * @throws InvalidHeaderError when a header, the reason or the content type is invalid
   */
  constructor(init: ResponseInit = {}) {
    super(init);
    if (init.text !== undefined && init.body !== undefined) {
      throw new TypeError('pass text or body to Response, not both');
    }
    const isText = init.text !== undefined || typeof init.body === 'string';
    this.#body = init.text ?? init.body;
    if (init.contentType !== undefined || init.charset !== undefined || this.#body !== undefined) {
      const base = init.contentType ?? (isText ? 'text/plain' : 'application/octet-stream');
      if (init.charset === undefined && isText && base === lastBaseType) {
        // The common case: same media type as the previous text response, already checked.
        this.defaultContentType = lastFullType;
      } else {
        let type = base;
        if (init.charset !== undefined || (isText && !type.includes('charset='))) {
          type += `; charset=${init.charset ?? 'utf-8'}`;
        }
        checkHeaderValue('Content-Type', type);
        if (init.charset === undefined && isText) {
          lastBaseType = base;
          lastFullType = type;
        }
        this.defaultContentType = type;
      }
    }
  }

  /** The body: bytes, or the text as given. */
  get body(): Uint8Array | string | undefined {
    return this.#body;
  }

  /** Replaces the body before the response is sent. */
  set body(value: Uint8Array | string | undefined) {
    if (this.prepared) throw new InvalidStateError('cannot change the body after prepare()');
    this.#body = value;
  }

  /** The body as text (UTF-8 decoded when it is bytes). */
  get text(): string {
    const body = this.#body;
    if (body === undefined) return '';
    return typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  }

  /** The body length in bytes. */
  get contentLength(): number {
    const body = this.#body;
    if (body === undefined) return 0;
    return typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  }

  protected override *send(request: Request): Coroutine<void> {
    if (requestInternals.prepareHooks(request).length > 0) yield* runResponsePrepare(request, this);
    this.#respond(request);
  }

  #respond(request: Request): void {
    const transport = transportOf(request);
    const length = this.contentLength;
    const headers = this.buildHeaders(length);
    this.markSent(transport);
    transport.respond(this.status, this.reason, headers, this.#body, length);
  }

  static {
    sendNow = (response, request) => {
      // Only a plain Response (not a subclass that may override send) with no
      // onResponsePrepare hooks is sent synchronously: no coroutine needed.
      if (
        !(response instanceof Response) ||
        Object.getPrototypeOf(response) !== Response.prototype ||
        requestInternals.prepareHooks(request).length > 0
      ) {
        return false;
      }
      response.#respond(request);
      return true;
    };
  }
}

/** Options of {@link jsonResponse}. */
export interface JsonResponseInit extends Omit<ResponseInit, 'body' | 'text'> {
  /** Serialiser (default `JSON.stringify`). */
  dumps?: ((data: unknown) => string) | undefined;
}

/**
 * A `Response` holding `data` as JSON (`application/json; charset=utf-8`).
 *
 * @param data any JSON-serialisable value
 * @param init status, reason, headers, contentType, dumps
 * @returns the response
 * @throws TypeError when `data` cannot be serialised (a cycle, a BigInt)
 * @example
 * ```ts
 * return jsonResponse({ id: 42 }, { status: 201 }); // application/json; charset=utf-8
 * jsonResponse({ big: 1n }); // throws TypeError: Do not know how to serialize a BigInt
 * ```
 */
export function jsonResponse(data: unknown, init: JsonResponseInit = {}): Response {
  const { dumps, ...rest } = init;
  const text = (dumps ?? JSON.stringify)(data) ?? 'null';
  return new Response({ contentType: 'application/json', ...rest, text });
}

function isIterable(value: object): value is Iterable<readonly [string, string]> {
  return typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}
