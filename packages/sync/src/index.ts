/**
 * `@aio/sync`: asyncio's synchronisation primitives for aio. Every wait is cancellable,
 * waiters are served first in, first out, and a cancelled waiter never swallows a wakeup.
 */

// Locks and semaphores
export { Semaphore, BoundedSemaphore } from './semaphore.js';
export type { SemaphoreStatistics } from './semaphore.js';
export { Lock } from './lock.js';
export type { LockStatistics } from './lock.js';
export type { Permit } from './permit.js';

// Signalling
export { Event } from './event.js';
export type { EventStatistics } from './event.js';
export { Condition } from './condition.js';
export type { ConditionStatistics } from './condition.js';
export { Barrier } from './barrier.js';
export type { BarrierState, BarrierStatistics } from './barrier.js';

// Queues
export { Queue, PriorityQueue, LifoQueue } from './queue.js';
export type { PriorityQueueOptions, QueueStatistics } from './queue.js';

// Structured concurrency
export { TaskGroup, taskGroup } from './task-group.js';

// Errors
export { QueueEmpty, QueueFull, QueueShutDown, BrokenBarrierError } from './errors.js';
