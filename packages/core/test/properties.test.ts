// Property tests: random trees of tasks with random delays, errors, timeouts and cancellations.
// The seed is fixed so the suite is deterministic; set AIO_FC_SEED to explore other seeds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  TimeoutError,
  allTasks,
  createTask,
  currentTask,
  gather,
  getRunningLoop,
  sleep,
  timeout,
  wait,
  waitFor,
} from '../src/index.js';
import type { Coroutine, ExceptionContext, Operation, Task } from '../src/index.js';
import { now, runVirtual } from './helpers/virtual-time.js';

const SEED = process.env.AIO_FC_SEED === undefined ? 0x5eed : Number(process.env.AIO_FC_SEED);

/** The error a failing node throws; it names the node so results can be traced back. */
class NodeError extends Error {
  constructor(readonly id: number) {
    super(`node ${id} failed`);
  }
}

interface NodeShape {
  delay: number;
  fails: boolean;
  /** Catches a CancelledError that reaches it during its delay and carries on. */
  swallows: boolean;
  cleanupDelay: number;
  timeoutMs: number | null;
  cancelAfter: number | null;
  children: NodeShape[];
}

interface TreeNode extends Omit<NodeShape, 'children'> {
  id: number;
  children: TreeNode[];
}

function shapeArbitrary(depth: number): fc.Arbitrary<NodeShape> {
  return fc.record({
    delay: fc.integer({ min: 0, max: 50 }),
    fails: fc.boolean(),
    swallows: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    cleanupDelay: fc.integer({ min: 0, max: 10 }),
    timeoutMs: fc.option(fc.integer({ min: 0, max: 80 }), { nil: null }),
    cancelAfter: fc.option(fc.integer({ min: 0, max: 80 }), { nil: null }),
    children: depth === 0 ? fc.constant([]) : fc.array(shapeArbitrary(depth - 1), { maxLength: 3 }),
  });
}

function numbered(shape: NodeShape, next = { id: 0 }): TreeNode {
  const id = next.id++;
  return { ...shape, id, children: shape.children.map((child) => numbered(child, next)) };
}

/** What happened while a tree ran. */
interface Trace {
  started: number[];
  finallyEntered: number[];
  gatherChecks: string[];
}

/** Runs one node: sleep, run the children concurrently (some cancelled), maybe fail. */
function* runNode(node: TreeNode, trace: Trace): Coroutine<number> {
  trace.started.push(node.id);
  try {
    const body = function* (): Coroutine<number> {
      try {
        yield* sleep(node.delay);
      } catch (error) {
        if (!(node.swallows && error instanceof CancelledError)) throw error;
      }
      if (node.children.length > 0) {
        const loop = getRunningLoop();
        const tasks = node.children.map((child) =>
          createTask(runNode(child, trace), { name: `node-${child.id}` }),
        );
        const timers = node.children.flatMap((child, i) =>
          child.cancelAfter === null
            ? []
            : [loop.callLater(child.cancelAfter, () => tasks[i]!.cancel())],
        );
        try {
          const results = yield* gather(tasks, { returnExceptions: true });
          checkGatherOrder(node, tasks, results, trace);
        } finally {
          for (const timer of timers) timer.cancel();
        }
      }
      if (node.fails) throw new NodeError(node.id);
      return node.id;
    };
    return node.timeoutMs === null ? yield* body() : yield* timeout(node.timeoutMs, body());
  } finally {
    trace.finallyEntered.push(node.id);
    if (node.cleanupDelay > 0) yield* sleep(node.cleanupDelay);
  }
}

