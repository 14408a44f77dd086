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
import { parseHttpUrl, parseInteger } from './args.js';
import type { ParsedCommandLine } from './command.js';
import { fetchScenario, DEFAULT_TIMEOUT_MS } from './scenarios/fetch.js';
import { echoScenario } from './scenarios/scenario.js';
import { serveScenario } from './scenarios/serve.js';
import { crawlScenario } from './scenarios/crawl.js';
import { createProgress } from './progress.js';
import { RequestsFailedError } from './errors.js';

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

const timeoutOption = {
  type: 'string',
  valueName: '<ms>',
  description: `budget of each request, in ms (default ${DEFAULT_TIMEOUT_MS})`,
} as const;

function readTimeout(args: ParsedCommandLine): number {
  return parseInteger('--timeout', args.values.timeout, DEFAULT_TIMEOUT_MS, { min: 1 });
}

function readUrl(args: ParsedCommandLine): string | undefined {
  const text = args.positionals[0];
  return text === undefined ? undefined : parseHttpUrl(text);
}

const serveCommand: Command = {
  name: 'serve',
  synopsis: 'serve [--host] [--port]',
  summary: 'the echo server of the notes, through runApp',
  description: [
    'Serves the echo application of the notes with runApp: GET / answers "location /",',
    'GET /{uri} answers "location /{uri}". Prints the banner and logs each request;',
    'Ctrl+C shuts it down gracefully (a second Ctrl+C quits at once).',
  ].join('\n'),
  options: {
    host: { type: 'string', valueName: '<host>', description: 'address to bind (default 0.0.0.0)' },
    port: { type: 'string', short: 'p', valueName: '<port>', description: 'port (default 8080)' },
  },
  maxPositionals: 0,
  async run(args, context) {
    const host = typeof args.values.host === 'string' ? args.values.host : '0.0.0.0';
    const port = parseInteger('--port', args.values.port, 8080, { min: 0, max: 65535 });
    await serveScenario({ print: context.print, host, port });
  },
};

const fetchCommand: Command = {
  name: 'fetch',
  arguments: '[URL]',
  synopsis: 'fetch [URL] [-n 3] [-c N]',
  summary: 'concurrent GETs through one ClientSession',
  description: [
    'The client example of the notes: N concurrent GETs of URL through one ClientSession,',
    'each printing its status and body, then the gathered result.',
    'URL defaults to http://127.0.0.1:8080/, where "aio-demo serve" listens.',
  ].join('\n'),
  options: {
    count: {
      type: 'string',
      short: 'n',
      valueName: '<n>',
      description: 'how many GETs (default 3)',
    },
    concurrency: {
      type: 'string',
      short: 'c',
      valueName: '<n>',
      description: 'at most n connections at once (default: all)',
    },
    timeout: timeoutOption,
  },
  maxPositionals: 1,
  async run(args, context) {
    const url = readUrl(args) ?? 'http://127.0.0.1:8080/';
    const count = parseInteger('--count', args.values.count, 3, { min: 1 });
    const concurrency = parseInteger('--concurrency', args.values.concurrency, count, { min: 1 });
    const timeoutMs = readTimeout(args);
    await runExample(
      fetchScenario({ print: context.print, url, count, concurrency, timeoutMs }),
      context,
    );
  },
};

const scenarioCommand: Command = {
  name: 'scenario',
  arguments: '[URL]',
  synopsis: 'scenario [URL] [-n 3]',
  summary: 'echo server + concurrent fetch against it',
  description: [
    'Starts the echo server on a free local port, fetches / three times at once through',
    'one ClientSession, then /hello, /aio and /asyncio, prints everything like the notes,',
    'and shuts the server down gracefully. No network needed.',
    'With a URL, fetches that URL instead (no server), as the notes do with http://baidu.com.',
  ].join('\n'),
  options: {
    count: {
      type: 'string',
      short: 'n',
      valueName: '<n>',
      description: 'how many GETs (default 3)',
    },
    timeout: timeoutOption,
  },
  maxPositionals: 1,
  async run(args, context) {
    const url = readUrl(args);
    const count = parseInteger('--count', args.values.count, 3, { min: 1 });
    const timeoutMs = readTimeout(args);
    await runExample(
      echoScenario({
        print: context.print,
        count,
        timeoutMs,
        ...(url === undefined ? {} : { url }),
      }),
      context,
    );
  },
};

const crawlCommand: Command = {
  name: 'crawl',
  arguments: '[URL]',
  synopsis: 'crawl [URL] [-n 10000] [-c 200]',
  summary: 'tens of thousands of coroutines, with live stats',
  description: [
    'Creates one coroutine per request and gathers them all; a Semaphore lets -c of them',
    'send at a time through one ClientSession. Shows progress and the live request rate',
    '(a bar on a terminal, a line per second otherwise) on stderr, then prints counts by',
    'status and by error class and the p50/p90/p99 latency. Without a URL it crawls its own',
    'echo server on a free local port. Exits 1 if any request failed.',
  ].join('\n'),
  options: {
    count: {
      type: 'string',
      short: 'n',
      valueName: '<n>',
      description: 'how many requests (default 10000)',
    },
    concurrency: {
      type: 'string',
      short: 'c',
      valueName: '<n>',
      description: 'how many at a time (default 200)',
    },
    timeout: timeoutOption,
  },
  maxPositionals: 1,
  async run(args, context) {
    const url = readUrl(args);
    const count = parseInteger('--count', args.values.count, 10_000, { min: 1 });
    const concurrency = parseInteger('--concurrency', args.values.concurrency, 200, { min: 1 });
    const timeoutMs = readTimeout(args);
    const progress = createProgress({ stream: context.stderr, total: count });
    const { stats } = await runExample(
      crawlScenario({
        print: context.print,
        count,
        concurrency,
        timeoutMs,
        progress,
        ...(url === undefined ? {} : { url }),
      }),
      context,
    );
    if (stats.failed > 0) throw new RequestsFailedError(stats.failed, count);
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
  serveCommand,
  fetchCommand,
  scenarioCommand,
  crawlCommand,
];
