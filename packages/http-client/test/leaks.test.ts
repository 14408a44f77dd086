import { afterEach, describe, expect, it } from 'vitest';
import { createTask, gather, run, sleep, type Task } from '@aio/core';
import { ClientSession } from '../src/index.js';
import { hello, startServer, type TestServer } from './helpers/server.js';
import { withSession } from './helpers/session.js';

let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Active resources as a sorted multiset, without the test runner's own timer. */
function resources(): string[] {
  return process
    .getActiveResourcesInfo()
    .filter((name) => name !== 'Timeout')
    .sort();
}

function timers(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
}

function sockets(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap').length;
}

describe('ClientSession resources', () => {
  it('leaves no client socket or timer behind after close()', async () => {
    server = await startServer(hello);
    const url = server.url;
    const before = sockets();
    const baseline = resources();
    const timersBefore = timers();
    await run(function* main() {
      const session = new ClientSession({ timeout: { total: 60_000, sockRead: 30_000 } });
      yield* gather(
        Array.from({ length: 10 }, () =>
          (function* one() {
            yield* (yield* session.get(url)).read();
          })(),
        ),
      );
      expect(sockets()).toBeGreaterThan(before);
      yield* session.close();
    });
    expect(await server.waitNoSockets()).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sockets()).toBe(before);
    expect(resources()).toEqual(baseline);
    expect(timers()).toBeLessThanOrEqual(timersBefore);
  });

  it('runs 1,000 sequential requests without a MaxListeners warning', async () => {
    server = await startServer(hello);
    const url = server.url;
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on('warning', onWarning);
    try {
      await withSession({}, function* (session) {
        for (let i = 0; i < 1_000; i++) yield* (yield* session.get(url)).read();
      });
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    expect(server.connections()).toBe(1);
  });

  it('keeps the limit after cancelling a fifth of 300 requests at random', async () => {
    server = await startServer((_req, res) => setTimeout(() => res.end('ok'), 2));
    const url = server.url;
    await withSession({ limit: 10 }, function* (session) {
      function* one() {
        yield* (yield* session.get(url)).read();
      }
      const tasks: Task<void>[] = Array.from({ length: 300 }, () => createTask(one()));
      for (let round = 0; round < 6; round++) {
        yield* sleep(3);
        for (let i = round; i < 300; i += 30) tasks[(i * 7) % 300]!.cancel();
      }
      yield* gather(tasks, { returnExceptions: true });
      expect(server!.maxInFlight()).toBeLessThanOrEqual(10);
      server!.resetMax();
      yield* gather(Array.from({ length: 100 }, () => one()));
    });
    // The later batch still ran 10 wide: no slot leaked.
    expect(server.maxInFlight()).toBe(10);
  });
});
