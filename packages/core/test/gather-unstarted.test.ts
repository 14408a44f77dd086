// A gather's coroutine children wait unstarted in one queue entry (internal/gathering-future.ts)
// and must behave exactly as one lazily started task per child, asyncio's way. Debug mode keeps
// one task per child from the start, so it is the reference the differential property runs.
// Only gathers of 8 operations or more defer (DEFER_FROM), so the cases here gather at least 8.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EventLoop,
  Future,
  VirtualClock,
  allTasks,
  createTask,
  currentTask,
  formatTaskTree,
  gather,
  getRunningLoop,
  sleep,
  wait,
} from '../src/index.js';
import type { Coroutine, ExceptionContext, Operation, Task } from '../src/index.js';
import { collectGarbage } from './helpers/garbage.js';
import { catchError, runVirtual } from './helpers/virtual-time.js';

const SEED = process.env.AIO_FC_SEED === undefined ? 0x5eed : Number(process.env.AIO_FC_SEED);

/** A task's number, from its default name `Task-N`. */
function numberOf(task: Task<unknown> | undefined): number {
  return Number(task?.name.slice('Task-'.length));
}

function* logs(log: string[], line: string): Coroutine<string> {
  log.push(line);
  return line;
}

/** Coroutines logging `0`..`count-1` to `log` when they run, as many as a gather defers. */
function loggers(log: string[], count = 8): Array<Coroutine<string>> {
  return Array.from({ length: count }, (_, i) => logs(log, String(i)));
}

/** Logs `tick N` once per loop round, `rounds` times: the clock the order tests read. */
function* ticker(log: string[], rounds: number): Coroutine<void> {
  for (let round = 0; round < rounds; round++) {
    log.push(`tick ${round}`);
    yield* sleep(0);
  }
}

/**
 * Runs `program` twice, with a large gather's children unstarted (the default) and in debug
 * mode (a task per child from the start, the reference), and gives both logs.
 */
async function bothWays(
  program: (log: string[], debug: boolean) => Promise<void>,
): Promise<[deferred: string[], reference: string[]]> {
  const deferred: string[] = [];
  const reference: string[] = [];
  await program(deferred, false);
  await program(reference, true);
  return [deferred, reference];
}

