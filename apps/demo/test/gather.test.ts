import { VirtualClock, run } from '@aio/core';
import { describe, expect, it } from 'vitest';
import { collectLines } from '../src/output.js';
import { gatherScenario } from '../src/scenarios/gather.js';
import { GATHER, GATHER_NO_YIELD, fromPython } from './helpers/seed.js';

describe('gatherScenario', () => {
  it('interleaves the two coroutines when each yields with sleep(0)', async () => {
    const { print, lines } = collectLines();
    await run(gatherScenario({ print }), { clock: new VirtualClock() });
    expect(lines).toEqual(fromPython(GATHER));
  });

  it('runs A to the end before B without sleep(0)', async () => {
    const { print, lines } = collectLines();
    await run(gatherScenario({ print, yieldBetween: false }), { clock: new VirtualClock() });
    expect(lines).toEqual(fromPython(GATHER_NO_YIELD));
  });

  it('prints the gathered result as console.log prints the array', async () => {
    const { print, lines } = collectLines();
    await run(gatherScenario({ print }));
    expect(lines.at(-1)).toBe('[ undefined, undefined ]');
  });
});
