/**
 * Runs a test body with a fresh ClientSession on a fresh loop, and always closes the session.
 */
import { run, sleep, type Coroutine, type Operation } from '@aio/core';
import { ClientSession, type ClientSessionOptions } from '../../src/index.js';

export function withSession<T>(
  options: ClientSessionOptions,
  body: (session: ClientSession) => Operation<T>,
): Promise<T> {
  return run(function* withSessionMain() {
    const session = new ClientSession(options);
    try {
      return yield* body(session);
    } finally {
      yield* session.close();
    }
  });
}

/** Runs `op` and returns the error it throws (fails if it does not throw). */
export function* failure(op: Operation<unknown>): Coroutine<unknown> {
  try {
    yield* op;
  } catch (error) {
    return error;
  }
  throw new Error('expected the operation to fail');
}

/** Polls `condition` every 5 ms (real time) inside a task, for at most `ms`. */
export function* eventually(condition: () => boolean, ms = 10_000): Coroutine<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    yield* sleep(5);
  }
}
