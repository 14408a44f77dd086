import { run } from '@aio/core';
import { afterEach, describe, expect, it } from 'vitest';
import { collectLines } from '../src/output.js';
import { echoScenario } from '../src/scenarios/scenario.js';
import { FETCH_ECHO, fromPython } from './helpers/seed.js';
import { startHttpServer, type TestServer } from './helpers/servers.js';

let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('echoScenario', () => {
  it('serves on a free loopback port and prints the banner first', async () => {
    const { print, lines } = collectLines();
    await run(echoScenario({ print }));
    expect(lines[0]).toMatch(/^======== Running on http:\/\/127\.0\.0\.1:\d+ ========$/);
  });

  it('prints the seed’s client output, then each /{uri} path', async () => {
    const { print, lines } = collectLines();
    await run(echoScenario({ print }));
    expect(lines.slice(1)).toEqual([
      ...fromPython(FETCH_ECHO),
      '200',
      'location /hello',
      '200',
      'location /aio',
      '200',
      'location /asyncio',
    ]);
  });

  it('fetches the given URL instead, without a server', async () => {
    server = await startHttpServer(true);
    const { print, lines } = collectLines();
    await run(echoScenario({ print, url: server.url, count: 2 }));
    expect(lines).toEqual(['200', 'plain /', '200', 'plain /', '[ undefined, undefined ]']);
  });
});
