import { run, TimeoutError } from '@aio/core';
import { ClientConnectorError } from '@aio/http-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createEchoApp } from '../src/echo-app.js';
import { startLocalServer } from '../src/local-server.js';
import { collectLines } from '../src/output.js';
import { fetchScenario } from '../src/scenarios/fetch.js';
import { FETCH_ECHO, fromPython } from './helpers/seed.js';
import { closedPort, startHttpServer, type TestServer } from './helpers/servers.js';

let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('fetchScenario', () => {
  it('prints each status and body, then the gathered result, as the seed does', async () => {
    const { print, lines } = collectLines();
    await run(function* main() {
      const echo = yield* startLocalServer(createEchoApp());
      try {
        yield* fetchScenario({ print, url: echo.url });
      } finally {
        yield* echo.close();
      }
    });
    expect(lines).toEqual(fromPython(FETCH_ECHO));
  });

  it('sends -n GETs', async () => {
    server = await startHttpServer(true);
    const { print, lines } = collectLines();
    await run(fetchScenario({ print, url: `${server.url}x`, count: 5, concurrency: 2 }));
    expect(lines.filter((line) => line === 'plain /x')).toHaveLength(5);
  });

  it('raises ClientConnectorError once for a refused port', async () => {
    const port = await closedPort();
    const { print } = collectLines();
    const outcome = run(fetchScenario({ print, url: `http://127.0.0.1:${port}/` }));
    await expect(outcome).rejects.toBeInstanceOf(ClientConnectorError);
  });

  it('raises TimeoutError when the server never answers', async () => {
    server = await startHttpServer(false);
    const { print } = collectLines();
    const outcome = run(fetchScenario({ print, url: server.url, timeoutMs: 100 }));
    await expect(outcome).rejects.toBeInstanceOf(TimeoutError);
  });
});
