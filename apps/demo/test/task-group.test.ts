import { VirtualClock, run } from '@aio/core';
import { describe, expect, it } from 'vitest';
import { collectLines } from '../src/output.js';
import { taskGroupScenario } from '../src/scenarios/task-group.js';

describe('taskGroupScenario', () => {
  it('interleaves both tasks and prints their results once both have ended', async () => {
    const { print, lines } = collectLines();
    await run(taskGroupScenario({ print }), { clock: new VirtualClock() });
    expect(lines).toEqual(['1 0', '2 0', '1 1', '2 1', '1 2', '2 2', '[ undefined, undefined ]']);
  });

  it('cancels task 1 and reports an ExceptionGroup when task 2 fails', async () => {
    const { print, lines } = collectLines();
    await run(taskGroupScenario({ print, fail: true }), { clock: new VirtualClock() });
    expect(lines).toEqual([
      '1 0',
      '2 0',
      '1 1',
      '1 2',
      '1 cancelled',
      "ExceptionGroup: [ 'task 2 failed at step 1' ]",
    ]);
  });
});
