/**
 * The option bags of `ClientSession` and of each request (types only).
 */
import type { Readable } from 'node:stream';
import type { ClientCookieJar } from './cookie-jar.js';
import type { ClientTimeout } from './timeouts.js';
import type { TraceConfig } from './trace.js';
import type { RetryOptions } from './retry.js';

/** Basic authentication credentials (aiohttp's `BasicAuth`). */
export interface BasicAuth {
  /** The user name; it must not contain `:`. */
  login: string;
  /** The password; empty when omitted. */
  password?: string;
}

/** A query-string value: scalars are stringified, arrays repeat the key. */
export type ParamValue = string | number | boolean | ReadonlyArray<string | number | boolean>;

/** Query parameters: a record, `[key, value]` pairs, or a URLSearchParams. */
export type Params =
  | Readonly<Record<string, ParamValue>>
  | ReadonlyArray<readonly [string, string | number | boolean]>
  | URLSearchParams;

/** Request headers: a record, `[name, value]` pairs, or a Headers object. */
export type HeadersInit =
  | Readonly<Record<string, string | number | ReadonlyArray<string>>>
  | ReadonlyArray<readonly [string, string]>
  | Headers;

/**
 * A request body. Strings go as `text/plain; charset=utf-8`, bytes as
 * `application/octet-stream`, URLSearchParams (and plain records) as
 * `application/x-www-form-urlencoded`, FormData as `multipart/form-data`. Iterables, async
 * iterables and Node streams are streamed (chunked) and cannot be re-sent on a 307/308.
 */
export type RequestData =
  | string
  | Uint8Array
  | ArrayBuffer
  | URLSearchParams
  | FormData
  | Blob
  | Readonly<Record<string, string | number | boolean>>
  | Iterable<Uint8Array | string>
  | AsyncIterable<Uint8Array | string>
  | Readable;

/** Options of one request (`session.request(method, url, options)`). */
export interface RequestOptions {
  /** Query parameters added to the URL's own. */
  params?: Params;
  /** Headers merged over the session's default headers (case-insensitive). */
  headers?: HeadersInit;
  /** A value sent as JSON (`application/json`); not together with `data`. */
  json?: unknown;
  /** The request body; not together with `json`. */
  data?: RequestData;
  /** Basic auth; not together with credentials in the URL. */
  auth?: BasicAuth;
  /** Follow redirects (default true; false for... nothing: aiohttp follows for every method). */
  allowRedirects?: boolean;
  /** At most this many redirects (default: the session's, 10). */
  maxRedirects?: number;
  /** Throw `ClientResponseError` for a status >= 400 (default: the session's). */
  raiseForStatus?: boolean;
  /** Deadlines for this request, merged over the session's. */
  timeout?: ClientTimeout;
  /** Retries for this request (default: the session's; none unless asked). */
  retry?: RetryOptions | false;
  /** A proxy URL for this request (default: the session's). */
  proxy?: string | URL;
}

/** Options of `new ClientSession(options)`. */
export interface ClientSessionOptions {
  /** Relative request URLs are resolved against it; they may not leave its origin. */
  baseUrl?: string | URL;
  /** Headers sent with every request. */
  headers?: HeadersInit;
  /** Default deadlines (aiohttp's: total 300 s, sockConnect 30 s). */
  timeout?: ClientTimeout;
  /** Most connections in use over all hosts (default 100; 0 = no cap). */
  limit?: number;
  /** Most connections in use per origin (default 0 = no cap). */
  limitPerHost?: number;
  /** Throw `ClientResponseError` for a status >= 400 (default false). */
  raiseForStatus?: boolean;
  /** The cookie jar; `false` disables cookies (default: a new safe jar). */
  cookieJar?: ClientCookieJar | false;
  /** Default most redirects to follow (default 10). */
  maxRedirects?: number;
  /** Basic auth for every request. */
  auth?: BasicAuth;
  /** A proxy URL (credentials in it go to the proxy only). */
  proxy?: string | URL;
  /** Take proxies from HTTP_PROXY / HTTPS_PROXY / NO_PROXY (default false). */
  trustEnv?: boolean;
  /** Opt-in retries (default none). */
  retry?: RetryOptions;
  /** Trace hooks (aiohttp's TraceConfig). */
  traceConfigs?: ReadonlyArray<TraceConfig>;
  /** Largest decoded response body in bytes (default 1 GiB). */
  maxBodySize?: number;
  /** Extra header names dropped on a cross-origin redirect (besides Authorization, Cookie, Proxy-Authorization). */
  redirectStripHeaders?: ReadonlyArray<string>;
  /** How long an idle pooled connection is kept, in ms (default 3000, below a 5 s server keep-alive). */
  keepAliveTimeout?: number;
}
