// HTTP server throughput: raw node:http, Fastify 5, Hono (@hono/node-server), aio
// (@aio/http-server) and aiohttp.web, side by side, on loopback with keep-alive.
// Routes: hello-world (`/`) and the seed's `/{uri}` (requested as `/hello`).
//
// Each server runs in a child process pinned to core 0 (`taskset -c 0`); autocannon runs
// in this process, pinned to core 1. All servers start up front; each is warmed on both
// routes, then the runs go in rounds: every server and route once per round, the order
// rotated by one server each round, so a noisy phase of a shared machine does not land on
// one server only. The median req/s of the runs is reported with its spread and ratios.
// On a busy machine req/s is noisy, so the server's own CPU time is also measured:
// req/cpu-s (requests per second of server CPU) is what one dedicated core would sustain,
// and is the steadier figure.
// Env: AIO_BENCH_SECONDS (default 3), AIO_BENCH_RUNS (rounds, default 7), AIO_BENCH_WARMUP
// (seconds, default 3), AIO_BENCH_CONNECTIONS (default 50), AIO_BENCH_LONG=<n> to send n
// requests to aio and report its RSS before/after, AIO_BENCH_KINDS=node,aio to pick
// servers, AIO_BENCH_PARAM_FIRST=1 to swap the route order.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const self = fileURLToPath(import.meta.url);
const HELLO = 'Hello, World!';

