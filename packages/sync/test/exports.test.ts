import { describe, expect, it } from 'vitest';
import * as sync from '../src/index.js';

describe('@aio/sync exports', () => {
  it('exposes exactly the documented runtime names', () => {
    expect(Object.keys(sync).sort()).toMatchInlineSnapshot(`
      [
        "Barrier",
        "BoundedSemaphore",
        "BrokenBarrierError",
        "Condition",
        "Event",
        "LifoQueue",
        "Lock",
        "PriorityQueue",
        "Queue",
        "QueueEmpty",
        "QueueFull",
        "QueueShutDown",
        "Semaphore",
        "TaskGroup",
        "taskGroup",
      ]
    `);
  });
});
