import { describe, expect, it } from 'vitest';
import {
  Future,
  getRunningLoop,
  sleep,
  timeout,
  timeoutAt,
  wait,
  waitFor,
  type EventLoop,
} from '../src/index.js';
import { runVirtual } from './helpers/virtual-time.js';

/** Every entry point that takes a duration or a deadline, called with `value`. */
function entryPoints(loop: EventLoop, value: unknown): Record<string, () => unknown> {
  const bad = value as number;
  return {
    sleep: () => sleep(bad),
    timeout: () => timeout(bad, sleep(1)),
    timeoutAt: () => timeoutAt(bad, sleep(1)),
    waitFor: () => waitFor(sleep(1), bad),
    wait: () => wait([new Future()], { timeout: bad }),
    callLater: () => loop.callLater(bad, () => undefined),
    callAt: () => loop.callAt(bad, () => undefined),
  };
}

/** The error message each entry point gives, or 'ok' when it accepts the value. */
function messagesFor(loop: EventLoop, value: unknown): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const [name, call] of Object.entries(entryPoints(loop, value))) {
    try {
      const handle = call();
      (handle as { cancel?: () => void }).cancel?.();
      messages[name] = 'ok';
    } catch (error) {
      messages[name] = `${(error as Error).name}: ${(error as Error).message}`;
    }
  }
  return messages;
}

describe('time arguments', () => {
  it('refuses NaN everywhere with a TypeError naming the argument', async () => {
    await runVirtual(function* () {
      expect(messagesFor(getRunningLoop(), Number.NaN)).toEqual({
        sleep: 'TypeError: sleep(ms) needs a number of milliseconds, got NaN',
        timeout: 'TypeError: timeout(ms) needs a number of milliseconds or null, got NaN',
        timeoutAt: 'TypeError: timeoutAt(deadline) needs a loop time in ms or null, got NaN',
        waitFor: 'TypeError: waitFor(op, ms) needs a number of milliseconds or null, got NaN',
        wait: 'TypeError: wait(tasks, { timeout }) needs a number of milliseconds or null, got NaN',
        callLater: 'TypeError: callLater(ms) needs a number of milliseconds, got NaN',
        callAt: 'TypeError: callAt(when) needs a loop time in ms, got NaN',
      });
      yield* sleep(0);
    });
  });

  it('refuses a string of digits rather than converting it', async () => {
    await runVirtual(function* () {
      const messages = Object.values(messagesFor(getRunningLoop(), '10'));
      expect(messages.every((message) => message.startsWith('TypeError:'))).toBe(true);
      expect(messages.every((message) => message.endsWith('got 10'))).toBe(true);
      yield* sleep(0);
    });
  });

  it('accepts Infinity as "never" everywhere', async () => {
    await runVirtual(function* () {
      const messages = Object.values(messagesFor(getRunningLoop(), Infinity));
      expect(new Set(messages)).toEqual(new Set(['ok']));
      yield* sleep(0);
    });
  });
});
