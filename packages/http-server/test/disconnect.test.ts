import { describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { isCancelledError, sleep } from '@aio/core';
import { Application, ClientDisconnectedError, Response, StreamResponse } from '../src/index.js';
import { rawRequest, withServer } from './helpers/server.js';

/** Opens a socket, writes `data`, then destroys it after `ms`. */
function sendAndDrop(port: number, data: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(data);
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, ms);
    });
    socket.on('error', () => undefined);
  });
}

function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (condition()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error('condition not met in time'));
      else setTimeout(check, 10);
    };
    check();
  });
}

describe('client disconnects', () => {
  it('raises ClientDisconnectedError in a handler reading the body, and its finally runs', async () => {
    const log: unknown[] = [];
    const app = new Application();
    app.router.addPost('/', function* (request) {
      try {
        yield* request.read();
      } catch (error) {
        log.push(error);
        throw error;
      } finally {
        log.push('finally');
      }
      return new Response();
    });
    await withServer(app, async (port) => {
      await sendAndDrop(port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc', 100);
      await until(() => log.length === 2);
    });
    expect(log[0]).toBeInstanceOf(ClientDisconnectedError);
    expect(log[1]).toBe('finally');
  });

  it('lets the handler finish by default and aborts request.signal', async () => {
    const log: string[] = [];
    const app = new Application();
    app.router.addGet('/', function* (request) {
      // Waits for the disconnect itself rather than a fixed 300 ms the server might not
      // notice it within on a loaded machine; the sleep after it would end in a
      // CancelledError if the handler were cancelled.
      for (let i = 0; i < 1_000 && !request.signal.aborted; i++) yield* sleep(5);
      yield* sleep(20);
      log.push(`done, aborted=${request.signal.aborted}`);
      return new Response();
    });
    await withServer(app, async (port) => {
      await sendAndDrop(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', 50);
      await until(() => log.length === 1);
    });
    expect(log).toEqual(['done, aborted=true']);
  });

  it('cancels the handler on disconnect with handlerCancellation', async () => {
    const log: string[] = [];
    const app = new Application();
    app.router.addGet('/', function* () {
      try {
        yield* sleep(5_000);
      } catch (error) {
        log.push(isCancelledError(error) ? 'cancelled' : 'other');
        throw error;
      } finally {
        log.push('finally');
      }
      return new Response();
    });
    await withServer(
      app,
      async (port) => {
        await sendAndDrop(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', 50);
        await until(() => log.length === 2);
      },
      { handlerCancellation: true },
    );
    expect(log).toEqual(['cancelled', 'finally']);
  });
});

describe('StreamResponse over a socket', () => {
  it('destroys the socket when the handler fails mid-stream, never ending the body cleanly', async () => {
    const app = new Application();
    app.router.addGet('/', function* (request) {
      const response = new StreamResponse();
      yield* response.prepare(request);
      yield* response.write('one');
      yield* response.write('two');
      throw new Error('mid-stream failure');
    });
    const raw = await withServer(app, (port) =>
      rawRequest(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
    );
    expect(raw).toContain('Transfer-Encoding: chunked');
    expect(raw).toContain('two');
    expect(raw.endsWith('0\r\n\r\n')).toBe(false);
  });

  it('delivers server-sent events as they are written', async () => {
    const app = new Application();
    app.router.addGet('/events', function* (request) {
      const response = new StreamResponse({ headers: { 'Content-Type': 'text/event-stream' } });
      yield* response.prepare(request);
      for (let i = 0; i < 3; i++) {
        yield* response.write(`data: ${i}\n\n`);
        yield* sleep(20);
      }
      yield* response.writeEof();
      return response;
    });
    const events = await withServer(app, async (port) => {
      const response = await fetch(`http://127.0.0.1:${port}/events`);
      const received: string[] = [];
      const decoder = new TextDecoder();
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        received.push(decoder.decode(chunk));
      }
      return received.join('');
    });
    expect(events).toBe('data: 0\n\ndata: 1\n\ndata: 2\n\n');
  });

  it('waits for the client to read and drops one that never does after writeTimeout', async () => {
    let written = 0;
    let failure: unknown;
    const app = new Application();
    app.router.addGet('/', function* (request) {
      const response = new StreamResponse();
      yield* response.prepare(request);
      const chunk = Buffer.alloc(64 * 1024, 120);
      try {
        for (let i = 0; i < 10_000; i++) {
          yield* response.write(chunk);
          written++;
        }
      } catch (error) {
        failure = error;
        throw error;
      }
      return response;
    });
    await withServer(
      app,
      async (port) => {
        const socket = connect(port, '127.0.0.1', () =>
          socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
        );
        socket.on('error', () => undefined);
        socket.pause();
        await until(() => failure !== undefined, 5_000);
        socket.destroy();
      },
      { writeTimeout: 300 },
    );
    expect(failure).toBeInstanceOf(ClientDisconnectedError);
    expect(written).toBeLessThan(1_000);
  });
});
