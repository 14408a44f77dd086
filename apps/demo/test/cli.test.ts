import { describe, expect, it } from 'vitest';
import { linesOf, runCli } from './helpers/cli.js';
import { AWAIT, GATHER, GATHER_NO_YIELD, HELLO, SEMAPHORE, fromPython } from './helpers/seed.js';

describe.concurrent('aio-demo (child process)', () => {
  it('prints hello for hello', async () => {
    const result = await runCli(['hello']);
    expect(result).toEqual({ code: 0, stdout: `${fromPython(HELLO).join('\n')}\n`, stderr: '' });
  });

  it('prints 0 for await', async () => {
    const result = await runCli(['await']);
    expect(linesOf(result.stdout)).toEqual(fromPython(AWAIT));
  });

  it('prints the interleaved gather for gather', async () => {
    const result = await runCli(['gather']);
    expect(linesOf(result.stdout)).toEqual(fromPython(GATHER));
  });

  it('prints the sequential gather for gather --no-yield', async () => {
    const result = await runCli(['gather', '--no-yield']);
    expect(linesOf(result.stdout)).toEqual(fromPython(GATHER_NO_YIELD));
  });

  it('prints the seed’s semaphore output for semaphore --delay 0', async () => {
    const result = await runCli(['semaphore', '--delay', '0']);
    expect(linesOf(result.stdout)).toEqual(fromPython(SEMAPHORE));
  });

  it('prints both results for taskgroup', async () => {
    const result = await runCli(['taskgroup']);
    expect(linesOf(result.stdout).at(-1)).toBe('[ undefined, undefined ]');
  });

  it('exits 0 after reporting the ExceptionGroup for taskgroup --fail', async () => {
    const result = await runCli(['taskgroup', '--fail']);
    expect([result.code, linesOf(result.stdout).at(-1)]).toEqual([
      0,
      "ExceptionGroup: [ 'task 2 failed at step 1' ]",
    ]);
  });

  it('exits 2 with one line for an unknown command', async () => {
    const result = await runCli(['nope']);
    expect({ code: result.code, lines: linesOf(result.stderr).length }).toEqual({
      code: 2,
      lines: 1,
    });
  });
});
