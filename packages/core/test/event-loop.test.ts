import { once } from 'node:events';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  EventLoop,
  InvalidStateError,
  VirtualClock,
  createTask,
  getRunningLoop,
  run,
  sleep,
  until,
} from '../src/index.js';
import type { Coroutine } from '../src/index.js';
import { now, runVirtual } from './helpers/virtual-time.js';

describe('EventLoop', () => {
  it('runs callSoon callbacks in FIFO order with their arguments', async () => {
    const log: string[] = [];
    await runVirtual(function* () {
      const loop = getRunningLoop();
      for (const name of ['a', 'b', 'c']) loop.callSoon((value: string) => log.push(value), name);
      yield* sleep(0);
    });
    expect(log).toEqual(['a', 'b', 'c']);
  });

  it('fires timers with equal deadlines in insertion order', async () => {
    const log: number[] = [];
    await runVirtual(function* () {
      const loop = getRunningLoop();
      for (let i = 0; i < 5; i++) loop.callLater(10, () => log.push(i));
      loop.callLater(5, () => log.push(-1));
      yield* sleep(20);
    });
    expect(log).toEqual([-1, 0, 1, 2, 3, 4]);
  });

  it('fires callAt at the given loop time and reports when()', async () => {
    await runVirtual(function* () {
      const loop = getRunningLoop();
      let firedAt = -1;
      const handle = loop.callAt(42, () => (firedAt = loop.time()));
      expect(handle.when()).toBe(42);
      yield* sleep(50);
      expect(firedAt).toBe(42);
    });
  });

  it('does not run a cancelled handle', async () => {
    const log: string[] = [];
    await runVirtual(function* () {
      const loop = getRunningLoop();
      loop.callSoon(() => log.push('soon')).cancel();
      const timer = loop.callLater(5, () => log.push('later'));
      timer.cancel();
      expect(timer.cancelled()).toBe(true);
      yield* sleep(10);
    });
    expect(log).toEqual([]);
  });

  it('reports a callback that throws and keeps running', async () => {
    const reports: string[] = [];
    await runVirtual(function* () {
      const loop = getRunningLoop();
      loop.setExceptionHandler((context) => reports.push(context.message));
      loop.callSoon(() => {
        throw new Error('callback failed');
      });
      yield* sleep(1);
      expect(now()).toBe(1);
    });
    expect(reports).toEqual(['Exception in callback']);
  });

  it('lets a peer run while a task spins on sleep(0)', async () => {
    const log: string[] = [];
    await runVirtual(function* () {
      const spinner = createTask(function* () {
        for (let i = 0; i < 3; i++) {
          log.push(`spin ${i}`);
          yield* sleep(0);
        }
      });
      const peer = createTask(function* () {
        log.push('peer');
      });
      yield* spinner;
      yield* peer;
    });
    expect(log).toEqual(['spin 0', 'peer', 'spin 1', 'spin 2']);
  });

  it('answers a socket while a task spins on sleep(0)', async () => {
    const server = createServer((_, response) => response.end('pong'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      const body = await run(function* () {
        let spinning = true;
        const spinner = createTask(function* () {
          while (spinning) yield* sleep(0);
        });
        const reply = yield* until(
          new Promise<string>((resolve, reject) => {
            request({ port, host: '127.0.0.1' }, (response) => {
              let text = '';
              response.on('data', (chunk: Buffer) => (text += chunk.toString()));
              response.on('end', () => resolve(text));
            })
              .on('error', reject)
              .end();
          }),
        );
        spinning = false;
        yield* spinner;
        return reply;
      });
      expect(body).toBe('pong');
    } finally {
      server.close();
    }
  });

  it('reports the same order for the same program every time', async () => {
    function* program(log: string[]): Coroutine {
      const tasks = [3, 1, 2, 1, 0].map((delay, i) =>
        createTask(function* () {
          yield* sleep(delay);
          log.push(`t${i}@${now()}`);
          yield* sleep(0);
          log.push(`t${i} again`);
        }),
      );
      for (const task of tasks) yield* task;
    }
    const first: string[] = [];
    const second: string[] = [];
    await runVirtual(program(first));
    await runVirtual(program(second));
    expect(first).toEqual(second);
    expect(first.slice(0, 3)).toEqual(['t4@0', 't4 again', 't1@1']);
  });

  it('runs a manually created loop until stop()', async () => {
    const loop = new EventLoop({ clock: new VirtualClock() });
    const log: number[] = [];
    loop.callLater(10, () => {
      log.push(loop.time());
      loop.stop();
    });
    expect(loop.isRunning()).toBe(false);
    const running = loop.runForever();
    expect(loop.isRunning()).toBe(true);
    await running;
    expect(loop.isRunning()).toBe(false);
    expect(log).toEqual([10]);
    loop.close();
    expect(loop.isClosed()).toBe(true);
  });

  it('refuses to run, schedule or create tasks once closed', () => {
    const loop = new EventLoop();
    loop.close();
    expect(() => loop.runForever()).toThrow(InvalidStateError);
    expect(() => loop.callSoon(() => undefined)).toThrow(InvalidStateError);
    expect(() => loop.createTask(sleep(1))).toThrow(InvalidStateError);
  });

  it('refuses to close or start again while running', async () => {
    const loop = new EventLoop({ clock: new VirtualClock() });
    const running = loop.runUntilComplete(sleep(5));
    expect(() => loop.close()).toThrow(InvalidStateError);
    expect(() => loop.runForever()).toThrow(InvalidStateError);
    await running;
    loop.close();
  });

  it('throws TypeError for NaN delays', () => {
    const loop = new EventLoop();
    expect(() => loop.callLater(Number.NaN, () => undefined)).toThrow(TypeError);
    loop.close();
  });

  it('moves a manual VirtualClock only when advanced', async () => {
    const clock = new VirtualClock({ autojump: false });
    const log: number[] = [];
    const running = run(
      function* () {
        yield* sleep(100);
        log.push(getRunningLoop().time());
      },
      { clock },
    );
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(50);
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual([]);
    clock.advance(50);
    await running;
    expect(log).toEqual([100]);
  });
});

describe('getRunningLoop', () => {
  it('throws outside a running loop', () => {
    expect(() => getRunningLoop()).toThrow(InvalidStateError);
  });
});
