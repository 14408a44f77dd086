import { run } from '@aio/core';
import { describe, expect, it } from 'vitest';
import { collectLines } from '../src/output.js';
import { awaitScenario } from '../src/scenarios/await.js';
import { AWAIT, fromPython } from './helpers/seed.js';

describe('awaitScenario', () => {
  it('prints the awaited return value', async () => {
    const { print, lines } = collectLines();
    await run(awaitScenario({ print }));
    expect(lines).toEqual(fromPython(AWAIT));
  });
});
