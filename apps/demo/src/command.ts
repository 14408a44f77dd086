/**
 * The shape of a CLI command, and the context it runs in. The table of commands lives in
 * `commands.ts`; parsing and dispatch in `main.ts`.
 */
import type { Printer, TextSink } from './output.js';

/** A stream the CLI writes to; `isTTY` picks the progress bar over plain lines. */
export interface OutputStream extends TextSink {
  isTTY?: boolean;
}

/** What a command runs with. */
export interface CommandContext {
  /** Prints a line on standard output, formatted like `console.log`. */
  print: Printer;
  /** Standard output. */
  stdout: OutputStream;
  /** Standard error: progress, warnings and the final error line. */
  stderr: OutputStream;
  /** Aborted on Ctrl+C: cancels the running example. */
  signal?: AbortSignal;
}

/** One option of a command, in `util.parseArgs` terms plus help text. */
export interface OptionSpec {
  /** A flag, or an option taking a value. */
  type: 'boolean' | 'string';
  /** The one-letter alias (`n` for `-n`). */
  short?: string;
  /** The placeholder shown in help (`<ms>`), for string options. */
  valueName?: string;
  description: string;
}

/** The parsed command line of one command. */
export interface ParsedCommandLine {
  /** Option values by long name (`values.count === '3'`, `values['no-yield'] === true`). */
  values: Readonly<Record<string, string | boolean | undefined>>;
  /** Positional arguments after the command name. */
  positionals: readonly string[];
}

/** A command of `aio-demo`. */
export interface Command {
  /** What the user types (`gather`). */
  name: string;
  /** The positional part of the usage line, such as `[URL]`. */
  arguments?: string;
  /** How the command list shows it, when more than `name arguments` (`gather [--no-yield]`). */
  synopsis?: string;
  /** One line for the command list. */
  summary: string;
  /** A longer description for `aio-demo <command> --help`. */
  description: string;
  /** Its options by long name, `--help` excepted (every command has it). */
  options: Readonly<Record<string, OptionSpec>>;
  /** How many positional arguments it takes at most. */
  maxPositionals: number;
  /** Runs it; a rejection becomes the CLI's one error line and exit code. */
  run(args: ParsedCommandLine, context: CommandContext): Promise<void>;
}
