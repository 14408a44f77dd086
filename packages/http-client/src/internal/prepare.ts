/**
 * Checks and normalises what a caller passes to a request, before any byte is sent:
 * method, URL (base URL, params, credentials), headers and body. Every check here is why a
 * bad request never reaches the wire: CR, LF or any control character in a method, URL or
 * header is refused with a named error (request smuggling, CVE-2023-49082 and friends).
 */
import { Readable } from 'node:stream';
import { InvalidRequestError, InvalidURL } from '../errors.js';
import type { BasicAuth, HeadersInit, Params, RequestData } from '../request-options.js';
import type { WireBody } from './undici.js';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Any C0 control but HTAB, DEL, or a code point past Latin-1: refused in header values.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const BAD_VALUE = /[\0-\x08\x0a-\x1f\x7f-\x9f\u0100-\uffff]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const BAD_URL = /[\0-\x1f\x7f]/;

/** Methods a session sends; anything else is refused as unknown. */
const METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'OPTIONS',
  'PATCH',
  'TRACE',
  'QUERY',
  'PROPFIND',
  'PROPPATCH',
  'MKCOL',
  'COPY',
  'MOVE',
  'LOCK',
  'UNLOCK',
  'REPORT',
  'SEARCH',
]);

/** Methods that may be sent twice without harm (RFC 9110 idempotent). */
export const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE', 'QUERY']);

/**
 * Upper-cases and checks a method.
 *
 * @throws InvalidRequestError for a non-token or unknown method, or CONNECT
 */
export function checkMethod(method: string): string {
  if (METHODS.has(method)) return method;
  if (typeof method !== 'string' || !TOKEN.test(method)) {
    throw new InvalidRequestError(
      'method',
      `method must be an HTTP token, got ${JSON.stringify(method)}`,
    );
  }
  const upper = method.toUpperCase();
  if (!METHODS.has(upper)) {
    throw new InvalidRequestError('method', `method ${upper} is not a known HTTP method`);
  }
  return upper;
}

/**
 * Checks one header and returns `[lowercase name, value]`.
 *
 * @throws InvalidRequestError when the name is not a token or the value holds CR, LF or
 *   another control character
 */
export function checkHeader(name: unknown, value: unknown): [string, string] {
  const n = String(name);
  if (!TOKEN.test(n)) {
    throw new InvalidRequestError(
      'header',
      `header name ${JSON.stringify(n)} is not an HTTP token`,
    );
  }
  // Stringify once and check that string: a toString() that changes its answer cannot
  // slip CRLF past the check.
  const v = String(value).trim();
  if (BAD_VALUE.test(v)) {
    throw new InvalidRequestError('header', `header ${n} has a control character in its value`);
  }
  return [n.toLowerCase(), v];
}

/** Turns any HeadersInit into a flat `[lowercase name, value, ...]` list, checked. */
export function flattenHeaders(init: HeadersInit | undefined): string[] {
  const flat: string[] = [];
  if (init === undefined) return flat;
  const add = (name: unknown, value: unknown): void => {
    const [n, v] = checkHeader(name, value);
    flat.push(n, v);
  };
  if (init instanceof Headers) {
    init.forEach((value, name) => add(name, value));
  } else if (Array.isArray(init)) {
    for (const pair of init as ReadonlyArray<readonly [string, string]>) add(pair[0], pair[1]);
  } else {
    for (const name of Object.keys(init)) {
      const value = (init as Record<string, unknown>)[name];
      if (Array.isArray(value)) for (const v of value) add(name, v);
      else add(name, value);
    }
  }
  return flat;
}

/** Index of the first header called `name` (lowercase) in a flat list, or -1. */
export function findHeader(flat: readonly string[], name: string): number {
  for (let i = 0; i < flat.length; i += 2) if (flat[i] === name) return i;
  return -1;
}

