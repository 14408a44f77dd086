/**
 * `Request`: what a handler receives. Everything is computed on first use (headers, query,
 * cookies, URL), so a handler that touches only `matchInfo` pays for nothing else.
 *
 * Body methods (`read`, `text`, `json`, `post`, `content.readChunk`) return a core
 * `Future`, which is both an Operation (`yield* request.json()` in a coroutine handler)
 * and a PromiseLike (`await request.json()` in an async handler).
 */
import type { Future } from '@aio/core';
import { getRunningLoop, type EventLoop } from '@aio/core';
import { TextDecoder } from 'node:util';
import secureJson from 'secure-json-parse';
import { HTTPBadRequest, HTTPUnsupportedMediaType } from './errors.js';
import { CIMultiDict, MultiDict } from './multidict.js';
import type { BodyReader } from './internal/body-reader.js';
import { parseCookies } from './internal/cookies.js';
import { parseMultipart, type FileField } from './internal/multipart.js';
import { percentDecode, splitTarget } from './internal/path.js';
import { requestInternals } from './internal/request-internals.js';
import type { Transport } from './internal/transport.js';
import type { Application } from './application.js';

export type { FileField } from './internal/multipart.js';

/** The route parameters of a request: `{ name: value }`, percent-decoded. */
export type MatchInfo = Readonly<Record<string, string | undefined>>;

/** How a transport describes an incoming request (package-internal). */
export interface RequestSource {
  method: string;
  /** The raw request-target (origin form: `/path?query`). */
  target: string;
  /** `1.1` or `1.0`. */
  version: string;
  /** Flat `[name, value, …]` list as received. */
  rawHeaders: readonly string[];
  /** The body source. */
  body: BodyReader;
  transport: Transport;
  /** The peer and local addresses, read only when asked for (a socket, or fixed values). */
  addresses: {
    readonly remoteAddress?: string | undefined;
    readonly localAddress?: string | undefined;
  };
  /** Whether the connection is TLS. */
  secure: boolean;
  /** The loop the request runs on (when known at creation). */
  loop: EventLoop | undefined;
  /** Fires when the client disconnects (always available). */
  signal: AbortSignal | undefined;
}

/**
 * An incoming HTTP request. `P` types `matchInfo` from the route pattern.
 *
 * @example
 * ```ts
 * app.router.addPost('/users/{id:\\d+}', function* (request) {
 *   const id = request.matchInfo.id;             // string
 *   const body = yield* request.json();          // 400 on bad JSON, 413 past clientMaxSize
 *   return jsonResponse({ id, name: body.name });
 * });
 * ```
 */
export class Request<P extends MatchInfo = MatchInfo> {
  /** The method, as sent (case-sensitive, e.g. `GET`). */
  readonly method: string;
  /** The HTTP version, `1.1` or `1.0`. */
  readonly version: string;
  /** Whether the connection is TLS. */
  readonly secure: boolean;
  /** The raw request-target path, still percent-encoded. */
  readonly rawPath: string;
  /** The raw query string (without `?`). */
  readonly queryString: string;
  /** The raw request-target (`/path?query`). */
  readonly target: string;
  #source: RequestSource;
  #path: string | undefined;
  #headers: CIMultiDict | undefined;
  #query: MultiDict | undefined;
  #cookies: Record<string, string> | undefined;
  #matchInfo: P = EMPTY as P;
  #app: Application | undefined;
  #controller: AbortController | undefined;
  #cleanups: Array<() => Promise<void>> | undefined;
  #clientMaxSize = 1024 * 1024;

  /** @param source the parsed request (from a transport or makeMockedRequest) */
  constructor(source: RequestSource) {
    this.#source = source;
    this.method = source.method;
    this.version = source.version;
    this.secure = source.secure;
    this.target = source.target;
    const target = source.target;
    if (target.indexOf('?') < 0 && target.indexOf('#') < 0) {
      // Most targets are a bare path: no pair to build.
      this.rawPath = target;
      this.queryString = '';
    } else {
      const [path, query] = splitTarget(target);
      this.rawPath = path;
      this.queryString = query;
    }
  }

