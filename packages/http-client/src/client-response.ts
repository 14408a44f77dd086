/**
 * `ClientResponse`: the status and headers of a response, and its body read as text, JSON,
 * bytes or a stream (aiohttp's `ClientResponse`).
 */
import type { Coroutine, Operation } from '@aio/core';
import { ClientResponseError, ContentTypeError, type RequestInfo } from './errors.js';
import type { BodyBuffer } from './internal/body-buffer.js';
import { charsetParameter, decodeText, sniffCharset } from './internal/charset.js';
import { toHeaders } from './internal/prepare.js';
import type { Exchange } from './internal/undici.js';
import { StreamReader, releasedError, type BodySourceHandle } from './stream-reader.js';

const JSON_TYPE = /^application\/(?:[\w.+-]+?\+)?json/i;

/** Options of {@link ClientResponse.json}. */
export interface JsonOptions {
  /** The Content-Type required (default `application/json`, `+json` types accepted); null skips the check. */
  contentType?: string | null;
}

/** What the session hands a response; not part of the public surface. */
export interface ResponseInit {
  readonly exchange: Exchange;
  readonly method: string;
  readonly url: URL;
  readonly requestHeaders: readonly string[];
  readonly history: readonly ClientResponse[];
}

let makeRequestInfo: (response: ClientResponse) => RequestInfo;
/** The undici exchange behind a response (for the session only). */
export let exchangeOf: (response: ClientResponse) => Exchange;
/** The first value of a header by lowercase name, cheaper than `headers` (session only). */
export let headerOf: (response: ClientResponse, name: string) => string | null;

/**
 * A response: `status`, `reason`, `headers`, `url`, `history`, and the body through
 * `text()`, `json()`, `read()` or `content` (a {@link StreamReader}).
 *
 * The connection goes back to the pool as soon as the whole body has arrived; `release()`
 * (or `using`, or closing the session) gives up an unread body, closing its connection.
 * Reading after `release()` throws `ClientConnectionError`, unless the body was already
 * read, which stays cached.
 *
 * @example
 * ```ts
 * using response = yield* session.get('http://127.0.0.1:8080/');
 * console.log(response.status);
 * console.log(yield* response.text());
 * response.raiseForStatus(); // throws ClientResponseError for 4xx and 5xx
 * ```
 */
export class ClientResponse implements Disposable {
  /** The HTTP status code. */
  readonly status: number;
  /** The reason phrase (`OK`). */
  readonly reason: string;
  /** The request method of this hop. */
  readonly method: string;
  /** The URL this response came from (after redirects). */
  readonly url: URL;
  /** The redirect responses that led here, first first. */
  readonly history: readonly ClientResponse[];
  readonly #exchange: Exchange;
  readonly #requestHeaders: readonly string[];
  #headers: Headers | undefined;
  #content: StreamReader | undefined;
  #cached: Buffer | undefined;
  #released = false;

  /** @internal made by ClientSession */
  constructor(init: ResponseInit) {
    const exchange = init.exchange;
    this.#exchange = exchange;
    this.status = exchange.status;
    this.reason = exchange.statusText;
    this.method = init.method;
    this.url = init.url;
    this.history = init.history;
    this.#requestHeaders = init.requestHeaders;
  }

  /** Reads the body piece by piece (aiohttp's `response.content`). */
  get content(): StreamReader {
    if (this.#content === undefined) {
      const handle: BodySourceHandle = {
        body: () => this.#body(),
        abandon: () => this.release(),
      };
      this.#content = new StreamReader(handle);
    }
    return this.#content;
  }

  /** Whether the status is below 400 (aiohttp's `ok`). */
  get ok(): boolean {
    return this.status < 400;
  }

  /** The response headers (case-insensitive; `getSetCookie()` for the cookies). */
  get headers(): Headers {
    this.#headers ??= toHeaders(this.#exchange.headerList);
    return this.#headers;
  }

  /** The Content-Type value, or null. */
  get contentType(): string | null {
    return this.#header('content-type');
  }

  /** Whether `release()` was called or the body was given up. */
  get released(): boolean {
    return this.#released;
  }

