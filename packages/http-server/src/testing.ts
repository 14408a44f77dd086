/**
 * In-process requests: `makeMockedRequest` (aiohttp's `make_mocked_request`) builds a
 * Request whose response is captured in memory, and `MockedResponse` is what
 * `app.request()` returns.
 */
import secureJson from 'secure-json-parse';
import { CIMultiDict } from './multidict.js';
import { Request } from './request.js';
import { BodyReader } from './internal/body-reader.js';
import { MemoryTransport, type CapturedResponse } from './internal/transport.js';

/** Options of {@link makeMockedRequest} and `app.request()`. */
export interface MockedRequestInit {
  /** The method (default GET). */
  method?: string | undefined;
  /** Request headers. */
  headers?: Record<string, string> | Iterable<readonly [string, string]> | undefined;
  /** The body (a string is UTF-8). */
  body?: string | Uint8Array | undefined;
  /** The peer address (default 127.0.0.1). */
  remote?: string | undefined;
}

/**
 * Builds a Request for unit tests, with no socket: its response is kept in memory.
 *
 * @param method the method
 * @param target the request-target (`/path?query`)
 * @param init headers, body, remote
 * @returns the request
 * @example
 * ```ts
 * const request = makeMockedRequest('GET', '/users/42?full=1', { remote: '10.0.0.7' });
 * request.query.get('full'); // '1'; request.remote is '10.0.0.7'
 * const response = yield* app.handle(request); // routed as usual, no socket
 * (yield* app.handle(makeMockedRequest('GET', '/nope'))).status; // 404
 * ```
 */
export function makeMockedRequest(
  method: string,
  target: string,
  init?: MockedRequestInit,
): Request;
/** @internal the transport too */
export function makeMockedRequest(
  method: string,
  target: string,
  init: MockedRequestInit,
  withTransport: true,
): [Request, MemoryTransport];
export function makeMockedRequest(
  method: string,
  target: string,
  init: MockedRequestInit = {},
  withTransport = false,
): Request | [Request, MemoryTransport] {
  const rawHeaders: string[] = [];
  const headers = init.headers ?? {};
  const entries = Symbol.iterator in headers ? headers : Object.entries(headers);
  let hasHost = false;
  let hasLength = false;
  let contentEncoding: string | undefined;
  for (const [name, value] of entries) {
    rawHeaders.push(name, value);
    const lower = name.toLowerCase();
    if (lower === 'host') hasHost = true;
    else if (lower === 'content-length') hasLength = true;
    else if (lower === 'content-encoding') contentEncoding ??= value;
  }
  if (!hasHost) rawHeaders.push('Host', 'localhost');
  const body = init.body === undefined ? undefined : Buffer.from(init.body);
  if (body !== undefined && !hasLength) rawHeaders.push('Content-Length', String(body.length));
  const transport = new MemoryTransport(method === 'HEAD');
  const request = new Request({
    method,
    target,
    version: '1.1',
    rawHeaders,
    body: new BodyReader(body, body?.length, undefined, contentEncoding),
    transport,
    addresses: { remoteAddress: init.remote ?? '127.0.0.1', localAddress: '127.0.0.1' },
    secure: false,
    loop: undefined,
    signal: undefined,
  });
  return withTransport ? [request, transport] : request;
}

/**
 * What the client would have received from an in-process request.
 *
 * @example
 * ```ts
 * const response = yield* app.request('/users/42');
 * response.status; // 200
 * response.json(); // { id: '42' }
 * (yield* app.request('/nope')).status; // 404
 * ```
 */
export class MockedResponse {
  /** The status code. */
  readonly status: number;
  /** The reason phrase. */
  readonly reason: string;
  /** The response headers. */
  readonly headers: CIMultiDict;
  /** The body bytes (empty for HEAD). */
  readonly body: Buffer;
  /** Whether the response was aborted (the connection would have been destroyed). */
  readonly destroyed: boolean;

  /** @param captured what the memory transport recorded */
  constructor(captured: CapturedResponse) {
    this.status = captured.status;
    this.reason = captured.reason;
    const headers = new CIMultiDict();
    for (let i = 0; i + 1 < captured.headers.length; i += 2) {
      headers.append(captured.headers[i] as string, captured.headers[i + 1] as string);
    }
    this.headers = headers;
    this.body = Buffer.concat(captured.chunks);
    this.destroyed = captured.destroyed || !captured.ended;
  }

  /** The body as UTF-8 text. */
  text(): string {
    return this.body.toString('utf8');
  }

  /** The body parsed as JSON. */
  json<T = unknown>(): T {
    return secureJson.parse(this.text()) as T;
  }
}
