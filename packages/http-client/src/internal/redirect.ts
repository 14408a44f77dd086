/**
 * Redirect following, a small wrapper around the session's `send`: it keeps `history`,
 * rewrites method and body per RFC 9110 as browsers and aiohttp do, and drops credentials
 * when a redirect leaves the origin. undici's own redirect handling is not used, so each of
 * its protections is restated (and tested) here.
 */
import type { Coroutine, Operation } from '@aio/core';
import { headerOf, type ClientResponse } from '../client-response.js';
import {
  InvalidRequestError,
  InvalidUrlRedirectError,
  NonHttpUrlRedirectError,
  TooManyRedirects,
} from '../errors.js';
import { BAD_URL, dropHeaders, takeUrlCredentials, toHeaders } from './prepare.js';
import type { Hop, RequestState } from './request-state.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const BODY_HEADERS = new Set(['content-type', 'content-length', 'transfer-encoding']);
// WHATWG URL reads `http:///x` as `http://x/`; an empty authority is malformed here.
const EMPTY_AUTHORITY = /^[a-z][a-z\d+.-]*:\/\/\//i;

/**
 * The hop a redirect leads to.
 *
 * @throws InvalidUrlRedirectError / NonHttpUrlRedirectError for a bad Location
 * @throws InvalidRequestError when a streamed body would have to be sent again
 */
export function nextHop(
  hop: Hop,
  response: ClientResponse,
  location: string,
  strip: ReadonlySet<string>,
): Hop {
  let url: URL;
  try {
    url = new URL(location, response.url);
  } catch (error) {
    throw new InvalidUrlRedirectError(location, 'the redirect Location is not a valid URL', {
      cause: error,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NonHttpUrlRedirectError(location, `the redirect goes to a ${url.protocol} URL`);
  }
  if (BAD_URL.test(location) || url.hostname === '' || EMPTY_AUTHORITY.test(location)) {
    throw new InvalidUrlRedirectError(location, 'the redirect Location is not a valid URL');
  }
  if (url.hash !== '') url.hash = '';
  // Credentials in a Location are never used: they could come from anyone.
  takeUrlCredentials(url);
  const status = response.status;
  let { method, body, headers, authorization } = hop;
  if (
    (status === 303 && method !== 'HEAD') ||
    ((status === 301 || status === 302) && method === 'POST')
  ) {
    method = 'GET';
    body = undefined;
    headers = dropHeaders(headers, BODY_HEADERS);
  } else if (body !== undefined && !body.replayable) {
    throw new InvalidRequestError(
      'body',
      `a streamed body cannot be sent again after a ${status} redirect`,
    );
  }
  if (url.origin !== hop.url.origin) {
    headers = dropHeaders(headers, strip);
    authorization = undefined;
  }
  return { method, url, headers, body, authorization };
}

/**
 * Sends `first`, then follows 3xx responses with a Location while allowed. Each redirect
 * response is released (its connection freed) and kept in `history`.
 *
 * @throws TooManyRedirects when `history` reaches `maxRedirects` (aiohttp's count)
 */
export function* followRedirects(
  state: RequestState,
  first: Hop,
  strip: ReadonlySet<string>,
  send: (hop: Hop, history: ClientResponse[]) => Operation<ClientResponse>,
  onRedirect: ((hop: Hop, response: ClientResponse) => void) | undefined,
): Coroutine<ClientResponse> {
  const history: ClientResponse[] = [];
  let hop = first;
  for (;;) {
    const response = yield* send(hop, history);
    if (!state.allowRedirects || !REDIRECTS.has(response.status)) return response;
    const location = headerOf(response, 'location');
    if (location === null) return response;
    onRedirect?.(hop, response);
    response.release();
    history.push(response);
    if (history.length >= state.maxRedirects) {
      throw new TooManyRedirects(`more than ${state.maxRedirects} redirects`, {
        status: response.status,
        requestInfo: {
          method: first.method,
          url: history[0]!.url,
          headers: toHeaders(first.headers),
        },
        headers: response.headers,
        history: history.slice(),
      });
    }
    hop = nextHop(hop, response, location, strip);
  }
}
