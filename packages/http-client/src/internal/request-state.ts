/**
 * The state one request carries across its hops, retries and body: the `total` deadline
 * (a loop timer that aborts the current exchange when it fires) and how generator-side
 * waits (a connection slot, a retry backoff) are held to the same deadlines.
 */
import {
  timeoutAt,
  TimeoutError,
  type Coroutine,
  type EventLoop,
  type Operation,
  type TimerHandle,
} from '@aio/core';
import { ConnectionTimeoutError, ServerTimeoutError } from '../errors.js';
import type { ResolvedTimeout } from '../timeouts.js';
import type { RetryPolicy } from '../retry.js';
import type { PreparedBody } from './prepare.js';
import type { Dispatcher, Exchange } from './undici.js';

/** One hop of a request: what is sent to one URL. */
export interface Hop {
  method: string;
  url: URL;
  /** Caller and session headers, without Cookie from the jar and without Authorization. */
  headers: string[];
  body: PreparedBody | undefined;
  authorization: string | undefined;
}

/** The state of one request across its hops, retries and body. */
export interface RequestState {
  readonly loop: EventLoop;
  readonly timeout: ResolvedTimeout;
  /** The `total` deadline in loop time, or null. */
  readonly deadline: number | null;
  timer: TimerHandle | undefined;
  /** Set when the total deadline passed. */
  expired: ServerTimeoutError | undefined;
  /** The exchange of the current hop. */
  current: Exchange | undefined;
  /** Set once the response to return is known: its body end stops the total timer. */
  final: boolean;
  readonly retry: RetryPolicy | undefined;
  readonly allowRedirects: boolean;
  readonly maxRedirects: number;
  readonly dispatcher: Dispatcher;
}

/** Cancels the total timer. */
export function stopTimer(state: RequestState): void {
  state.timer?.cancel();
  state.timer = undefined;
}

/**
 * Stops the total timer once the final response's body has fully arrived (or failed): a
 * body still being decoded finishes after undici settles.
 */
export function stopWhenBodyDone(state: RequestState, exchange: Exchange): void {
  const body = exchange.body;
  if (body === undefined || body.ended || body.error !== undefined) stopTimer(state);
  else body.onDone = () => stopTimer(state);
}

/** The total deadline passed: fail the current exchange, and every later step. */
export function onTotalTimeout(state: RequestState): void {
  state.timer = undefined;
  const error = new ServerTimeoutError('total', state.timeout.total ?? 0);
  state.expired = error;
  const exchange = state.current;
  if (exchange !== undefined && (!exchange.settled || exchange.body?.ended === false)) {
    exchange.abort(error);
  }
}

/** Runs `operation` before the total deadline (and `connectDeadline`), raising our timeouts. */
export function* underDeadline<T>(
  state: RequestState,
  operation: Operation<T>,
  connectDeadline: number | null,
): Coroutine<T> {
  if (state.expired !== undefined) throw state.expired;
  const total = state.deadline;
  if (total === null && connectDeadline === null) return yield* operation;
  const deadline =
    total === null
      ? connectDeadline!
      : connectDeadline === null
        ? total
        : Math.min(total, connectDeadline);
  try {
    return yield* timeoutAt(deadline, operation);
  } catch (error) {
    if (!(error instanceof TimeoutError) || error instanceof ServerTimeoutError) throw error;
    if (connectDeadline !== null && deadline === connectDeadline && deadline !== total) {
      throw new ConnectionTimeoutError('connect', state.timeout.connect ?? 0, { cause: error });
    }
    throw (
      state.expired ?? new ServerTimeoutError('total', state.timeout.total ?? 0, { cause: error })
    );
  }
}
