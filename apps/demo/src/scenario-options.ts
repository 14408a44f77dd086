/**
 * What every scenario receives: where to print. Scenarios never touch `console` or
 * `process.stdout` themselves, so tests run them in-process (on a VirtualClock) and read
 * what they printed.
 */
import type { Printer } from './output.js';

/** Options shared by every scenario. */
export interface ScenarioOptions {
  /** Python's `print`: one line per call, formatted like `console.log`. */
  print: Printer;
}
