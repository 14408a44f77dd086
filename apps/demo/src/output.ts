/**
 * Where the demo prints: a `Printer` formats its arguments exactly as `console.log` does when
 * writing to a pipe (`util.format`, no colours), so `print([undefined, undefined])` writes
 * `[ undefined, undefined ]` on a terminal and in a file alike.
 */
import { format } from 'node:util';

/** Prints one line made of `values`, formatted like `console.log`. Python's `print`. */
export type Printer = (...values: unknown[]) => void;

/** A writable text sink: `process.stdout`, `process.stderr`, or a test's collector. */
export interface TextSink {
  write(text: string): unknown;
}

/**
 * Creates a {@link Printer} writing to `sink`.
 *
 * @param sink where the lines go (default `process.stdout`)
 * @returns a printer; `print('A', 0)` writes `A 0\n`
 */
export function createPrinter(sink: TextSink = process.stdout): Printer {
  return (...values: unknown[]) => {
    sink.write(`${format(...values)}\n`);
  };
}

/**
 * A printer that keeps every line in memory, for tests and for callers that post-process.
 *
 * @returns the printer and the array of lines it fills (one string per call)
 */
export function collectLines(): { print: Printer; lines: string[] } {
  const lines: string[] = [];
  return { print: (...values: unknown[]) => lines.push(format(...values)), lines };
}