describe('gather children that wait unstarted', () => {
  it('print what asyncio prints for a gather between a ticking task and a task made before', async () => {
    // The expected lines are CPython 3.11's output for the same program (asyncio.gather of
    // instant(0)..instant(6), fails(7) with return_exceptions=True, a ticker task, and a task
    // created just before the gather).
    function* instant(log: string[], name: string | number): Coroutine<string | number> {
      log.push(`child ${name}`);
      return name;
    }
    function* fails(log: string[], i: number): Coroutine<never> {
      log.push(`child ${i} fails`);
      throw new RangeError(String(i));
    }
    const [deferred, reference] = await bothWays((log, debug) =>
      runVirtual(
        function* () {
          const tick = createTask(ticker(log, 6));
          yield* sleep(0);
          createTask(instant(log, 'before'));
          log.push('gather');
          const children = [0, 1, 2, 3, 4, 5, 6].map((i) => instant(log, i));
          const results = yield* gather([...children, fails(log, 7)], { returnExceptions: true });
          log.push(`gathered ${results.map((r) => (r instanceof Error ? r.name : r)).join(',')}`);
          yield* tick;
        },
        { debug },
      ),
    );
    expect(deferred).toEqual(reference);
    expect(deferred).toEqual([
      'tick 0',
      'gather',
      'tick 1',
      'child before',
      ...[0, 1, 2, 3, 4, 5, 6].map((i) => `child ${i}`),
      'child 7 fails',
      'tick 2',
      'tick 3',
      'gathered 0,1,2,3,4,5,6,RangeError',
      'tick 4',
      'tick 5',
    ]);
  });

  it('finish a gather of coroutines that all return at once in the round asyncio does', async () => {
    // CPython 3.11: a ticker task, then asyncio.gather(*[instant(i) for i in range(8)]).
    const [deferred, reference] = await bothWays((log, debug) =>
      runVirtual(
        function* () {
          const tick = createTask(ticker(log, 5));
          yield* sleep(0);
          log.push('gather');
          const results = yield* gather(loggers(log));
          log.push(`gathered ${results.join(',')}`);
          yield* tick;
        },
        { debug },
      ),
    );
    expect(deferred).toEqual(reference);
    expect(deferred).toEqual([
      'tick 0',
      'gather',
      'tick 1',
      ...['0', '1', '2', '3', '4', '5', '6', '7'],
      'tick 2',
      'tick 3',
      'gathered 0,1,2,3,4,5,6,7',
      'tick 4',
    ]);
  });

  it('are listed by allTasks() before they start, numbered in argument order, with their parent', async () => {
    const log: string[] = [];
    await runVirtual(function* () {
      const parent = createTask(gather([...loggers(log), new Future<string>()]));
      let listed: Task<unknown>[] = [];
      createTask(function* () {
        // This step runs right after parent's, which called gather: the children wait for the
        // next round.
        listed = allTasks().filter((task) => task.parent === parent);
        expect(log).toEqual([]);
      });
      yield* sleep(0);
      yield* sleep(0);
      expect(listed).toHaveLength(8);
      expect(listed.map((task) => numberOf(task) - numberOf(listed[0]))).toEqual([
        0, 1, 2, 3, 4, 5, 6, 7,
      ]);
      expect(numberOf(listed[0])).toBeGreaterThan(numberOf(parent));
      expect(log).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']); // started as usual, in order
      expect(listed.every((task) => task.done())).toBe(true);
      parent.cancel();
    });
  });

  it('see their unstarted siblings in allTasks() during the first one’s first step', async () => {
    let seen: number[] = [];
    const results = await runVirtual(function* () {
      function* first(): Coroutine<string> {
        seen = allTasks()
          .filter((task) => task.parent === currentTask().parent)
          .map((task) => numberOf(task) - numberOf(currentTask()));
        return 'first';
      }
      return yield* gather([first(), ...loggers([], 7)]);
    });
    expect(results).toEqual(['first', '0', '1', '2', '3', '4', '5', '6']);
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('never run when the gather is cancelled before they start, and end cancelled', async () => {
    const log: string[] = [];
    await runVirtual(function* () {
      const parent = createTask(gather(loggers(log)));
      yield* sleep(0); // parent calls gather; the children wait for the next round
      expect(parent.cancel()).toBe(true);
      const children = allTasks().filter((task) => task.parent === parent);
      const error = yield* catchError(parent);
      expect(error).toMatchObject({ name: 'CancelledError' });
      expect(log).toEqual([]);
      expect(children).toHaveLength(8);
      expect(children.every((task) => task.cancelled())).toBe(true);
    });
  });

  it('start when an operation after them throws from its iterator, as their tasks would', async () => {
    const broken: Operation<never> = {
      [Symbol.iterator]() {
        throw new SyntaxError('no iterator');
      },
    };
    const [deferred, reference] = await bothWays((log, debug) =>
      runVirtual(
        function* () {
          const error = yield* catchError(gather([...loggers(log), broken, logs(log, 'after')]));
          expect(error).toBeInstanceOf(SyntaxError);
          yield* sleep(0);
        },
        { debug },
      ),
    );
    expect(deferred).toEqual(reference);
    expect(deferred).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
  });

  it('are not kept alive by a pending gather once they returned in their first step', async () => {
    let finishedRef: WeakRef<Task<unknown>> | undefined;
    await runVirtual(function* () {
      const pending = new Future<string>();
      const gathering = createTask(
        gather([
          (function* () {
            finishedRef = new WeakRef(currentTask());
            return 'at once';
          })(),
          ...loggers([], 7),
          pending,
        ]),
      );
      yield* sleep(0);
      yield* sleep(0);
      expect(finishedRef!.deref()?.done()).toBe(true);
      yield* collectGarbage();
      expect(finishedRef!.deref()).toBeUndefined();
      pending.setResult('later');
      expect(yield* gathering).toEqual(['at once', '0', '1', '2', '3', '4', '5', '6', 'later']);
    });
  });

  it('behave as one task per child, checked against debug mode on random programs', async () => {
    const child = fc.record({
      kind: fc.constantFrom('coroutine', 'coroutine', 'coroutine', 'done future', 'future'),
      yields: fc.integer({ min: 0, max: 3 }),
      end: fc.constantFrom('return', 'return', 'throw', 'cancel itself'),
      listsTasks: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
      cancelsGather: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
      nests: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
    });
    const gatherPlan = fc.record({
      // Sizes drawn evenly, so that about half the gathers reach the 8 that defer.
      children: fc
        .integer({ min: 0, max: 14 })
        .chain((length) => fc.array(child, { minLength: length, maxLength: length })),
      returnExceptions: fc.boolean(),
      cancelAtRound: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
      listAtRound: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
    });
    const program = fc.record({
      gathers: fc.array(gatherPlan, { minLength: 1, maxLength: 3 }),
      mainWaits: fc.integer({ min: 0, max: 4 }).map((n) => n !== 0),
    });
    type Program = typeof program extends fc.Arbitrary<infer P> ? P : never;

    async function trace(plan: Program, debug: boolean): Promise<string[]> {
      const log: string[] = [];
      // Task numbers are global: shown relative to the first task the program makes.
      let base = 0;
      const rel = (task: Task<unknown> | undefined): string =>
        task === undefined || !/^Task-\d+$/.test(task.name)
          ? (task?.name ?? '-')
          : String(numberOf(task) - base);
      const describe = (value: unknown): string =>
        value instanceof Error ? `${value.name}:${value.message}` : String(value);
      function* coroutine(g: number, i: number, c: Program['gathers'][0]['children'][0]) {
        const me = currentTask();
        log.push(`g${g}c${i} start ${rel(me)} parent ${rel(me.parent)}`);
        if (c.listsTasks) log.push(`g${g}c${i} sees ${allTasks().map(rel).sort().join(' ')}`);
        if (c.cancelsGather) log.push(`g${g}c${i} cancels the gather ${me.parent?.cancel()}`);
        if (c.nests) {
          const inner = function* (j: number): Coroutine<string> {
            const task = currentTask();
            return yield* logs(log, `g${g}c${i} inner ${j} ${rel(task)} in ${rel(task.parent)}`);
          };
          log.push(`g${g}c${i} nested ${(yield* gather(inner(0), inner(1))).join(',')}`);
        }
        try {
          for (let k = 0; k < c.yields; k++) {
            yield* sleep(0);
            log.push(`g${g}c${i} step ${k}`);
          }
        } finally {
          log.push(`g${g}c${i} finally`);
        }
        if (c.end === 'throw') throw new Error(`g${g}c${i}`);
        if (c.end === 'cancel itself') me.cancel(`g${g}c${i}`);
        return `g${g}c${i}`;
      }
      await runVirtual(
        function* () {
          const loop = getRunningLoop();
          loop.setExceptionHandler((context: ExceptionContext) =>
            log.push(
              `report ${context.message
                .replace(/ \(created at .*\)$/, '') // debug mode only
                .replace(/Task-(\d+)/g, (_, n: string) => `T${Number(n) - base}`)}`,
            ),
          );
          const tasks: Task<unknown>[] = [];
          const ticker = createTask(function* () {
            for (let round = 0; round < 12; round++) {
              log.push(`round ${round}`);
              yield* sleep(0);
            }
          });
          base = numberOf(ticker);
          plan.gathers.forEach((g, gi) => {
            const futures: Array<Future<string>> = [];
            const parent = createTask(function* () {
              const operations = g.children.map((c, i) => {
                if (c.kind === 'coroutine') return coroutine(gi, i, c);
                const future = new Future<string>();
                if (c.kind === 'done future') future.setResult(`g${gi}f${i}`);
                else futures.push(future);
                return future;
              });
              try {
                const results = yield* gather(operations, { returnExceptions: g.returnExceptions });
                log.push(`g${gi} gathered ${results.map(describe).join(',')}`);
              } catch (error) {
                log.push(`g${gi} raised ${describe(error)}`);
              }
            });
            tasks.push(parent);
            tasks.push(
              createTask(function* () {
                for (let round = 0; round < 6; round++) {
                  if (round === g.cancelAtRound) log.push(`g${gi} cancel ${parent.cancel()}`);
                  if (round === g.listAtRound)
                    log.push(`g${gi} lists ${allTasks().map(rel).sort().join(' ')}`);
                  if (round === 2) for (const future of futures) future.setResult('settled');
                  yield* sleep(0);
                }
              }),
            );
          });
          if (plan.mainWaits) yield* wait(tasks);
          else yield* sleep(0);
          log.push('main returns');
        },
        { debug },
      );
      return log;
    }

    await fc.assert(
      fc.asyncProperty(program, async (plan) => {
        expect(await trace(plan, false)).toEqual(await trace(plan, true));
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  it('can be cancelled and are listed after their loop was closed before they started', async () => {
    // A loop stopped in the round of the gather call and then closed keeps its tasks, pending
    // for good: the task tree lists them, and cancelling the gather's task only asks them.
    const [deferred, reference] = await bothWays(async (log, debug) => {
      const loop = new EventLoop({ debug, clock: new VirtualClock() });
      const parent = loop.createTask(gather(loggers(log)), { name: 'parent' });
      loop.callSoon(() => loop.stop()); // runs right after parent's step, which calls gather
      await loop.runForever();
      loop.close();
      log.push(
        formatTaskTree(loop)
          .replace(/ created at .*$/gm, '')
          .replace(/Task-\d+/g, 'T'),
      );
      log.push(`cancel ${String(parent.cancel())}`);
      // The next task, on another loop, runs its own coroutine.
      const fresh = new EventLoop({ clock: new VirtualClock() });
      log.push(`fresh ${String(await fresh.runUntilComplete(logs(log, 'fresh')))}`);
      fresh.close();
    });
    expect(deferred).toEqual(reference);
    expect(deferred).toEqual([
      [
        '└── Task "parent" (awaiting gather (8 of 8 pending))',
        ...Array(7).fill('    ├── Task "T" (ready)'),
        '    └── Task "T" (ready)',
      ].join('\n'),
      'cancel true',
      'fresh',
      'fresh fresh',
    ]);
  }, 5_000);

  it('start in the order and with the numbers of their tasks when an operation’s iterator has side effects', async () => {
    // An Operation is anything with [Symbol.iterator](); a task per child calls it just before
    // taking that child's number and queueing its first step, so what the call queues or
    // numbers falls between the children.
    const [deferred, reference] = await bothWays(async (log, debug) => {
      await runVirtual(
        function* () {
          const base = numberOf(createTask(sleep(0)));
          const rel = (task: Task<unknown> | undefined): number => numberOf(task) - base;
          const startsTask = (i: number): Operation<string> => ({
            [Symbol.iterator]() {
              createTask(function* () {
                log.push(`side ${i} ${rel(currentTask())}`);
              });
              return (function* (): Coroutine<string> {
                log.push(`child ${i} ${rel(currentTask())}`);
                return String(i);
              })();
            },
          });
          yield* gather(Array.from({ length: 8 }, (_, i) => startsTask(i)));
        },
        { debug },
      );
    });
    expect(deferred).toEqual(reference);
    expect(deferred.slice(0, 4)).toEqual(['side 0 1', 'child 0 2', 'side 1 3', 'child 1 4']);
  });

  it('let the gather see a child fail first when the child registered on itself before suspending', async () => {
    // c7 registers on itself in its first step (a done callback; a task it starts eagerly
    // that awaits it), suspends, then fails. With a task per child the gather's callback came
    // first, so the gather has failed when the others run, and cancelling the gather's task no
    // longer reaches c0.
    const [deferred, reference] = await bothWays(async (log, debug) => {
      await runVirtual(
        function* () {
          const parent = createTask(
            gather([
              (function* () {
                try {
                  yield* sleep(10);
                  log.push('c0 done');
                } catch (error) {
                  log.push(`c0 ${String(error)}`);
                }
              })(),
              ...loggers([], 6),
              (function* () {
                const me = currentTask();
                me.addDoneCallback(() => log.push(`callback: cancel ${String(parent.cancel())}`));
                createTask(
                  function* () {
                    yield* catchError(me);
                    log.push(`waiter: parent awaits ${String(parent.awaiting)}`);
                  },
                  { eagerStart: true },
                );
                yield* sleep(0);
                throw new RangeError('c7');
              })(),
            ]),
          );
          log.push(`parent: ${String(yield* catchError(parent))}`);
          yield* sleep(20);
        },
        { debug },
      );
    });
    expect(deferred).toEqual(reference);
    expect(deferred).toEqual([
      'callback: cancel true',
      'waiter: parent awaits gather (1 of 8 pending)',
      'parent: CancelledError',
      'c0 done',
    ]);
  });
});
