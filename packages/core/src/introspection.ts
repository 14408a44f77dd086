/**
 * The task tree: who created whom, and what each task is waiting for, as data and as text
 * (the equivalent of Python 3.14's `asyncio pstree`).
 */
import type { EventLoop } from './event-loop.js';
import { getRunningLoop } from './event-loop.js';
import { listLiveTasks, type Task } from './task.js';
import { runningTask } from './internal/current.js';
import { schedulerOf } from './internal/loops.js';

/** One live task in a {@link taskTree}. */
export interface TaskTreeNode {
  /** The task's name. */
  name: string;
  /** `running` (this step), `waiting` (parked on something) or `ready` (queued to run). */
  state: 'running' | 'waiting' | 'ready';
  /** What the task waits for, e.g. `sleep 1000ms`, `until Promise`, `Semaphore.acquire`. */
  awaiting: string | undefined;
  /** Where the task was created, when the loop is in debug mode. */
  createdAt: string | undefined;
  /** Live tasks it created (or that live ancestors created, once it has ended). */
  children: TaskTreeNode[];
  /** The task itself. */
  task: Task<unknown>;
}

/**
 * The live tasks of a loop as a forest: each task under the nearest live task that created
 * it, in creation order.
 *
 * @param loop the loop to inspect (default: the running loop)
 *
 * @example
 * ```ts
 * function* main() {
 *   createTask(sleep(1_000), { name: 'sleeper' });
 *   yield* sleep(0);
 *   const [root] = taskTree();
 *   root.children[0].awaiting; // 'sleep 1000ms'
 * }
 * ```
 */
export function taskTree(loop: EventLoop = getRunningLoop()): TaskTreeNode[] {
  const tasks = listLiveTasks(schedulerOf(loop));
  const current = runningTask();
  const nodes = new Map<Task<unknown>, TaskTreeNode>();
  for (const task of tasks) {
    const awaiting = task.awaiting;
    nodes.set(task, {
      name: task.name,
      state: task === current ? 'running' : awaiting === undefined ? 'ready' : 'waiting',
      awaiting,
      createdAt: task.creationLocation,
      children: [],
      task,
    });
  }
  const roots: TaskTreeNode[] = [];
  for (const [task, node] of nodes) {
    let parent = task.parent;
    while (parent !== undefined && !nodes.has(parent)) parent = parent.parent;
    if (parent === undefined) roots.push(node);
    else nodes.get(parent)!.children.push(node);
  }
  return roots;
}

function describe(node: TaskTreeNode): string {
  const what = node.state === 'waiting' ? `awaiting ${node.awaiting}` : node.state;
  const where = node.createdAt === undefined ? '' : ` created at ${node.createdAt}`;
  return `Task "${node.name}" (${what})${where}`;
}

/**
 * The task tree as indented text, one task per line.
 *
 * @param loop the loop to inspect (default: the running loop)
 *
 * @example
 * ```ts
 * console.log(formatTaskTree());
 * // └── Task "main" (running)
 * //     ├── Task "worker-1" (awaiting Semaphore.acquire)
 * //     └── Task "worker-2" (awaiting sleep 1000ms)
 * ```
 */
export function formatTaskTree(loop: EventLoop = getRunningLoop()): string {
  const lines: string[] = [];
  const walk = (nodes: TaskTreeNode[], prefix: string): void => {
    nodes.forEach((node, index) => {
      const last = index === nodes.length - 1;
      lines.push(`${prefix}${last ? '└── ' : '├── '}${describe(node)}`);
      walk(node.children, prefix + (last ? '    ' : '│   '));
    });
  };
  walk(taskTree(loop), '');
  return lines.join('\n');
}