  static {
    requestInternals.transport = (request) => request.#source.transport;
    requestInternals.prepareHooks = (request) => request.#app?.onResponsePrepare ?? [];
    requestInternals.attach = (request, app, matchInfo, clientMaxSize) => {
      request.#app = app;
      request.#matchInfo = matchInfo;
      request.#clientMaxSize = clientMaxSize;
      request.#source.body.maxSize = clientMaxSize;
    };
    requestInternals.bindLoop = (request, loop) => {
      request.#source.loop ??= loop;
    };
    requestInternals.release = (request) => {
      const cleanups = request.#cleanups;
      if (cleanups === undefined) return undefined;
      request.#cleanups = undefined;
      return Promise.allSettled(cleanups.map((cleanup) => cleanup())).then(() => undefined);
    };
  }

  /** The path, percent-decoded (an undecodable escape is kept as it is). */
  get path(): string {
    return (this.#path ??= percentDecode(this.rawPath));
  }

  /** `path` plus `?query` when there is one, still encoded (aiohttp's `path_qs`). */
  get pathQs(): string {
    return this.queryString === '' ? this.rawPath : `${this.rawPath}?${this.queryString}`;
  }

  /** The request headers, case-insensitive, built from the raw header list. */
  get headers(): CIMultiDict {
    if (this.#headers === undefined) {
      const headers = new CIMultiDict();
      const raw = this.#source.rawHeaders;
      for (let i = 0; i + 1 < raw.length; i += 2)
        headers.append(raw[i] as string, raw[i + 1] as string);
      this.#headers = headers;
    }
    return this.#headers;
  }

  /** The query string parameters (several values per key kept in order). */
  get query(): MultiDict {
    return (this.#query ??= new MultiDict(new URLSearchParams(this.queryString)));
  }

  /** The peer address. */
  get remote(): string | undefined {
    return this.#source.addresses.remoteAddress;
  }

  /** The host the client asked for (`Host` header, else the local address). */
  get host(): string {
    return this.headers.get('host') ?? this.#source.addresses.localAddress ?? 'localhost';
  }

  /** `https` or `http`. */
  get scheme(): string {
    return this.secure ? 'https' : 'http';
  }

  /** The absolute URL of the request (for display and links, never for routing). */
  get url(): URL {
    return new URL(
      `${this.scheme}://${this.host}${this.target.startsWith('/') ? this.target : '/'}`,
    );
  }

  /** Route parameters, percent-decoded, typed from the pattern. */
  get matchInfo(): P {
    return this.#matchInfo;
  }

  /** The application that owns the matched route (a sub-application for its routes). */
  get app(): Application {
    if (this.#app === undefined) throw new Error('the request is not attached to an application');
    return this.#app;
  }

  /** Cookies sent by the client (a null-prototype object). */
  get cookies(): Readonly<Record<string, string>> {
    return (this.#cookies ??= parseCookies(this.headers.getAll('cookie').join('; ')));
  }

  /** The media type of the body, lower-case, without parameters (`application/json`). */
  get contentType(): string {
    const header = this.headers.get('content-type');
    if (header === undefined) return 'application/octet-stream';
    return (header.split(';')[0] ?? '').trim().toLowerCase();
  }

  /** The `charset` parameter of Content-Type, lower-case, if any. */
  get charset(): string | undefined {
    const header = this.headers.get('content-type');
    const match = header === undefined ? null : /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(header);
    return match?.[1]?.toLowerCase();
  }

  /** The announced Content-Length, if any. */
  get contentLength(): number | undefined {
    const value = this.headers.get('content-length');
    return value === undefined ? undefined : Number(value);
  }

  /** Whether the request announces a body (Content-Length > 0 or chunked). */
  get hasBody(): boolean {
    const length = this.contentLength;
    return (length !== undefined && length > 0) || this.headers.has('transfer-encoding');
  }

  /** Aborts when the client disconnects before the response is done; always available. */
  get signal(): AbortSignal {
    if (this.#source.signal !== undefined) return this.#source.signal;
    if (this.#controller === undefined) {
      const controller = new AbortController();
      this.#controller = controller;
      this.#source.transport.onClose(() => controller.abort(new Error('the client disconnected')));
    }
    return this.#controller.signal;
  }

  /** The body as a stream of chunks (`readChunk()`, `read()`, async iteration). */
  get content(): BodyStream {
    return new BodyStream(this.#source.body, () => this.#loop());
  }

  /**
   * The whole body as bytes.
   *
   * @throws HTTPRequestEntityTooLarge past clientMaxSize (as soon as it is known)
   * @throws ClientDisconnectedError when the client goes away mid-body
   */
  read(): Future<Buffer> {
    return toFuture(this.#loop(), this.#source.body.readAll());
  }

  /**
   * The body as text, decoded with the Content-Type charset (UTF-8 by default).
   *
   * @throws HTTPUnsupportedMediaType for an unknown charset
   */
  text(): Future<string> {
    return toFuture(this.#loop(), this.#text());
  }

  /**
   * The body parsed as JSON. `__proto__` keys and `constructor.prototype` are refused, so a
   * body cannot poison prototypes.
   *
   * @throws HTTPBadRequest for malformed JSON or a poisoning attempt (the input is never echoed)
   */
  json<T = unknown>(): Future<T> {
    return toFuture(this.#loop(), this.#json<T>());
  }

  /**
   * The form fields of an `application/x-www-form-urlencoded` or `multipart/form-data`
   * body (file parts become {@link FileField}s saved to temporary files). Other content
   * types give an empty MultiDict, as in aiohttp.
   *
   * @throws HTTPBadRequest for a malformed multipart body
   */
  post(): Future<MultiDict<string | FileField>> {
    return toFuture(this.#loop(), this.#post());
  }

  async #text(): Promise<string> {
    const body = await this.#source.body.readAll();
    const charset = this.charset ?? 'utf-8';
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(charset);
    } catch (error) {
      throw new HTTPUnsupportedMediaType({ text: `Unsupported charset`, cause: error });
    }
    return decoder.decode(body);
  }

  async #json<T>(): Promise<T> {
    const text = await this.#text();
    try {
      return secureJson.parse(text, undefined, {
        protoAction: 'error',
        constructorAction: 'error',
      }) as T;
    } catch (error) {
      throw new HTTPBadRequest({ text: 'Invalid JSON body', cause: error });
    }
  }

  async #post(): Promise<MultiDict<string | FileField>> {
    const type = this.contentType;
    if (type === 'application/x-www-form-urlencoded') {
      const text = await this.#text();
      return new MultiDict<string | FileField>(new URLSearchParams(text));
    }
    if (type === 'multipart/form-data') {
      const fields = await parseMultipart(
        this.#source.body,
        this.headers.get('content-type') ?? '',
        this.#clientMaxSize,
        (cleanup) => (this.#cleanups ??= []).push(cleanup),
      );
      return new MultiDict<string | FileField>(fields);
    }
    return new MultiDict<string | FileField>();
  }

  #loop(): EventLoop {
    return (this.#source.loop ??= getRunningLoop());
  }
}

const EMPTY: MatchInfo = Object.freeze(Object.create(null) as MatchInfo);

/**
 * The request body as a stream: `readChunk()` gives the next chunk (null at the end),
 * `read()` the rest; async iteration works in async handlers.
 *
 * @example
 * ```ts
 * app.router.addPost('/upload', function* (request) {
 *   let size = 0;
 *   let chunk: Buffer | null;
 *   while ((chunk = yield* request.content.readChunk()) !== null) size += chunk.length;
 *   return jsonResponse({ size }); // past clientMaxSize, readChunk throws: the client gets 413
 * });
 * ```
 */
export class BodyStream implements AsyncIterable<Buffer> {
  readonly #reader: BodyReader;
  readonly #loop: () => EventLoop;

  /** @internal */
  constructor(reader: BodyReader, loop: () => EventLoop) {
    this.#reader = reader;
    this.#loop = loop;
  }

  /** The next chunk as it arrived, or null at the end. */
  readChunk(): Future<Buffer | null> {
    return toFuture(this.#loop(), this.#reader.readChunk());
  }

  /** The rest of the body. */
  read(): Future<Buffer> {
    return toFuture(this.#loop(), this.#reader.readAll());
  }

  /** Whether every byte has been read. */
  atEof(): boolean {
    return this.#reader.atEof;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    for (;;) {
      const chunk = await this.#reader.readChunk();
      if (chunk === null) return;
      yield chunk;
    }
  }
}

function toFuture<T>(loop: EventLoop, promise: Promise<T>): Future<T> {
  const future = loop.createFuture<T>({ label: 'Request body' });
  promise.then(
    (value) => {
      if (!future.done()) future.setResult(value);
    },
    (error: unknown) => {
      if (!future.done()) future.setException(error);
    },
  );
  return future;
}
