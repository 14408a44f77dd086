import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';

async function runMain(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

describe('main', () => {
  it('lists every command for --help', async () => {
    const { code, stdout } = await runMain(['--help']);
    const listed = [
      'hello',
      'await',
      'gather',
      'taskgroup',
      'semaphore',
      'serve',
      'fetch',
      'scenario',
      'crawl',
    ];
    expect([code, listed.filter((name) => !stdout.includes(`\n  ${name}`))]).toEqual([0, []]);
  });

  it('shows the options of a command for <command> --help', async () => {
    const { code, stdout } = await runMain(['crawl', '--help']);
    expect([code, stdout]).toEqual([0, expect.stringContaining('-c, --concurrency <n>')]);
  });

  it('runs the command it is given', async () => {
    expect(await runMain(['await'])).toEqual({ code: 0, stdout: '0\n', stderr: '' });
  });

  it('ends an unknown option with one line and exit code 2', async () => {
    expect(await runMain(['gather', '--fast'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "aio-demo: unknown option '--fast' for 'gather' (see aio-demo --help)\n",
    });
  });

  it('ends a negative number with exit code 2', async () => {
    const { code } = await runMain(['semaphore', '--delay', '-5']);
    expect(code).toBe(2);
  });

  it('ends a missing option value with exit code 2', async () => {
    const { code } = await runMain(['fetch', '-n']);
    expect(code).toBe(2);
  });

  it('ends a URL of another scheme with exit code 2', async () => {
    const { code } = await runMain(['scenario', 'ftp://127.0.0.1/']);
    expect(code).toBe(2);
  });

  it('ends a second positional argument with exit code 2', async () => {
    const { code } = await runMain(['fetch', 'http://127.0.0.1:1/', 'extra']);
    expect(code).toBe(2);
  });
});
