import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '@aio/core';
import { AccessLogger, Application, Response, runApp } from '../src/index.js';
import { rawRequest, statusOf } from './helpers/server.js';
import { transpileForChild } from './helpers/transpile.js';

const fixture = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'serve-app.mjs');
let entry: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  entry = transpileForChild();
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

interface Served {
  child: ChildProcess;
  port: number;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: string | null; at: number }>;
}

function serve(options: Record<string, unknown> = {}): Promise<Served> {
  const child = spawn(process.execPath, [fixture], {
    env: { ...process.env, AIO_ENTRY: entry, AIO_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null; at: number }>(
    (resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match =
        /Running on http:\/\/127\.0\.0\.1:(\d+) ========\n\(Press CTRL\+C to quit\)\n/.exec(out);
      if (match !== null)
        resolve({ child, port: Number(match[1]), stdout: () => out, stderr: () => err, exited });
    });
    void exited.then(() => reject(new Error(`child exited early: ${out} ${err}`)));
  });
}

function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (check()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error('timed out'));
      else setTimeout(poll, 10);
    };
    poll();
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('runApp', () => {
  it("prints aiohttp's banner", async () => {
    const served = await serve();
    expect(served.stdout()).toBe(
      `======== Running on http://127.0.0.1:${served.port} ========\n(Press CTRL+C to quit)\n`,
    );
  });

  it("writes an access log line in aiohttp's format to stderr", async () => {
    const served = await serve();
    await rawRequest(
      served.port,
      'GET /?a=1 HTTP/1.1\r\nHost: x\r\nUser-Agent: probe\r\nConnection: close\r\n\r\n',
    );
    await waitFor(() => served.stderr().includes('probe'));
    expect(served.stderr()).toMatch(
      /^127\.0\.0\.1 \[\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] "GET \/\?a=1 HTTP\/1\.1" 200 \d+ "-" "probe"\n$/,
    );
  });

  it('writes no access log with accessLog: false', async () => {
    const served = await serve({ accessLog: false });
    await rawRequest(served.port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    served.child.kill('SIGTERM');
    await served.exited;
    expect(served.stderr()).toBe('');
  });

  it('finishes an in-flight request on SIGTERM, refuses new connections, runs hooks once', async () => {
    const served = await serve();
    const pending = rawRequest(served.port, 'GET /slow/500 HTTP/1.1\r\nHost: x\r\n\r\n');
    await waitFor(() => served.stdout().includes('handler start'));
    served.child.kill('SIGTERM');
    await waitFor(() => served.stdout().includes('on shutdown'));
    expect(await canConnect(served.port)).toBe(false);
    const raw = await pending;
    expect(statusOf(raw)).toBe(200);
    expect(raw).toContain('slow done');
    expect(raw.toLowerCase()).toContain('connection: close');
    const exit = await served.exited;
    expect(exit.code).toBe(0);
    const events = served.stdout().split('\n').slice(2).filter(Boolean);
    expect(events).toEqual([
      'handler start',
      'on shutdown',
      'handler end',
      'handler finally',
      'on cleanup',
      'runApp returned',
    ]);
  });

  it('exits promptly on SIGTERM with an idle keep-alive client connected', async () => {
    const served = await serve();
    const socket = connect(served.port, '127.0.0.1', () =>
      socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
    );
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('data', resolve));
    const sent = Date.now();
    served.child.kill('SIGTERM');
    const exit = await served.exited;
    socket.destroy();
    expect(exit.code).toBe(0);
    // Under the 5 s keep-alive timeout that would otherwise hold the idle socket open.
    expect(exit.at - sent).toBeLessThan(3_500);
  });

  it('cancels a handler that outlives shutdownTimeout and runs its finally', async () => {
    const served = await serve({ shutdownTimeout: 300 });
    void rawRequest(served.port, 'GET /slow/10000 HTTP/1.1\r\nHost: x\r\n\r\n').catch(() => '');
    await waitFor(() => served.stdout().includes('handler start'));
    const sent = Date.now();
    served.child.kill('SIGTERM');
    const exit = await served.exited;
    expect(exit.code).toBe(0);
    // Well under the handler's 10 s: shutdownTimeout (300 ms) cut it short.
    expect(exit.at - sent).toBeLessThan(8_000);
    expect(served.stdout()).toContain('handler finally');
    expect(served.stdout()).not.toContain('handler end');
  });

  it('exits at once on a second signal', async () => {
    const served = await serve({ shutdownTimeout: 60_000 });
    void rawRequest(served.port, 'GET /slow/10000 HTTP/1.1\r\nHost: x\r\n\r\n').catch(() => '');
    await waitFor(() => served.stdout().includes('handler start'));
    served.child.kill('SIGTERM');
    await waitFor(() => served.stdout().includes('on shutdown'));
    served.child.kill('SIGTERM');
    const exit = await served.exited;
    expect(exit.code).toBe(143);
  });

  it('serves the app from several processes with workers', async () => {
    const served = await serve({ workers: 2 });
    const pids = new Set<string>();
    for (let i = 0; i < 20 && pids.size < 2; i++) {
      const raw = await rawRequest(
        served.port,
        'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      );
      pids.add(/hello from (\d+)/.exec(raw)?.[1] ?? '');
    }
    expect(pids.size).toBe(2);
    served.child.kill('SIGTERM');
    expect((await served.exited).code).toBe(0);
  });

  it('rejects and still cleans up when onStartup fails', async () => {
    const log: string[] = [];
    const app = new Application();
    app.onStartup.push(() => {
      throw new Error('startup failed');
    });
    app.onCleanup.push(() => void log.push('cleanup'));
    await expect(
      runApp(app, { host: '127.0.0.1', port: 0, print: null, handleSignals: false }),
    ).rejects.toThrow('startup failed');
    expect(log).toEqual(['cleanup']);
  });
});

describe('AccessLogger', () => {
  it('formats records with aiohttp placeholders', () => {
    const logger = new AccessLogger('%a "%r" %s %b %{X-Id}i %D');
    const line = logger.format({
      remote: '10.0.0.1',
      method: 'POST',
      target: '/x',
      version: '1.1',
      status: 201,
      bytes: 12,
      startMs: 0,
      durationMs: 1.5,
      requestHeader: (name) => (name === 'X-Id' ? 'abc' : undefined),
    });
    expect(line).toBe('10.0.0.1 "POST /x HTTP/1.1" 201 12 abc 1500');
  });

  it('is used by runApp-style runners in process', async () => {
    const lines: string[] = [];
    const app = new Application();
    app.router.addGet('/', () => new Response({ text: 'x' }));
    app.router.addGet('/utf8', () => new Response({ text: 'é€' }));
    const { withServer } = await import('./helpers/server.js');
    await withServer(
      app,
      async (port) => {
        await rawRequest(port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
        await rawRequest(port, 'GET /utf8 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      },
      {
        accessLog: new AccessLogger('%r %s %b', (line) => lines.push(line)),
      },
    );
    // %b counts body bytes (UTF-8), not characters.
    expect(lines).toEqual(['GET / HTTP/1.1 200 1', 'GET /utf8 HTTP/1.1 200 5']);
  });
});

void run;
