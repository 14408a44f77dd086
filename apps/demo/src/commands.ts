/**
 * The table of `aio-demo` commands: each one reads its options and runs a scenario from
 * `src/scenarios/`.
 */
import type { Command } from './command.js';
import { runExample } from './run-example.js';
import { awaitScenario } from './scenarios/await.js';
import { gatherScenario } from './scenarios/gather.js';
import { helloScenario } from './scenarios/hello.js';
import { semaphoreScenario } from './scenarios/semaphore.js';
import { taskGroupScenario } from './scenarios/task-group.js';
import { parseInteger } from './args.js';

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

const taskGroupCommand: Command = {
  name: 'taskgroup',
  synopsis: 'taskgroup [--fail]',
  summary: 'two tasks in a TaskGroup (Python 3.11)',
  description: [
    'Runs test(1) and test(2) in a task group and prints their results once both have ended.',
    'With --fail, task 2 raises: the group cancels task 1 and raises an ExceptionGroup,',
    'where gather would have let task 1 run on.',
  ].join('\n'),
  options: {
    fail: { type: 'boolean', description: 'make task 2 raise, to see task 1 cancelled' },
  },
  maxPositionals: 0,
  async run(args, context) {
    const fail = args.values.fail === true;
    await runExample(taskGroupScenario({ print: context.print, fail }), context);
  },
};

const semaphoreCommand: Command = {
  name: 'semaphore',
  synopsis: 'semaphore [--delay ms]',
  summary: 'five coroutines, at most three at a time',
  description: [
    'Five coroutines share a Semaphore(3): each prints hello, sleeps, prints world.',
    'Prints hello x3, world x3, hello x2, world x2, then the gathered result.',
  ].join('\n'),
  options: {
    delay: {
      type: 'string',
      valueName: '<ms>',
      description: 'how long each sleeps holding its permit (default 1000)',
    },
  },
  maxPositionals: 0,
  async run(args, context) {
    const delayMs = parseInteger('--delay', args.values.delay, 1000, { min: 0 });
    const result = await runExample(semaphoreScenario({ print: context.print, delayMs }), context);
    context.print(result);
  },
};

/** The command `aio-demo` runs when given no command, or only a URL. */
export const DEFAULT_COMMAND = 'scenario';

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [
  hello,
  awaitCommand,
  gatherCommand,
  taskGroupCommand,
  semaphoreCommand,
];
