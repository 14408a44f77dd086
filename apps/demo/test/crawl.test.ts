import { run } from '@aio/core';
import { ClientConnectorError } from '@aio/http-client';
import { afterEach, describe, expect, it } from 'vitest';
import { collectLines } from '../src/output.js';
import type { ProgressReporter, ProgressSnapshot } from '../src/progress.js';
import { crawlScenario } from '../src/scenarios/crawl.js';
import { closedPort, startHttpServer, type TestServer } from './helpers/servers.js';

let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function recordingProgress(): ProgressReporter & { final: ProgressSnapshot[] } {
  const final: ProgressSnapshot[] = [];
  return {
    intervalMs: 5,
    update: () => undefined,
    stop: (snapshot) => final.push(snapshot),
    final,
  };
}

describe('crawlScenario', () => {
  it('counts every response of its own server by status', async () => {
    const { print } = collectLines();
    const { stats } = await run(crawlScenario({ print, count: 300, concurrency: 30 }));
    expect([stats.statuses(), stats.errors()]).toEqual([[[200, 300]], []]);
  });

  it('prints the report: rate, statuses, errors, latency percentiles', async () => {
    const { print, lines } = collectLines();
    await run(crawlScenario({ print, count: 50, concurrency: 10 }));
    expect(lines.slice(1).map((line) => line.replace(/[\d.]+/g, '#'))).toEqual([
      'done: # requests in # s, # req/s',
      'status #: #',
      'errors: none',
      'latency: p# # ms, p# # ms, p# # ms, max # ms',
    ]);
  });

  it('crawls the given URL', async () => {
    server = await startHttpServer(true);
    const { print } = collectLines();
    const { stats } = await run(
      crawlScenario({ print, url: server.url, count: 40, concurrency: 8 }),
    );
    expect(stats.statuses()).toEqual([[200, 40]]);
  });

  it('reports the final numbers to the progress display', async () => {
    const progress = recordingProgress();
    const { print } = collectLines();
    await run(crawlScenario({ print, count: 20, concurrency: 5, progress }));
    expect(progress.final.map(({ done, total, failed }) => ({ done, total, failed }))).toEqual([
      { done: 20, total: 20, failed: 0 },
    ]);
  });

  it('raises the first request’s error when the host refuses connections', async () => {
    const port = await closedPort();
    const { print } = collectLines();
    const outcome = run(crawlScenario({ print, url: `http://127.0.0.1:${port}/`, count: 10 }));
    await expect(outcome).rejects.toBeInstanceOf(ClientConnectorError);
  });
});
