/**
 * The table of `aio-demo` commands: each one reads its options and runs a scenario from
 * `src/scenarios/`.
 */
import type { Command } from './command.js';
import { runExample } from './run-example.js';
import { awaitScenario } from './scenarios/await.js';
import { gatherScenario } from './scenarios/gather.js';
import { helloScenario } from './scenarios/hello.js';

const hello: Command = {
  name: 'hello',
  summary: 'a coroutine that prints hello',
  description: 'Runs the first example of the notes: a coroutine that prints hello.',
  options: {},
  maxPositionals: 0,
  async run(_args, context) {
    await runExample(helloScenario({ print: context.print }), context);
  },
};

const awaitCommand: Command = {
  name: 'await',
  summary: 'yield* (await) a coroutine that returns 0',
  description: 'Awaits a coroutine with yield* and prints what it returns: 0.',
  options: {},
  maxPositionals: 0,
  async run(_args, context) {
    await runExample(awaitScenario({ print: context.print }), context);
  },
};

const gatherCommand: Command = {
  name: 'gather',
  synopsis: 'gather [--no-yield]',
  summary: 'two coroutines through gather, interleaved',
  description: [
    "Gathers test('A', 3) and test('B', 3) and prints the result, [ undefined, undefined ].",
    'Each test yields with sleep(0) after every line, so A and B take turns;',
    'with --no-yield they do not suspend, and A finishes before B starts.',
  ].join('\n'),
  options: {
    'no-yield': { type: 'boolean', description: 'do not sleep(0) between lines (sequential)' },
  },
  maxPositionals: 0,
  async run(args, context) {
    const yieldBetween = args.values['no-yield'] !== true;
    await runExample(gatherScenario({ print: context.print, yieldBetween }), context);
  },
};

/** The command `aio-demo` runs when given no command, or only a URL. */
export const DEFAULT_COMMAND = 'scenario';

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [hello, awaitCommand, gatherCommand];
