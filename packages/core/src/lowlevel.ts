/**
 * `@aio/core/lowlevel`: the building blocks for library authors (aio's own sync and HTTP
 * packages use them): the fair FIFO wait queue with cancel-safe removal.
 */
export { MUST_WAIT, WaitQueue } from './wait-queue.js';
export type { WaitAttempt, WaitQueueOptions } from './wait-queue.js';
