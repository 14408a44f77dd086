#!/usr/bin/env node
/**
 * The `aio-demo` executable: wires `main` to the real process (argv, stdout, stderr,
 * Ctrl+C) and exits with its code.
 */
import { main } from './main.js';

const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts += 1;
  // The first Ctrl+C cancels the example and lets it clean up; a second one quits at once.
  if (interrupts > 1) process.exit(130);
  controller.abort();
});

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
});
process.exitCode = code;
