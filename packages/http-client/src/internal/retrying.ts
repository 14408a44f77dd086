/**
 * Opt-in retries, a small wrapper around the session's `send`: idempotent methods only (by
 * default), on connection failures and listed statuses, waiting with exponential backoff
 * and jitter or as `Retry-After` says, always within the request's `total` deadline.
 */
import { sleep, type Coroutine, type Operation } from '@aio/core';
import { headerOf, type ClientResponse } from '../client-response.js';
import { ClientConnectionError, ServerTimeoutError } from '../errors.js';
import { retryDelay, type RetryPolicy } from '../retry.js';
import { underDeadline, type Hop, type RequestState } from './request-state.js';

function isRetryableError(error: unknown): boolean {
  if (error instanceof ServerTimeoutError) return error.phase !== 'total';
  return error instanceof ClientConnectionError;
}

/** Runs `send()` and retries it as `policy` allows; the last response or error wins. */
export function* withRetries(
  state: RequestState,
  policy: RetryPolicy,
  hop: Hop,
  send: () => Operation<ClientResponse>,
): Coroutine<ClientResponse> {
  if (!policy.methods.has(hop.method)) return yield* send();
  const replayable = hop.body === undefined || hop.body.replayable;
  for (let attempt = 0; ; attempt++) {
    let response: ClientResponse;
    try {
      response = yield* send();
    } catch (error) {
      if (attempt >= policy.attempts || !replayable || !isRetryableError(error)) throw error;
      yield* underDeadline(state, sleep(retryDelay(policy, attempt, null)), null);
      continue;
    }
    if (attempt >= policy.attempts || !replayable || !policy.statuses.has(response.status)) {
      return response;
    }
    const delay = retryDelay(policy, attempt, headerOf(response, 'retry-after'));
    if (delay < 0) return response;
    response.release();
    yield* underDeadline(state, sleep(delay), null);
  }
}
