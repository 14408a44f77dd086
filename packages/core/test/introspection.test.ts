import { describe, expect, it } from 'vitest';
import {
  Future,
  createTask,
  formatTaskTree,
  gather,
  sleep,
  taskTree,
  until,
} from '../src/index.js';
import { waitAllBlocked } from '../src/testing.js';
import { WaitQueue } from '../src/lowlevel.js';
import { runVirtual } from './helpers/virtual-time.js';

describe('taskTree', () => {
  it('shows parents, children, states and what each task awaits', async () => {
    await runVirtual(function* () {
      const gate = new WaitQueue({ label: 'Semaphore.acquire' });
      createTask(
        function* () {
          createTask(sleep(1_000), { name: 'sleeper' });
          createTask(gate.wait(), { name: 'blocked' });
          createTask(until(new Promise(() => undefined)), { name: 'foreign' });
          yield* new Future({ label: 'Event.wait' });
        },
        { name: 'parent' },
      );
      yield* waitAllBlocked();
      const [root] = taskTree();
      expect(root!.name).toBe('main');
      expect(root!.state).toBe('running');
      const parent = root!.children[0]!;
      expect([parent.name, parent.state, parent.awaiting]).toEqual([
        'parent',
        'waiting',
        'Event.wait',
      ]);
      expect(parent.children.map((child) => [child.name, child.awaiting])).toEqual([
        ['sleeper', 'sleep 1000ms'],
        ['blocked', 'Semaphore.acquire'],
        ['foreign', 'until Promise'],
      ]);
    });
  });

  it('attaches the children of a finished task to its nearest live ancestor', async () => {
    await runVirtual(function* () {
      const middle = createTask(
        function* () {
          createTask(sleep(100), { name: 'orphan' });
        },
        { name: 'middle' },
      );
      yield* middle;
      const [root] = taskTree();
      expect(root!.children.map((child) => child.name)).toEqual(['orphan']);
    });
  });

  it('formats the tree as text', async () => {
    await runVirtual(function* () {
      const work = createTask(
        function* () {
          yield* gather(
            createTask(sleep(10), { name: 'ten' }),
            createTask(sleep(20), { name: 'twenty' }),
          );
        },
        { name: 'work' },
      );
      createTask(sleep(5), { name: 'five' });
      yield* waitAllBlocked();
      expect(formatTaskTree()).toBe(
        [
          '└── Task "main" (running)',
          '    ├── Task "work" (awaiting gather (2 of 2 pending))',
          '    │   ├── Task "ten" (awaiting sleep 10ms)',
          '    │   └── Task "twenty" (awaiting sleep 20ms)',
          '    └── Task "five" (awaiting sleep 5ms)',
        ].join('\n'),
      );
      yield* work;
    });
  });
});

describe('waitAllBlocked', () => {
  it('returns once every other task is parked, before the clock jumps', async () => {
    await runVirtual(function* () {
      const log: string[] = [];
      createTask(function* () {
        log.push('a');
        yield* sleep(0);
        log.push('b');
        yield* sleep(5);
        log.push('c');
      });
      yield* waitAllBlocked();
      expect(log).toEqual(['a', 'b']);
    });
  });
});
