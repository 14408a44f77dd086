/**
 * `@aio/http-client`: aiohttp's ClientSession for aio, on undici.
 */

// Session and responses
export { ClientSession } from './client-session.js';
export { ClientResponse } from './client-response.js';
export type { JsonOptions } from './client-response.js';
export { StreamReader } from './stream-reader.js';
export { ClientCookieJar } from './cookie-jar.js';
export type { ClientCookieJarOptions } from './cookie-jar.js';

// Options
export type {
  BasicAuth,
  ClientSessionOptions,
  HeadersInit,
  ParamValue,
  Params,
  RequestData,
  RequestOptions,
} from './request-options.js';
export { DEFAULT_TIMEOUT } from './timeouts.js';
export type { ClientTimeout, ResolvedTimeout } from './timeouts.js';
export type { RetryOptions } from './retry.js';
export type { TraceConfig, TraceRequestInfo } from './trace.js';

// Errors
export {
  ClientError,
  ClientConnectionError,
  ClientConnectorError,
  ServerDisconnectedError,
  ClientPayloadError,
  PayloadTooLargeError,
  ClientResponseError,
  ContentTypeError,
  TooManyRedirects,
  InvalidURL,
  InvalidUrlRedirectError,
  NonHttpUrlRedirectError,
  InvalidRequestError,
  ClientClosedError,
  ServerTimeoutError,
  ConnectionTimeoutError,
  SocketTimeoutError,
} from './errors.js';
export type { ClientResponseErrorOptions, RequestInfo, TimeoutPhase } from './errors.js';
