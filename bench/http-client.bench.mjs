// HTTP client throughput (issue #5): 20,000 GETs with 50 in flight against one local
// node:http server running in a child process, pinned to the other core when taskset
// exists. Side by side in one run: raw undici.request on a 50-connection pool (the
// ceiling), Node's fetch, axios, aio's ClientSession, and aiohttp under /usr/bin/python3
// (plus uvloop when importable). Every client runs in its own process, rounds interleave
// the clients, and the median req/s of the rounds is reported with ratios.
//
//   node bench/run.mjs http-client
//   node bench/http-client.bench.mjs [--n 20000] [--c 50] [--rounds 3] [--only aio,undici]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const PYTHON = '/usr/bin/python3';

function arg(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? fallback : process.argv[index + 1];
}

const N = Number(arg('n', 20_000));
const C = Number(arg('c', 50));
const ROUNDS = Number(arg('rounds', 3));
const WARMUP = 2_000;
const BODY = 'Hello, World!';

// ---------------------------------------------------------------------------------------
// Server child: `node http-client.bench.mjs --server` prints its port.

async function serve() {
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': BODY.length });
    res.end(BODY);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => console.log(String(server.address().port)));
}

// ---------------------------------------------------------------------------------------
// Client workers: `node http-client.bench.mjs --worker <name> <url>` prints one JSON line.

/** Runs `total` requests with C in flight through `one()`, an async function. */
async function drive(total, one) {
  let remaining = total;
  async function worker() {
    while (remaining > 0) {
      remaining--;
      await one();
    }
  }
  await Promise.all(Array.from({ length: C }, worker));
}

async function timed(warm) {
  await warm(WARMUP);
  const start = performance.now();
  await warm(N);
  const ms = performance.now() - start;
  return { rps: N / (ms / 1000), ms };
}

const WORKERS = {
  async undici(url) {
    const { Agent, request } = await import('undici');
    const dispatcher = new Agent({ connections: C });
    const result = await timed((total) =>
      drive(total, async () => {
        const { statusCode, body } = await request(url, { dispatcher });
        const text = await body.text();
        if (statusCode !== 200 || text !== BODY) throw new Error('bad response');
      }),
    );
    await dispatcher.close();
    return result;
  },
  async fetch(url) {
    return timed((total) =>
      drive(total, async () => {
        const response = await fetch(url);
        const text = await response.text();
        if (response.status !== 200 || text !== BODY) throw new Error('bad response');
      }),
    );
  },
  async axios(url) {
    const { default: axios } = await import('axios');
    const http = await import('node:http');
    const httpAgent = new http.Agent({ keepAlive: true, maxSockets: C });
    const client = axios.create({ httpAgent, responseType: 'text' });
    const result = await timed((total) =>
      drive(total, async () => {
        const response = await client.get(url);
        if (response.status !== 200 || response.data !== BODY) throw new Error('bad response');
      }),
    );
    httpAgent.destroy();
    return result;
  },
  async aio(url) {
    const { run, gather } = await import('@aio/core');
    const { ClientSession } = await import('@aio/http-client');
    return run(function* main() {
      const session = new ClientSession();
      function* batch(total) {
        let remaining = total;
        function* worker() {
          while (remaining > 0) {
            remaining--;
            const response = yield* session.get(url);
            const text = yield* response.text();
            if (response.status !== 200 || text !== BODY) throw new Error('bad response');
          }
        }
        yield* gather(Array.from({ length: C }, () => worker()));
      }
      yield* batch(WARMUP);
      const start = performance.now();
      yield* batch(N);
      const ms = performance.now() - start;
      yield* session.close();
      return { rps: N / (ms / 1000), ms };
    });
  },
};

// ---------------------------------------------------------------------------------------
// Coordinator.

function pinned(core, command, args) {
  return existsSync('/usr/bin/taskset')
    ? ['/usr/bin/taskset', ['-c', String(core), command, ...args]]
    : [command, args];
}

