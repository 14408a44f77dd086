/**
 * Maps each public `EventLoop` to its internal scheduler, so modules can reach the engine
 * without the facade exposing it.
 */
import type { EventLoop } from '../event-loop.js';
import type { Scheduler } from './scheduler.js';

const schedulers = new WeakMap<EventLoop, Scheduler>();

export function registerScheduler(loop: EventLoop, scheduler: Scheduler): void {
  schedulers.set(loop, scheduler);
}

export function schedulerOf(loop: EventLoop): Scheduler {
  return schedulers.get(loop)!;
}