/** Removes every header called one of `names` (lowercase) from a flat list. */
export function dropHeaders(flat: string[], names: ReadonlySet<string>): string[] {
  const kept: string[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    if (!names.has(flat[i]!)) kept.push(flat[i]!, flat[i + 1]!);
  }
  return kept;
}

/** `overrides` over `defaults`: a name present in overrides replaces all its defaults. */
export function mergeHeaders(defaults: readonly string[], overrides: readonly string[]): string[] {
  if (overrides.length === 0) return defaults.slice();
  const replaced = new Set<string>();
  for (let i = 0; i < overrides.length; i += 2) replaced.add(overrides[i]!);
  const merged = dropHeaders(defaults as string[], replaced);
  for (const item of overrides) merged.push(item);
  return merged;
}

/** A flat header list as a Headers object (for users, traces and errors). */
export function toHeaders(flat: readonly string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i < flat.length; i += 2) {
    try {
      headers.append(flat[i]!, flat[i + 1]!);
    } catch {
      // A value Headers will not hold is left out of this copy only.
    }
  }
  return headers;
}

function parseUrl(input: string, base: URL | undefined): URL {
  try {
    return new URL(input, base);
  } catch (error) {
    throw new InvalidURL(input, `${JSON.stringify(input)} is not a valid URL`, { cause: error });
  }
}

/**
 * Resolves the request URL: checks it, joins it to `baseUrl` without letting it leave the
 * base's origin, appends `params`.
 *
 * @throws InvalidURL for control characters, an unparsable URL, a scheme other than http(s)
 *   or a URL that would leave `baseUrl`'s origin
 */
export function buildUrl(
  input: string | URL,
  base: URL | undefined,
  params: Params | undefined,
): URL {
  const text = typeof input === 'string' ? input : input.href;
  if (typeof text !== 'string' || BAD_URL.test(text)) {
    throw new InvalidURL(String(text), 'the URL contains a control character');
  }
  let url: URL;
  if (base !== undefined) {
    if (text.startsWith('//') || text.startsWith('\\\\')) {
      throw new InvalidURL(text, "a scheme-relative URL may not replace baseUrl's origin");
    }
    url = parseUrl(text, base);
    if (url.origin !== base.origin) {
      throw new InvalidURL(text, `the URL leaves baseUrl's origin ${base.origin}`);
    }
  } else {
    url = parseUrl(text, undefined);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidURL(text, `the URL scheme must be http or https, got ${url.protocol}`);
  }
  if (url.hostname === '') throw new InvalidURL(text, 'the URL has no host');
  if (params !== undefined) appendParams(url, params);
  if (url.hash !== '') url.hash = '';
  return url;
}

function appendParams(url: URL, params: Params): void {
  const search = url.searchParams;
  if (params instanceof URLSearchParams) {
    params.forEach((value, key) => search.append(key, value));
  } else if (Array.isArray(params)) {
    for (const [key, value] of params as ReadonlyArray<readonly [string, unknown]>) {
      search.append(key, String(value));
    }
  } else {
    for (const key of Object.keys(params)) {
      const value = (params as Record<string, unknown>)[key];
      if (Array.isArray(value)) for (const v of value) search.append(key, String(v));
      else search.append(key, String(value));
    }
  }
}

/**
 * The `Authorization` value for basic auth.
 *
 * @throws InvalidRequestError when the login holds `:` or a control character
 */
export function basicAuthHeader(auth: BasicAuth): string {
  const login = String(auth.login);
  const password = String(auth.password ?? '');
  if (login.includes(':')) throw new InvalidRequestError('auth', 'auth.login must not contain ":"');
  if (BAD_URL.test(login) || BAD_URL.test(password)) {
    throw new InvalidRequestError('auth', 'auth has a control character');
  }
  return `Basic ${Buffer.from(`${login}:${password}`, 'utf8').toString('base64')}`;
}

