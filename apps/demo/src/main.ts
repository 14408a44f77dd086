/**
 * The CLI's entry function: picks the command, parses its options, runs it, and turns any
 * failure into one line on stderr and an exit code. `cli.ts` calls it with the real process;
 * tests may call it with collecting streams.
 */
import { parseCommandLine } from './args.js';
import type { Command, CommandContext, OutputStream } from './command.js';
import { COMMANDS, DEFAULT_COMMAND } from './commands.js';
import { EXIT_CODES, describeError } from './describe-error.js';
import { UsageError } from './errors.js';
import { formatCommandHelp, formatGeneralHelp } from './help.js';
import { createPrinter } from './output.js';

/** The process-facing part of {@link main}. */
export interface MainOptions {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Aborted on Ctrl+C. */
  signal?: AbortSignal;
}

function findCommand(name: string): Command | undefined {
  return COMMANDS.find((command) => command.name === name);
}

/** Splits argv into the command and its arguments; a URL or a bare option means the default. */
function selectCommand(argv: readonly string[]): { command: Command | 'help'; rest: string[] } {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') return { command: 'help', rest };
  const defaultCommand = findCommand(DEFAULT_COMMAND);
  if (first === undefined || first.startsWith('-') || first.includes('://')) {
    if (defaultCommand === undefined) return { command: 'help', rest: [] };
    return { command: defaultCommand, rest: [...argv] };
  }
  const command = findCommand(first);
  if (command === undefined) throw new UsageError(`unknown command '${first}'`);
  return { command, rest };
}

/**
 * Runs `aio-demo` with `argv` (the arguments after the script name).
 *
 * @param argv the command line, such as `['gather', '--no-yield']`
 * @param options the output streams and the Ctrl+C signal
 * @returns the exit code: 0 ok, 1 failure, 2 usage error, 130 interrupted
 */
export async function main(argv: readonly string[], options: MainOptions): Promise<number> {
  const context: CommandContext = {
    print: createPrinter(options.stdout),
    stdout: options.stdout,
    stderr: options.stderr,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  try {
    const { command, rest } = selectCommand(argv);
    if (command === 'help') {
      options.stdout.write(formatGeneralHelp(COMMANDS, DEFAULT_COMMAND));
      return EXIT_CODES.ok;
    }
    const args = parseCommandLine(command, rest);
    if (args.values.help === true) {
      options.stdout.write(formatCommandHelp(command));
      return EXIT_CODES.ok;
    }
    await command.run(args, context);
    return EXIT_CODES.ok;
  } catch (error) {
    const report = describeError(error);
    options.stderr.write(`aio-demo: ${report.message}\n`);
    return report.exitCode;
  }
}
