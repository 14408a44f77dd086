// Router lookups: find-my-way 9.10.2 (Fastify's router) and aio's router (aiohttp's
// UrlDispatcher, `app.router.resolve`), side by side in one run, in ns per lookup. These are
// the figures in packages/http-server/README.md ("Router: why our own, not find-my-way").
//
//   node bench/run.mjs router            (writes bench/results/router.md)
//   node --expose-gc bench/router.bench.mjs [--quick]
//
// Both routers get the same route set, GET only (aio writes `{name}`, find-my-way `:name`):
//   seed:      `/` and `/{uri}` (the seed app);
//   60 routes: 10 resources x 6 patterns, REST-like, registered in this order: `/teams`,
//              `/teams/search` (plain), `/teams/{id}`, `/teams/{id}/items`,
//              `/teams/{id}/items/{item}`, `/teams/{id}/history` (then users, … todos).
// Before anything is timed, every lookup is checked in both routers: the expected route (by
// handler identity) and exactly the expected parameters, or no route for the 404 cases; a
// wrong match fails the run, so the bench cannot time a path that went elsewhere.
//
// Method: a sample is LOOKUPS lookups of one path in a tight loop, timed as a whole and
// divided by LOOKUPS. Every (router, path) pair first runs one untimed sample (warm-up: the
// JIT has then seen every path in both routers), then ROUNDS rounds each time every pair once,
// the two routers interleaved path by path and the one that goes first swapped every round,
// so a noisy phase of a shared machine hits both alike. Reported: the median sample with the
// spread (fastest-slowest) and the ratio of the medians aio / find-my-way (above 1: aio is
// slower). Each lookup reads a parameter of its result into a checksum that must come out
// the same for both routers, so V8 cannot drop the work.
//
// What is timed is the router call alone: find-my-way's `find(method, path)` (it scans the
// path for `?`, `;` and `%` itself) and aio's `router.resolve(method, safePath)` (the app
// percent-decodes the path first: one `includes('%')` for these paths, not timed here).
// One path repeated a million times keeps caches and branch predictors warm for both; a
// server's mixed traffic would be slower for both.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application } from '@aio/http-server';
import FindMyWay from 'find-my-way';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
/** Lookups per sample, and timed rounds; `--quick` only proves the bench still runs. */
const LOOKUPS = quick ? 10_000 : 1_000_000;
const ROUNDS = quick ? 2 : 11;

const RESOURCES = [
  'teams',
  'users',
  'projects',
  'orders',
  'invoices',
  'products',
  'tickets',
  'comments',
  'events',
  'todos',
];

const TABLES = {
  seed: ['/', '/{uri}'],
  rest: RESOURCES.flatMap((name) => [
    `/${name}`,
    `/${name}/search`,
    `/${name}/{id}`,
    `/${name}/{id}/items`,
    `/${name}/{id}/items/{item}`,
    `/${name}/{id}/history`,
  ]),
};
const ROUTES = `${TABLES.rest.length} routes`;

/** The paths looked up: `route` is the pattern expected to match (undefined: a 404). */
const CASES = [
  { table: 'seed', label: 'seed (`/`, `/{uri}`), `/`', path: '/', route: '/', params: {} },
  {
    table: 'seed',
    label: 'seed, `/hello`',
    path: '/hello',
    route: '/{uri}',
    params: { uri: 'hello' },
  },
  {
    table: 'rest',
    label: `${ROUTES}, \`/teams/search\` (plain)`,
    path: '/teams/search',
    route: '/teams/search',
    params: {},
  },
  {
    table: 'rest',
    label: `${ROUTES}, \`/users/42\` (one param)`,
    path: '/users/42',
    route: '/users/{id}',
    params: { id: '42' },
  },
  {
    table: 'rest',
    label: `${ROUTES}, \`/todos/42/items/7\` (two params)`,
    path: '/todos/42/items/7',
    route: '/todos/{id}/items/{item}',
    params: { id: '42', item: '7' },
  },
  {
    table: 'rest',
    label: `${ROUTES}, \`/todos/42/nope\` (404)`,
    path: '/todos/42/nope',
    route: undefined,
  },
  {
    table: 'rest',
    label: `${ROUTES}, \`/favicon.ico\` (404)`,
    path: '/favicon.ico',
    route: undefined,
  },
];
/** Each timed lookup adds this parameter's length to a checksum (a 404 adds 1, a plain route 2). */
for (const c of CASES) c.key = Object.keys(c.params ?? {})[0] ?? 'id';

// ---------------------------------------------------------------------------------------
// The two routers, built from the same patterns with one distinct handler per pattern.

function toFindMyWay(pattern) {
  return pattern.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, ':$1');
}

function build(patterns) {
  const handlers = new Map(patterns.map((pattern) => [pattern, () => pattern]));
  const fmw = FindMyWay();
  const app = new Application();
  for (const [pattern, handler] of handlers) {
    fmw.on('GET', toFindMyWay(pattern), handler);
    app.router.addResource(pattern).addRoute('GET', handler);
  }
  app.freeze(); // as when the app starts serving (lookups do not need it)
  return { handlers, fmw, aio: app.router };
}

const routers = Object.fromEntries(
  Object.entries(TABLES).map(([name, patterns]) => [name, build(patterns)]),
);