  #header(name: string): string | null {
    const list = this.#exchange.headerList;
    for (let i = 0; i < list.length; i += 2) if (list[i] === name) return list[i + 1]!;
    return null;
  }

  #body(): BodyBuffer {
    if (this.#released) throw releasedError();
    return this.#exchange.body!;
  }

  /**
   * The whole body as bytes (decoded from gzip, deflate or br). Cached: later calls, and
   * `text()`/`json()`, reuse it.
   *
   * @throws ClientPayloadError when the body is cut short, malformed or over `maxBodySize`
   * @throws ClientConnectionError after `release()`
   * @throws TimeoutError subclasses when `total` or `sockRead` passes
   */
  read(): Operation<Buffer> {
    return this.#read();
  }

  *#read(): Coroutine<Buffer> {
    if (this.#cached !== undefined) return this.#cached;
    const body = this.#body();
    if (body.ended) {
      this.#cached = body.takeAll();
    } else {
      const rest = yield* this.content.read(-1);
      this.#cached = Buffer.from(rest.buffer, rest.byteOffset, rest.byteLength);
    }
    return this.#cached;
  }

  /**
   * The body as text: the charset of the Content-Type, else a sniff (byte order mark, an
   * HTML meta tag), else UTF-8.
   *
   * @param encoding force this encoding
   * @throws as {@link ClientResponse.read}
   */
  text(encoding?: string): Operation<string> {
    return this.#text(encoding);
  }

  *#text(encoding: string | undefined): Coroutine<string> {
    const bytes = yield* this.#read();
    const contentType = this.#header('content-type');
    return decodeText(
      bytes,
      encoding ?? charsetParameter(contentType) ?? sniffCharset(bytes, contentType),
    );
  }

  /**
   * The body parsed as JSON; an empty body gives `null`, as aiohttp's `None`.
   *
   * @param options `contentType` to require (default `application/json`) or null
   * @throws ContentTypeError when the Content-Type is not the expected one
   * @throws SyntaxError when the body is not valid JSON
   */
  json(options: JsonOptions = {}): Operation<unknown> {
    return this.#json(options);
  }

  *#json(options: JsonOptions): Coroutine<unknown> {
    const expected = options.contentType === undefined ? 'application/json' : options.contentType;
    if (expected !== null) {
      const actual = this.#header('content-type') ?? '';
      const matches =
        expected === 'application/json'
          ? JSON_TYPE.test(actual)
          : actual.toLowerCase().startsWith(expected.toLowerCase());
      if (!matches) {
        throw new ContentTypeError(`attempt to decode JSON with unexpected mimetype: ${actual}`, {
          status: this.status,
          requestInfo: makeRequestInfo(this),
          headers: this.headers,
          history: this.history,
        });
      }
    }
    const text = yield* this.#text(undefined);
    if (text.trim() === '') return null;
    return JSON.parse(text) as unknown;
  }

  /**
   * Throws `ClientResponseError` when the status is 400 or more (after releasing the
   * connection); does nothing otherwise.
   *
   * @throws ClientResponseError with this `status`
   */
  raiseForStatus(): void {
    if (this.status < 400) return;
    this.release();
    throw new ClientResponseError(this.reason || `HTTP ${this.status}`, {
      status: this.status,
      requestInfo: makeRequestInfo(this),
      headers: this.headers,
      history: this.history,
    });
  }

  /**
   * Lets go of the body: a body not yet fully received is abandoned and its connection
   * closed (never reused with unread bytes in it); a complete one is simply dropped.
   * Idempotent; `using` calls it.
   */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    const exchange = this.#exchange;
    if (!exchange.settled || exchange.body?.ended === false) exchange.abort(releasedError());
  }

  /** Same as `release()`, for `using`. */
  [Symbol.dispose](): void {
    this.release();
  }

  /** Describes the response, e.g. `<ClientResponse(http://x/) [200 OK]>`. */
  toString(): string {
    return `<ClientResponse(${this.url.href}) [${this.status} ${this.reason}]>`;
  }

  static {
    exchangeOf = (response) => response.#exchange;
    headerOf = (response, name) => response.#header(name);
    makeRequestInfo = (response) => ({
      method: response.method,
      url: response.history[0]?.url ?? response.url,
      headers: toHeaders(response.#requestHeaders),
    });
  }
}