/** Each result sits at its child's index and is exactly that child's outcome. */
function checkGatherOrder(
  node: TreeNode,
  tasks: Task<number>[],
  results: unknown[],
  trace: Trace,
): void {
  node.children.forEach((child, i) => {
    const task = tasks[i]!;
    const result = results[i];
    let ok: boolean;
    if (task.cancelled()) ok = result instanceof CancelledError;
    else if (task.exception() !== undefined) {
      ok =
        result === task.exception() &&
        (result instanceof TimeoutError || (result instanceof NodeError && result.id === child.id));
    } else ok = result === child.id && task.result() === child.id;
    if (!ok)
      trace.gatherChecks.push(`node ${node.id}: result ${i} does not match child ${child.id}`);
  });
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Runs `operation` and evaluates to its outcome, value or error. */
function* outcomeOf<T>(operation: Operation<T>): Coroutine<Outcome<T>> {
  try {
    return { ok: true, value: yield* operation };
  } catch (error) {
    return { ok: false, error };
  }
}

function descendants(node: TreeNode): TreeNode[] {
  return [node, ...node.children.flatMap(descendants)];
}

describe('properties', () => {
  it('runs every finally and leaves no task pending in random trees of tasks, eager or not', async () => {
    await fc.assert(
      fc.asyncProperty(
        shapeArbitrary(3),
        fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
        fc.boolean(),
        async (shape, rootCancelAt, eagerTasks) => {
          const root = numbered(shape);
          const trace: Trace = { started: [], finallyEntered: [], gatherChecks: [] };
          const reports: ExceptionContext[] = [];
          await runVirtual(
            function* () {
              getRunningLoop().setExceptionHandler((context) => reports.push(context));
              const task = createTask(runNode(root, trace), { name: 'root' });
              if (rootCancelAt !== null)
                getRunningLoop().callLater(rootCancelAt, () => task.cancel());
              yield* wait([task]);
              if (!task.cancelled()) task.exception(); // retrieve: a root failure is expected
              const left = allTasks(); // (toEqual would iterate tasks: they are Operations)
              expect(left).toHaveLength(1);
              expect(left[0]).toBe(currentTask());
            },
            { eagerTasks },
          );
          expect(trace.gatherChecks).toEqual([]);
          expect([...trace.finallyEntered].sort((a, b) => a - b)).toEqual(
            [...trace.started].sort((a, b) => a - b),
          );
          // A parent's finally runs only after every child it started has reached its own.
          for (const node of descendants(root)) {
            const at = trace.finallyEntered.indexOf(node.id);
            for (const child of node.children) {
              const childAt = trace.finallyEntered.indexOf(child.id);
              if (childAt !== -1) expect(childAt).toBeLessThan(at);
            }
          }
          expect(reports).toEqual([]);
        },
      ),
      { numRuns: 150, seed: SEED },
    );
  });

  it('gathers results in argument order and ends at the longest delay', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ delay: fc.integer({ min: 0, max: 100 }), fails: fc.boolean() }), {
          maxLength: 8,
        }),
        async (children) => {
          await runVirtual(function* () {
            const results = yield* gather(
              children.map(function* ({ delay, fails }, i): Coroutine<number> {
                yield* sleep(delay);
                if (fails) throw new NodeError(i);
                return i;
              }),
              { returnExceptions: true },
            );
            expect(results).toHaveLength(children.length);
            children.forEach(({ fails }, i) => {
              if (fails) expect((results[i] as NodeError).id).toBe(i);
              else expect(results[i]).toBe(i);
            });
            expect(now()).toBe(Math.max(0, ...children.map(({ delay }) => delay)));
          });
        },
      ),
      { numRuns: 100, seed: SEED },
    );
  });

  it('raises the first error to happen from gather without returnExceptions', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ delay: fc.integer({ min: 1, max: 100 }), fails: fc.boolean() }), {
          minLength: 1,
          maxLength: 8,
        }),
        async (children) => {
          const failing = children.filter(({ fails }) => fails);
          await runVirtual(function* () {
            const outcome = yield* outcomeOf(
              gather(
                children.map(function* ({ delay, fails }, i): Coroutine<number> {
                  yield* sleep(delay);
                  if (fails) throw new NodeError(i);
                  return i;
                }),
              ),
            );
            if (failing.length === 0) {
              expect(outcome).toEqual({ ok: true, value: children.map((_, i) => i) });
              return;
            }
            const first = Math.min(...failing.map(({ delay }) => delay));
            const error = outcome.ok ? undefined : outcome.error;
            expect(error).toBeInstanceOf(NodeError);
            expect(children[(error as NodeError).id]).toMatchObject({ delay: first, fails: true });
            expect(now()).toBe(first);
          });
        },
      ),
      { numRuns: 100, seed: SEED },
    );
  });

  it('ends timeout() at the earlier of the body and the deadline', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1_000 }),
        fc.integer({ min: 0, max: 1_000 }),
        async (bodyMs, deadlineMs) => {
          fc.pre(bodyMs !== deadlineMs);
          await runVirtual(function* () {
            const outcome = yield* outcomeOf(timeout(deadlineMs, sleep(bodyMs, 'body')));
            if (bodyMs < deadlineMs) {
              expect(outcome).toEqual({ ok: true, value: 'body' });
              expect(now()).toBe(bodyMs);
            } else {
              expect(outcome.ok ? undefined : outcome.error).toBeInstanceOf(TimeoutError);
              expect(now()).toBe(deadlineMs);
            }
            expect(currentTask().cancelling()).toBe(0);
          });
        },
      ),
      { numRuns: 100, seed: SEED },
    );
  });

  it('ends waitFor() at the earlier of the operation and the deadline, after its cleanup', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 0, max: 50 }),
        async (bodyMs, deadlineMs, cleanupMs) => {
          const endMs = bodyMs + cleanupMs;
          fc.pre(bodyMs !== deadlineMs && endMs !== deadlineMs);
          let cleanedAt: number | undefined;
          await runVirtual(function* () {
            const task = createTask(function* () {
              try {
                yield* sleep(bodyMs);
                return 'body';
              } finally {
                if (cleanupMs > 0) yield* sleep(cleanupMs);
                cleanedAt = now();
              }
            });
            const outcome = yield* outcomeOf(waitFor(task, deadlineMs));
            if (endMs < deadlineMs) {
              // Done in time, cleanup included.
              expect(outcome).toEqual({ ok: true, value: 'body' });
              expect(now()).toBe(endMs);
              expect(cleanedAt).toBe(endMs);
            } else if (bodyMs > deadlineMs) {
              // Cancelled while working: the cleanup runs in full before TimeoutError.
              expect(outcome.ok ? undefined : outcome.error).toBeInstanceOf(TimeoutError);
              expect(task.cancelled()).toBe(true);
              expect(now()).toBe(deadlineMs + cleanupMs);
              expect(cleanedAt).toBe(deadlineMs + cleanupMs);
            } else {
              // Cancelled while cleaning up: the cleanup sleep is interrupted at the deadline.
              expect(outcome.ok ? undefined : outcome.error).toBeInstanceOf(TimeoutError);
              expect(task.cancelled()).toBe(true);
              expect(now()).toBe(deadlineMs);
              expect(cleanedAt).toBeUndefined();
            }
          });
        },
      ),
      { numRuns: 100, seed: SEED },
    );
  });
});