/** Takes the user:password out of a URL (it must not be sent in the request line). */
export function takeUrlCredentials(url: URL): BasicAuth | undefined {
  if (url.username === '' && url.password === '') return undefined;
  const auth = {
    login: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
  url.username = '';
  url.password = '';
  return auth;
}

/** A request body ready for undici. */
export interface PreparedBody {
  /** What undici sends. */
  readonly wire: WireBody;
  /** The Content-Type to add unless the caller set one. */
  readonly contentType: string | undefined;
  /** Whether it can be sent again (a 307/308 or a retry). */
  readonly replayable: boolean;
  /** A stream to destroy if the request fails. */
  readonly stream: Readable | undefined;
}

function isIterable(value: object): value is Iterable<unknown> {
  return typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}

function isAsyncIterable(value: object): value is AsyncIterable<unknown> {
  return (
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}

async function* toBuffers(
  source: Iterable<unknown> | AsyncIterable<unknown>,
): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    if (typeof chunk === 'string') yield Buffer.from(chunk, 'utf8');
    else if (chunk instanceof Uint8Array)
      yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    else throw new InvalidRequestError('body', 'an iterable body must yield strings or bytes');
  }
}

/**
 * Prepares `json` or `data` for undici.
 *
 * @throws InvalidRequestError when both are given, or for a value that is no body
 */
export function prepareBody(
  data: RequestData | undefined,
  json: unknown,
  hasJson: boolean,
): PreparedBody | undefined {
  if (hasJson) {
    if (data !== undefined) {
      throw new InvalidRequestError('body', 'data and json cannot be given together');
    }
    return {
      wire: JSON.stringify(json) ?? 'null',
      contentType: 'application/json',
      replayable: true,
      stream: undefined,
    };
  }
  if (data === undefined || data === null) return undefined;
  if (typeof data === 'string') {
    return {
      wire: data,
      contentType: 'text/plain; charset=utf-8',
      replayable: true,
      stream: undefined,
    };
  }
  if (data instanceof Uint8Array) {
    return {
      wire: data,
      contentType: 'application/octet-stream',
      replayable: true,
      stream: undefined,
    };
  }
  if (data instanceof ArrayBuffer) {
    return {
      wire: new Uint8Array(data),
      contentType: 'application/octet-stream',
      replayable: true,
      stream: undefined,
    };
  }
  if (data instanceof URLSearchParams) {
    return {
      wire: data.toString(),
      contentType: 'application/x-www-form-urlencoded',
      replayable: true,
      stream: undefined,
    };
  }
  if (
    data instanceof FormData ||
    (data as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === 'FormData'
  ) {
    // undici writes the multipart body with a crypto-random boundary and sets Content-Type.
    return { wire: data as FormData, contentType: undefined, replayable: true, stream: undefined };
  }
  if (data instanceof Blob) {
    const type = data.type === '' ? 'application/octet-stream' : data.type;
    if (BAD_VALUE.test(type))
      throw new InvalidRequestError('body', 'the Blob type has a control character');
    return { wire: data, contentType: type, replayable: true, stream: undefined };
  }
  if (data instanceof Readable) {
    return { wire: data, contentType: 'application/octet-stream', replayable: false, stream: data };
  }
  if (typeof data === 'object' && (isAsyncIterable(data) || isIterable(data))) {
    return {
      wire: toBuffers(data as Iterable<unknown>),
      contentType: 'application/octet-stream',
      replayable: false,
      stream: undefined,
    };
  }
  if (typeof data === 'object') {
    const form = new URLSearchParams();
    for (const key of Object.keys(data))
      form.append(key, String((data as Record<string, unknown>)[key]));
    return {
      wire: form.toString(),
      contentType: 'application/x-www-form-urlencoded',
      replayable: true,
      stream: undefined,
    };
  }
  throw new InvalidRequestError(
    'body',
    `data must be a string, bytes, a form or a stream, got ${typeof data}`,
  );
}