function startServer() {
  const [command, args] = pinned(1, process.execPath, [fileURLToPath(import.meta.url), '--server']);
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (data) => resolve({ child, port: Number(String(data).trim()) }));
    child.once('error', reject);
  });
}

function runClient(name, url) {
  let command;
  let args;
  if (name === 'aiohttp' || name === 'aiohttp+uvloop') {
    const extra = name === 'aiohttp+uvloop' ? ['--uvloop'] : [];
    [command, args] = pinned(0, PYTHON, [
      join(here, 'http_client_aiohttp.py'),
      url,
      String(N),
      String(C),
      '--warmup',
      String(WARMUP),
      ...extra,
    ]);
  } else {
    [command, args] = pinned(0, process.execPath, [
      fileURLToPath(import.meta.url),
      '--worker',
      name,
      url,
      '--n',
      String(N),
      '--c',
      String(C),
    ]);
  }
  const result = spawnSync(command, args, { encoding: 'utf8', cwd: here, timeout: 180_000 });
  if (result.status !== 0) {
    throw new Error(`${name} failed: ${result.stderr || result.error?.message || 'no output'}`);
  }
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function pythonHas(module) {
  if (!existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ['-c', `import ${module}`]).status === 0;
}

async function coordinate() {
  const only = arg('only', undefined)?.split(',');
  const names = ['undici', 'fetch', 'axios', 'aio'];
  const notes = [];
  if (pythonHas('aiohttp')) {
    names.push('aiohttp');
    if (pythonHas('uvloop')) names.push('aiohttp+uvloop');
    else notes.push('aiohttp+uvloop skipped: uvloop is not importable under /usr/bin/python3');
  } else {
    notes.push(
      'aiohttp skipped: /usr/bin/python3 cannot import aiohttp (apt install python3-aiohttp)',
    );
  }
  const chosen = only === undefined ? names : names.filter((name) => only.includes(name));
  const { child, port } = await startServer();
  const url = `http://127.0.0.1:${port}/`;
  console.log(
    `${N} GETs, ${C} in flight, ${ROUNDS} rounds, server pid ${child.pid}` +
      (existsSync('/usr/bin/taskset')
        ? ' (server on core 1, clients on core 0)'
        : ' (taskset not found: not pinned)'),
  );
  const samples = Object.fromEntries(chosen.map((name) => [name, []]));
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of chosen) {
        const { rps } = runClient(name, url);
        samples[name].push(rps);
        console.log(`  round ${round + 1} ${name.padEnd(15)} ${Math.round(rps)} req/s`);
      }
    }
  } finally {
    child.kill();
  }
  const medians = Object.fromEntries(chosen.map((name) => [name, median(samples[name])]));
  console.log('\nclient            median req/s   aio vs it');
  for (const name of chosen) {
    const ratio = medians.aio === undefined ? '' : `${(medians.aio / medians[name]).toFixed(2)}x`;
    console.log(
      `${name.padEnd(18)}${String(Math.round(medians[name])).padStart(12)}   ${ratio.padStart(9)}`,
    );
  }
  if (medians.aio !== undefined) {
    const goals = [
      ['undici', 0.85, 'raw undici.request'],
      ['fetch', 2, 'fetch'],
      ['aiohttp', 3, 'aiohttp'],
    ];
    console.log('\ngoals:');
    for (const [peer, goal, label] of goals) {
      if (medians[peer] === undefined) continue;
      const ratio = medians.aio / medians[peer];
      console.log(
        `  aio >= ${goal}x ${label}: ${ratio.toFixed(2)}x ${ratio >= goal ? 'met' : 'NOT met'}`,
      );
    }
  }
  for (const note of notes) console.log(`note: ${note}`);
}

if (process.argv[2] === '--server') {
  await serve();
} else if (process.argv[2] === '--worker') {
  const result = await WORKERS[process.argv[3]](process.argv[4]);
  console.log(JSON.stringify(result));
} else {
  await coordinate();
}
