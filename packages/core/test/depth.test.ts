// Deep chains and long runs of completed awaits must neither overflow the stack nor starve.
import { describe, expect, it } from 'vitest';
import { Future, createTask, sleep } from '../src/index.js';
import type { Coroutine } from '../src/index.js';
import { runVirtual } from './helpers/virtual-time.js';

describe('stack depth', () => {
  it('completes a 10,000-deep chain of tasks each awaiting the next', async () => {
    function* level(depth: number): Coroutine<number> {
      if (depth === 0) {
        yield* sleep(1);
        return 0;
      }
      return 1 + (yield* createTask(level(depth - 1)));
    }
    await expect(runVirtual(level(10_000))).resolves.toBe(10_000);
  });

  it('completes a 1,000-deep chain of nested yield* coroutines', async () => {
    function* nested(depth: number): Coroutine<number> {
      if (depth === 0) {
        yield* sleep(1);
        return 0;
      }
      return 1 + (yield* nested(depth - 1));
    }
    await expect(runVirtual(nested(1_000))).resolves.toBe(1_000);
  });

  it('fails the task, not the loop, when native yield* nesting overflows the stack', async () => {
    function* nested(depth: number): Coroutine<number> {
      if (depth === 0) {
        yield* sleep(1);
        return 0;
      }
      return 1 + (yield* nested(depth - 1));
    }
    await runVirtual(function* () {
      const task = createTask(nested(100_000));
      try {
        yield* task;
      } catch {
        // expected: RangeError from V8
      }
      expect(task.exception()).toBeInstanceOf(RangeError);
      expect(yield* sleep(1, 'loop still runs')).toBe('loop still runs');
    });
  });

  it('awaits 1,000,000 completed futures without overflow while a peer keeps getting turns', async () => {
    const done = new Future<number>();
    done.setResult(1);
    let peerTurns = 0;
    let finished = false;
    await runVirtual(function* () {
      const peer = createTask(function* () {
        while (!finished) {
          peerTurns++;
          yield* sleep(0);
        }
      });
      let sum = 0;
      for (let i = 0; i < 1_000_000; i++) sum += yield* done;
      finished = true;
      yield* peer;
      expect(sum).toBe(1_000_000);
    });
    expect(peerTurns).toBeGreaterThanOrEqual(999);
  });

  it('runs 1,000,000 sleep(0) yields with a peer interleaved', async () => {
    let peerTurns = 0;
    await runVirtual(function* () {
      let spinning = true;
      const peer = createTask(function* () {
        while (spinning) {
          peerTurns++;
          yield* sleep(0);
        }
      });
      for (let i = 0; i < 1_000_000; i++) yield* sleep(0);
      spinning = false;
      yield* peer;
    });
    expect(peerTurns).toBeGreaterThanOrEqual(1_000_000);
  });
});