/** Fails the run unless `got` holds exactly the `expected` parameters. */
function checkParams(who, c, got) {
  const keys = Object.keys(got).sort();
  const want = Object.keys(c.params).sort();
  const same = keys.length === want.length && want.every((k, i) => keys[i] === k);
  if (!same || want.some((k) => got[k] !== c.params[k])) {
    throw new Error(
      `${who} ${c.path}: params ${JSON.stringify({ ...got })}, expected ${JSON.stringify(c.params)}`,
    );
  }
}

function checkLookups() {
  for (const c of CASES) {
    const { handlers, fmw, aio } = routers[c.table];
    const expected = c.route === undefined ? undefined : handlers.get(c.route);
    if (c.route !== undefined && expected === undefined) throw new Error(`no route ${c.route}`);
    const found = fmw.find('GET', c.path);
    if ((found?.handler ?? undefined) !== expected) {
      throw new Error(`find-my-way ${c.path}: matched ${found?.handler?.() ?? 'nothing'}`);
    }
    if (found !== null) checkParams('find-my-way', c, found.params);
    const resolved = aio.resolve('GET', c.path);
    if (resolved.route?.handler !== expected) {
      throw new Error(`aio ${c.path}: matched ${resolved.route?.handler?.() ?? 'nothing'}`);
    }
    if (resolved.route !== undefined) checkParams('aio', c, resolved.matchInfo);
    else if (resolved.allowed !== undefined) throw new Error(`aio ${c.path}: 405, not 404`);
  }
}

// ---------------------------------------------------------------------------------------
// Timing: one loop per router, so neither's call site shares type feedback with the other.

function sampleFindMyWay(router, path, key, n) {
  let sink = 0;
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const found = router.find('GET', path);
    sink += found === null ? 1 : (found.params[key]?.length ?? 2);
  }
  return { ns: ((performance.now() - start) * 1e6) / n, sink };
}

function sampleAio(router, path, key, n) {
  let sink = 0;
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const found = router.resolve('GET', path);
    sink += found.route === undefined ? 1 : (found.matchInfo[key]?.length ?? 2);
  }
  return { ns: ((performance.now() - start) * 1e6) / n, sink };
}

const PEERS = [
  {
    name: 'find-my-way',
    sample: (c) => sampleFindMyWay(routers[c.table].fmw, c.path, c.key, LOOKUPS),
  },
  { name: 'aio', sample: (c) => sampleAio(routers[c.table].aio, c.path, c.key, LOOKUPS) },
];

/** One sample of `peer` on case `c`; the checksum must match the other router's. */
const sums = new Map();
function sample(peer, c) {
  const { ns, sink } = peer.sample(c);
  const other = sums.get(c);
  if (other === undefined) sums.set(c, sink);
  else if (other !== sink)
    throw new Error(`${c.path}: checksum ${sink} from ${peer.name}, ${other} before`);
  return ns;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// ---------------------------------------------------------------------------------------
// Report: a markdown table as prettier writes it (bench/results/router.md is format-checked).

function markdownTable(rows) {
  const widths = rows[0].map((_, col) => Math.max(3, ...rows.map((row) => row[col].length)));
  const line = (row) => `| ${row.map((text, col) => text.padEnd(widths[col])).join(' | ')} |`;
  return [
    line(rows[0]),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...rows.slice(1).map(line),
  ].join('\n');
}

function fmtNs(ns) {
  return ns >= 100 ? ns.toFixed(0) : ns.toFixed(1);
}

function cell(samples) {
  return `${fmtNs(median(samples))} (${fmtNs(Math.min(...samples))}–${fmtNs(Math.max(...samples))})`;
}

// ---------------------------------------------------------------------------------------

checkLookups();
const loadBefore = loadavg()[0];
const started = performance.now();
for (const c of CASES) for (const peer of PEERS) sample(peer, c); // warm-up, untimed
const times = new Map(CASES.map((c) => [c, { 'find-my-way': [], aio: [] }]));
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? PEERS : [...PEERS].reverse();
  for (const c of CASES) {
    for (const peer of order) {
      globalThis.gc?.();
      times.get(c)[peer.name].push(sample(peer, c));
    }
  }
}

const rows = [['table / path', 'find-my-way 9.10.2', 'aio router', 'aio / find-my-way']];
for (const c of CASES) {
  const t = times.get(c);
  const ratio = median(t.aio) / median(t['find-my-way']);
  rows.push([c.label, cell(t['find-my-way']), cell(t.aio), `${ratio.toFixed(2)}x`]);
}
const lines = [
  `Router lookups, ns per lookup (lower is better): median of ${ROUNDS} samples of ` +
    `${LOOKUPS.toLocaleString('en-US')} lookups each, (fastest–slowest) sample in parentheses.`,
  `Node ${process.version}, ${availableParallelism()} CPUs, 1-min load ${loadBefore.toFixed(1)} ` +
    `at start / ${loadavg()[0].toFixed(1)} at end; \`node bench/run.mjs router\`.`,
  '',
  markdownTable(rows),
  '',
  'aio / find-my-way: ratio of the medians; above 1 means the aio router is slower.',
];
if (quick)
  lines.unshift(
    `(--quick: ${LOOKUPS} lookups per sample, ${ROUNDS} rounds; figures not meaningful)`,
    '',
  );
const text = lines.join('\n');
console.log(`\n${text}`);
console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (!quick) {
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'router.md'), `# router benchmark\n\n${text}\n`);
}
