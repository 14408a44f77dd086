// Pins the runtime surface of every entry point; changing it needs a changeset.
import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';
import * as lowlevel from '../src/lowlevel.js';
import * as testing from '../src/testing.js';

describe('exports', () => {
  it('exposes exactly these names from @aio/core', () => {
    expect(Object.keys(core).sort()).toMatchInlineSnapshot(`
      [
        "ALL_COMPLETED",
        "CancelledError",
        "EventLoop",
        "ExceptionGroup",
        "FIRST_COMPLETED",
        "FIRST_EXCEPTION",
        "Future",
        "Handle",
        "InvalidStateError",
        "Task",
        "Timeout",
        "TimeoutError",
        "TimerHandle",
        "VirtualClock",
        "allTasks",
        "asCompleted",
        "call",
        "createTask",
        "currentTask",
        "formatTaskTree",
        "gather",
        "getRunningLoop",
        "isCancelledError",
        "run",
        "shield",
        "sleep",
        "taskTree",
        "timeout",
        "timeoutAt",
        "until",
        "wait",
        "waitFor",
      ]
    `);
  });

  it('exposes exactly these names from @aio/core/lowlevel', () => {
    expect(Object.keys(lowlevel).sort()).toMatchInlineSnapshot(`
      [
        "MUST_WAIT",
        "WaitQueue",
      ]
    `);
  });

  it('exposes exactly these names from @aio/core/testing', () => {
    expect(Object.keys(testing).sort()).toMatchInlineSnapshot(`
      [
        "waitAllBlocked",
      ]
    `);
  });
});
