import { VirtualClock, getRunningLoop, run } from '@aio/core';
import { describe, expect, it } from 'vitest';
import { format } from 'node:util';
import { collectLines } from '../src/output.js';
import { semaphoreScenario } from '../src/scenarios/semaphore.js';
import { SEMAPHORE, fromPython } from './helpers/seed.js';

describe('semaphoreScenario', () => {
  it('prints hello x3, world x3, hello x2, world x2, then the gathered result', async () => {
    const { print, lines } = collectLines();
    const result = await run(semaphoreScenario({ print }), { clock: new VirtualClock() });
    print(result);
    expect(lines).toEqual(fromPython(SEMAPHORE));
  });

  it('sleeps the seed’s full second per round, on the virtual clock', async () => {
    const events: string[] = [];
    const print = (...values: unknown[]): void => {
      events.push(`${getRunningLoop().time()} ${format(...values)}`);
    };
    await run(semaphoreScenario({ print }), { clock: new VirtualClock() });
    expect(events).toEqual([
      '0 hello',
      '0 hello',
      '0 hello',
      '1000 world',
      '1000 world',
      '1000 world',
      '1000 hello',
      '1000 hello',
      '2000 world',
      '2000 world',
    ]);
  });

  it('never lets more than `permits` coroutines hold the semaphore', async () => {
    let inside = 0;
    let most = 0;
    const print = (word: unknown): void => {
      inside += word === 'hello' ? 1 : -1;
      most = Math.max(most, inside);
    };
    await run(semaphoreScenario({ print, permits: 2, count: 7, delayMs: 5 }), {
      clock: new VirtualClock(),
    });
    expect(most).toBe(2);
  });
});
