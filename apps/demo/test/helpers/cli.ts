/**
 * Runs the built `aio-demo` as a child process and collects what it printed.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { CLI_BUILD_DIR } from './build-cli.js';

/** The CLI's entry, transpiled from the current sources by the global setup. */
export const CLI_PATH = join(CLI_BUILD_DIR, 'cli.js');

/** What a run of the CLI left behind. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `aio-demo ...args` and waits for it to exit (killed after `timeoutMs`).
 *
 * @param args the command line after `aio-demo`
 * @param timeoutMs hard limit for the child (default 20 s)
 * @returns the exit code and both outputs
 */
export function runCli(args: readonly string[], timeoutMs = 20_000): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI_PATH, ...args],
      { timeout: timeoutMs, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Splits output into lines, without the final empty one. */
export function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}
