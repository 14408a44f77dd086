/**
 * Trace hooks, in the spirit of aiohttp's `TraceConfig`: plain callbacks a session calls at
 * the milestones of each request. A hook that throws is reported to the loop's exception
 * handler and never breaks the request.
 */
import type { ClientResponse } from './client-response.js';

/** What every trace event carries. */
export interface TraceRequestInfo {
  /** The method of the current hop. */
  readonly method: string;
  /** The URL of the current hop. */
  readonly url: URL;
  /** The request headers of the current hop. */
  readonly headers: Headers;
}

/**
 * Callbacks called during a request; all are optional. Connection events fire once per
 * hop: `onConnectionQueuedStart`/`End` only when the request waits for a free slot under
 * `limit`/`limitPerHost`, `onConnectionAcquired` when the socket is ready.
 *
 * @example
 * ```ts
 * const session = new ClientSession({
 *   traceConfigs: [{ onRequestEnd: (info, response) => console.log(info.url.href, response.status) }],
 * });
 * ```
 */
export interface TraceConfig {
  /** The request starts (once, before the first hop). */
  onRequestStart?(info: TraceRequestInfo): void;
  /** The response head of the last hop arrived. */
  onRequestEnd?(info: TraceRequestInfo, response: ClientResponse): void;
  /** The request failed; `error` is what the caller gets. */
  onRequestException?(info: TraceRequestInfo, error: unknown): void;
  /** The request has to wait for a connection slot. */
  onConnectionQueuedStart?(info: TraceRequestInfo): void;
  /** The wait for a connection slot ended. */
  onConnectionQueuedEnd?(info: TraceRequestInfo): void;
  /** A connection is ready and the request is about to be written. */
  onConnectionAcquired?(info: TraceRequestInfo): void;
  /** A redirect is followed; `response` is the 3xx. */
  onRequestRedirect?(info: TraceRequestInfo, response: ClientResponse): void;
}
