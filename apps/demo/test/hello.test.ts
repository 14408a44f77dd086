import { run } from '@aio/core';
import { describe, expect, it } from 'vitest';
import { collectLines } from '../src/output.js';
import { helloScenario } from '../src/scenarios/hello.js';
import { HELLO, fromPython } from './helpers/seed.js';

describe('helloScenario', () => {
  it('prints hello', async () => {
    const { print, lines } = collectLines();
    await run(helloScenario({ print }));
    expect(lines).toEqual(fromPython(HELLO));
  });

  it('prints nothing until a loop runs it', () => {
    const { print, lines } = collectLines();
    helloScenario({ print });
    expect(lines).toEqual([]);
  });
});
