import { spawn } from 'node:child_process';
import { describe, expect, it, type TestContext } from 'vitest';
import { CLI_PATH, linesOf, runCli, type CliResult } from './helpers/cli.js';
import { FETCH_ECHO, fromPython } from './helpers/seed.js';
import { closedPort, startHttpServer, type TestServer } from './helpers/servers.js';

/**
 * Starts a loopback server that is closed when the given test finishes. The hook comes from the
 * test's own context: under `describe.concurrent` the global `onTestFinished` may attach to
 * whichever test is current, which once closed this server under a still-running test.
 */
async function serverForThisTest(test: TestContext, respond: boolean): Promise<TestServer> {
  const server = await startHttpServer(respond);
  test.onTestFinished(() => server.close());
  return server;
}

describe.concurrent('aio-demo scenario (child process)', () => {
  it('runs the echo server and the concurrent fetch with no arguments, then exits 0', async () => {
    const result = await runCli([]);
    const lines = linesOf(result.stdout);
    expect({ code: result.code, stderr: result.stderr, body: lines.slice(1) }).toEqual({
      code: 0,
      stderr: '',
      body: [
        ...fromPython(FETCH_ECHO),
        '200',
        'location /hello',
        '200',
        'location /aio',
        '200',
        'location /asyncio',
      ],
    });
  });

  it('fetches a URL given in place of the command', async (test) => {
    const server = await serverForThisTest(test, true);
    const result = await runCli([server.url]);
    expect([result.code, linesOf(result.stdout)]).toEqual([
      0,
      ['200', 'plain /', '200', 'plain /', '200', 'plain /', '[ undefined, undefined, undefined ]'],
    ]);
  });
});

describe.concurrent('aio-demo crawl -n 2000 (child process)', () => {
  // A generous per-request budget: on a loaded 2-core machine the first 200 connects can take
  // seconds, and this test counts responses; it does not measure speed.
  let crawl: Promise<CliResult> | undefined;
  const crawlOnce = (): Promise<CliResult> =>
    (crawl ??= runCli(['crawl', '-n', '2000', '--timeout', '30000'], 55_000));

  it('reports every request of its own server as a 200 and exits 0', async () => {
    const result = await crawlOnce();
    expect({ code: result.code, counts: linesOf(result.stdout).slice(2, 4) }).toEqual({
      code: 0,
      counts: ['status 200: 2000', 'errors: none'],
    });
  });

  it('prints plain progress lines on stderr when it is not a terminal', async () => {
    const result = await crawlOnce();
    expect(linesOf(result.stderr).at(-1)).toMatch(
      /^crawl: 2000\/2000 \(100%\), \d+ req\/s, 0 errors$/,
    );
  });

  it('prints p50, p90 and p99 latency', async () => {
    const result = await crawlOnce();
    expect(linesOf(result.stdout).at(-1)).toMatch(/^latency: p50 [\d.]+ ms, p90 [\d.]+ ms, p99 /);
  });
});

describe.concurrent('aio-demo failures (child process)', () => {
  it('ends a refused connection with one line and exit code 1', async () => {
    const port = await closedPort();
    const result = await runCli(['fetch', `http://127.0.0.1:${port}/`]);
    expect([result.code, linesOf(result.stderr)]).toEqual([
      1,
      [
        `aio-demo: ClientConnectorError: cannot connect to host 127.0.0.1:${port} (ECONNREFUSED: connection refused)`,
      ],
    ]);
  });

  it('ends a refused crawl with one line and exit code 1', async () => {
    const port = await closedPort();
    const result = await runCli(['crawl', `http://127.0.0.1:${port}/`, '-n', '10']);
    expect([
      result.code,
      linesOf(result.stderr).filter((line) => line.startsWith('aio-demo:')),
    ]).toEqual([
      1,
      [
        `aio-demo: ClientConnectorError: cannot connect to host 127.0.0.1:${port} (ECONNREFUSED: connection refused)`,
      ],
    ]);
  });

  it('ends a malformed URL with one line and exit code 2', async () => {
    const result = await runCli(['fetch', 'http://[::1']);
    expect([result.code, result.stdout, linesOf(result.stderr)]).toEqual([
      2,
      '',
      [
        "aio-demo: malformed URL 'http://[::1': expected an absolute http:// or https:// URL (see aio-demo --help)",
      ],
    ]);
  });

  it('ends a request the server never answers with one TimeoutError line and exit code 1', async (test) => {
    const silent = await serverForThisTest(test, false);
    const result = await runCli(['fetch', silent.url, '--timeout', '200']);
    expect([result.code, linesOf(result.stderr).length, result.stderr]).toEqual([
      1,
      1,
      expect.stringMatching(/^aio-demo: \w*TimeoutError/),
    ]);
  });
});

describe.concurrent('aio-demo serve (child process)', () => {
  it('prints the banner, answers, and exits 0 on SIGINT', async () => {
    const child = spawn(process.execPath, [
      CLI_PATH,
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
    ]);
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    try {
      const banner = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('(Press CTRL+C to quit)')) resolve(text);
        });
        child.once('exit', () => reject(new Error(`serve exited early: ${text}`)));
      });
      const origin = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1];
      const response = await fetch(`${origin}/hello`);
      const body = await response.text();
      child.kill('SIGINT');
      expect([body, await exited]).toEqual(['location /hello', 0]);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe.concurrent('aio-demo fetch interrupted (child process)', () => {
  it('ends with "interrupted" and exit code 130 on SIGINT', async (test) => {
    const server = await serverForThisTest(test, false);
    const child = spawn(process.execPath, [CLI_PATH, 'fetch', server.url]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    try {
      await server.requested;
      child.kill('SIGINT');
      expect([await exited, stderr]).toEqual([130, 'aio-demo: interrupted\n']);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