// ---------------------------------------------------------------- server side (child)
async function serve(kind) {
  // A clean exit on SIGTERM lets `node --cpu-prof` write its profile.
  process.on('SIGTERM', () => process.exit(0));
  const rss = () => {
    const cpu = process.cpuUsage();
    return JSON.stringify({ rss: process.memoryUsage().rss, cpu: cpu.user + cpu.system });
  };
  let port;
  if (kind === 'node') {
    // setHeader + end (not writeHead + end): Node then sends Content-Length instead of
    // chunked encoding, the same response shape as every other server here.
    const server = createServer((req, res) => {
      if (req.url === '/') {
        res.setHeader('content-type', 'text/plain; charset=utf-8');
        res.end(HELLO);
      } else if (req.url === '/__stats') {
        res.end(rss());
      } else {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(`location ${req.url}`);
      }
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    port = server.address().port;
  } else if (kind === 'fastify') {
    const { default: Fastify } = await import('fastify');
    const app = Fastify({ logger: false });
    app.get('/', async () => HELLO);
    app.get('/__stats', async () => rss());
    app.get('/:uri', async (req, reply) => {
      reply.type('text/html; charset=utf-8');
      return `location /${req.params.uri}`;
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = app.server.address().port;
  } else if (kind === 'hono') {
    const { Hono } = await import('hono');
    const { serve: honoServe } = await import('@hono/node-server');
    const app = new Hono();
    app.get('/', (c) => c.text(HELLO));
    app.get('/__stats', (c) => c.text(rss()));
    app.get('/:uri', (c) => c.html(`location /${c.req.param('uri')}`));
    port = await new Promise((resolve) => {
      honoServe({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
    });
  } else if (kind === 'aio') {
    const { run, getRunningLoop } = await import('@aio/core');
    const web = await import('@aio/http-server');
    const app = new web.Application();
    function* index(request) {
      const uri = request.matchInfo.uri ?? '';
      return new web.Response({ text: `location /${uri}`, contentType: 'text/html' });
    }
    app.addRoutes([
      web.get('/', () => new web.Response({ text: HELLO })),
      web.get('/__stats', () => new web.Response({ text: rss() })),
      web.get('/{uri}', index),
    ]);
    await run(function* main() {
      const runner = new web.AppRunner(app, { accessLog: false });
      yield* runner.setup();
      const site = new web.TCPSite(runner, '127.0.0.1', 0);
      yield* site.start();
      process.stdout.write(`${site.port}\n`);
      yield* getRunningLoop().createFuture();
    });
    return;
  }
  process.stdout.write(`${port}\n`);
}

// ---------------------------------------------------------------- load side (parent)
function pin(core) {
  try {
    execFileSync('taskset', ['-cp', String(core), String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function hasTaskset() {
  return spawnSync('taskset', ['-V']).status === 0;
}

function startServer(kind) {
  const pinned = hasTaskset();
  const [cmd, args] =
    kind === 'aiohttp'
      ? ['/usr/bin/python3', [join(here, 'http_server_aiohttp.py')]]
      : [process.execPath, [self, '--serve', kind]];
  const child = pinned
    ? spawn('taskset', ['-c', '0', cmd, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const line = buffer.split('\n')[0];
      if (buffer.includes('\n')) resolve({ child, port: Number(line) });
    });
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

async function load(autocannon, port, path, seconds, extra = {}) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    connections: Number(process.env.AIO_BENCH_CONNECTIONS ?? 50),
    ...(seconds === undefined ? {} : { duration: seconds }),
    pipelining: 1,
    ...extra,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${path}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  return result;
}

async function statsOf(port) {
  const response = await fetch(`http://127.0.0.1:${port}/__stats`);
  return JSON.parse(await response.text());
}
const rssOf = async (port) => (await statsOf(port)).rss;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
/** How far the runs lie apart: (max - min) / median, as a percentage. */
const spread = (values) =>
  `±${(((Math.max(...values) - Math.min(...values)) / median(values)) * 50).toFixed(0)}%`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main() {
  const { default: autocannon } = await import('autocannon');
  const pinned = hasTaskset() && pin(1);
  const seconds = Number(process.env.AIO_BENCH_SECONDS ?? 3);
  const runs = Number(process.env.AIO_BENCH_RUNS ?? 7);
  const warmup = Number(process.env.AIO_BENCH_WARMUP ?? 3);
  const wanted = (process.env.AIO_BENCH_KINDS ?? 'node,fastify,hono,aio,aiohttp').split(',');
  const kinds = ['node', 'fastify', 'hono', 'aio'].filter((k) => wanted.includes(k));
  const aiohttp = spawnSync('/usr/bin/python3', ['-c', 'import aiohttp'], { stdio: 'ignore' });
  if (!wanted.includes('aiohttp')) {
    // not requested
  } else if (aiohttp.status === 0) kinds.push('aiohttp');
  else console.log('note: aiohttp skipped (`/usr/bin/python3 -c "import aiohttp"` failed)');
  console.log(
    `servers pinned to core 0: ${pinned ? 'yes' : 'no (taskset missing)'}; ` +
      `${warmup}s warm-up per server and route, then ${runs} rounds x ${seconds}s per server and route ` +
      `(interleaved, order rotated each round), ${process.env.AIO_BENCH_CONNECTIONS ?? 50} connections, keep-alive`,
  );
  const routes = [
    ['hello', '/'],
    ['param', '/hello'],
  ];
  if (process.env.AIO_BENCH_PARAM_FIRST) routes.reverse();
  const servers = {};
  const samples = {};
  try {
    for (const kind of kinds) {
      servers[kind] = await startServer(kind);
      samples[kind] = {};
      for (const [name] of routes) samples[kind][name] = { rates: [], capacities: [] };
    }
    // Every server is warmed on every route before anything is measured (JIT, GC sizing).
    for (const kind of kinds) {
      for (const [, path] of routes) await load(autocannon, servers[kind].port, path, warmup);
    }
    // Rounds interleave the servers, each round starting one server later, so a slow phase
    // of a shared machine spreads over all of them instead of landing on whoever ran then.
    for (let round = 0; round < runs; round++) {
      for (let j = 0; j < kinds.length; j++) {
        const kind = kinds[(round + j) % kinds.length];
        const { port } = servers[kind];
        for (const [name, path] of routes) {
          const before = await statsOf(port);
          const result = await load(autocannon, port, path, seconds);
          const after = await statsOf(port);
          samples[kind][name].rates.push(result.requests.average);
          // Requests per second of server CPU: what one dedicated core would sustain.
          samples[kind][name].capacities.push(
            result.requests.total / ((after.cpu - before.cpu) / 1e6),
          );
        }
      }
    }
    if (servers.aio !== undefined) {
      const { port } = servers.aio;
      if (process.env.AIO_BENCH_LONG) {
        const amount = Number(process.env.AIO_BENCH_LONG);
        const before = await rssOf(port);
        await load(autocannon, port, '/hello', undefined, { amount });
        const after = await rssOf(port);
        console.log(
          `aio RSS after warm-up ${mb(before)}, after ${amount} more requests ${mb(after)}`,
        );
      } else {
        console.log(`aio RSS after all runs: ${mb(await rssOf(port))}`);
      }
    }
  } finally {
    for (const { child } of Object.values(servers)) child.kill('SIGKILL');
  }
  const results = {};
  for (const kind of kinds) {
    results[kind] = {};
    for (const [name] of routes) {
      const { rates, capacities } = samples[kind][name];
      results[kind][name] = median(rates);
      results[kind][`${name}Spread`] = spread(rates);
      results[kind][`${name}Cpu`] = median(capacities);
    }
  }
  console.table(
    Object.fromEntries(
      Object.entries(results).map(([kind, r]) => [
        kind,
        {
          'hello req/s': Math.round(r.hello),
          'param req/s': Math.round(r.param),
          'hello spread': r.helloSpread,
          'param spread': r.paramSpread,
          'hello req/cpu-s': Math.round(r.helloCpu),
          'param req/cpu-s': Math.round(r.paramCpu),
        },
      ]),
    ),
  );
  const aio = results.aio;
  if (aio === undefined) return;
  for (const peer of kinds.filter((k) => k !== 'aio')) {
    const r = results[peer];
    console.log(
      `aio / ${peer.padEnd(8)} req/s: hello ${(aio.hello / r.hello).toFixed(2)}x  param ${(aio.param / r.param).toFixed(2)}x` +
        `   req/cpu-s: hello ${(aio.helloCpu / r.helloCpu).toFixed(2)}x  param ${(aio.paramCpu / r.paramCpu).toFixed(2)}x`,
    );
  }
}

if (process.argv[2] === '--serve') await serve(process.argv[3]);
else await main();
