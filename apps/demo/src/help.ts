/**
 * The text of `aio-demo --help` and `aio-demo <command> --help`.
 */
import type { Command } from './command.js';

function pad(text: string, width: number): string {
  return text.length >= width ? `${text}  ` : text.padEnd(width);
}

function optionLabel(
  name: string,
  spec: { type: string; short?: string; valueName?: string },
): string {
  const short = spec.short === undefined ? '    ' : `-${spec.short}, `;
  const value = spec.type === 'string' ? ` ${spec.valueName ?? '<value>'}` : '';
  return `${short}--${name}${value}`;
}

/**
 * The general help: usage, the command list, exit codes.
 *
 * @param commands every command, in display order
 * @param defaultCommand the name run when no command is given
 * @returns the help text, ending with a newline
 */
export function formatGeneralHelp(commands: readonly Command[], defaultCommand: string): string {
  const rows = commands.map((command) => {
    const head =
      command.arguments === undefined ? command.name : `${command.name} ${command.arguments}`;
    const suffix = command.name === defaultCommand ? ' (default)' : '';
    return `  ${pad(head, 28)}${command.summary}${suffix}`;
  });
  return [
    'aio-demo: the examples of the asyncio/aiohttp notes, run with aio',
    '',
    'Usage: aio-demo [command] [options]',
    `       aio-demo <URL>              same as: aio-demo ${defaultCommand} <URL>`,
    '',
    'Commands:',
    ...rows,
    '',
    "Run 'aio-demo <command> --help' for the options of a command.",
    'Exit codes: 0 ok, 1 failure (refused, unreachable, timeout), 2 usage error, 130 interrupted.',
    '',
  ].join('\n');
}

/**
 * The help of one command: usage line, description, options.
 *
 * @param command the command
 * @returns the help text, ending with a newline
 */
export function formatCommandHelp(command: Command): string {
  const options = Object.entries(command.options).map(
    ([name, spec]) => `  ${pad(optionLabel(name, spec), 26)}${spec.description}`,
  );
  options.push(`  ${pad('-h, --help', 26)}show this help`);
  const args = command.arguments === undefined ? '' : ` ${command.arguments}`;
  return [
    `Usage: aio-demo ${command.name}${args} [options]`,
    '',
    command.description,
    '',
    'Options:',
    ...options,
    '',
  ].join('\n');
}
