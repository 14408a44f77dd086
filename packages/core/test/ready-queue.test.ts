import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReadyQueue } from '../src/internal/ready-queue.js';

// The seed is fixed so the suite is deterministic; set AIO_FC_SEED to explore other seeds.
const SEED = process.env.AIO_FC_SEED === undefined ? 0x5eed : Number(process.env.AIO_FC_SEED);

/** Drains up to `count` entries without running them; returns their arguments in order. */
function drainArgs(queue: ReadyQueue, count: number): unknown[] {
  const args: unknown[] = [];
  queue.drain(count, (_fn, arg) => void args.push(arg));
  return args;
}

describe('ReadyQueue', () => {
  it('runs entries first in, first out across many chunks', () => {
    const queue = new ReadyQueue();
    const ran: number[] = [];
    const record = (n: number): void => void ran.push(n);
    for (let i = 0; i < 5000; i++) queue.push(record, i);
    expect(queue.size).toBe(5000);
    queue.drain(queue.size, (fn, arg) => fn(arg));
    expect([queue.size, ran.length, ran.every((n, i) => n === i)]).toEqual([0, 5000, true]);
  });

  it('leaves entries pushed during a drain for the next drain', () => {
    const queue = new ReadyQueue();
    const ran: string[] = [];
    const again = (name: string): void => {
      ran.push(name);
      if (!name.endsWith("'")) queue.push(again, `${name}'`);
    };
    queue.push(again, 'a');
    queue.push(again, 'b');
    queue.drain(queue.size, (fn, arg) => fn(arg));
    expect([ran, queue.size]).toEqual([['a', 'b'], 2]);
    queue.drain(queue.size, (fn, arg) => fn(arg));
    expect(ran).toEqual(['a', 'b', "a'", "b'"]);
  });

  it('matches an array model under random pushes and partial drains', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: -3000, max: 0 })), {
          maxLength: 30,
        }),
        (script) => {
          const queue = new ReadyQueue();
          const model: number[] = [];
          const ran: number[] = [];
          const record = (n: number): void => void ran.push(n);
          let next = 0;
          for (const step of script) {
            if (step > 0) {
              for (let i = 0; i < step; i++) {
                queue.push(record, next);
                model.push(next++);
              }
            } else {
              const count = -step;
              const before = ran.length;
              queue.drain(count, (fn, arg) => fn(arg));
              expect(ran.slice(before)).toEqual(model.splice(0, count));
            }
            expect(queue.size).toBe(model.length);
          }
        },
      ),
      { numRuns: 60, seed: SEED },
    );
  });

  it('starts empty again after clear()', () => {
    const queue = new ReadyQueue();
    for (let i = 0; i < 3000; i++) queue.push(() => {}, i);
    queue.clear();
    expect([queue.size, drainArgs(queue, 10)]).toEqual([0, []]);
    queue.push(() => {}, 'after');
    expect(drainArgs(queue, 10)).toEqual(['after']);
  });
});
