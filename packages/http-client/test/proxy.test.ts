import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { startServer, type TestServer } from './helpers/server.js';
import { withSession } from './helpers/session.js';

interface Proxy {
  readonly url: string;
  readonly connects: Array<{ target: string; headers: IncomingHttpHeaders }>;
  close(): Promise<void>;
}

/** A CONNECT proxy on 127.0.0.1 that records each tunnel it opens. */
async function startProxy(): Promise<Proxy> {
  const sockets = new Set<Socket>();
  const connects: Proxy['connects'] = [];
  const server: Server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client: Socket, head: Buffer) => {
    connects.push({ target: req.url ?? '', headers: req.headers });
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    connects,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

let origin: TestServer | undefined;
let proxy: Proxy | undefined;
const savedEnv = { ...process.env };

afterEach(async () => {
  process.env = { ...savedEnv };
  await origin?.close();
  await proxy?.close();
  origin = proxy = undefined;
});

async function setUp(): Promise<{ target: string; proxyUrl: string }> {
  origin = await startServer((req, res) => res.end(`origin ${req.url}`));
  proxy = await startProxy();
  return { target: `${origin.url}/x`, proxyUrl: proxy.url };
}

describe('ClientSession proxies', () => {
  it('tunnels through the proxy option, sending proxy credentials to the proxy only', async () => {
    const { target, proxyUrl } = await setUp();
    const text = await withSession(
      { proxy: proxyUrl.replace('http://', 'http://user:secret@') },
      function* (session) {
        return yield* (yield* session.get(target)).text();
      },
    );
    expect(text).toBe('origin /x');
    expect(proxy!.connects).toHaveLength(1);
    expect(proxy!.connects[0]!.headers['proxy-authorization']).toBe(
      `Basic ${Buffer.from('user:secret').toString('base64')}`,
    );
    expect(origin!.requests[0]!.headers['proxy-authorization']).toBeUndefined();
  });

  it('takes a per-request proxy', async () => {
    const { target, proxyUrl } = await setUp();
    await withSession({}, function* (session) {
      yield* (yield* session.get(target)).read();
      yield* (yield* session.get(target, { proxy: proxyUrl })).read();
    });
    expect(proxy!.connects).toHaveLength(1);
    expect(origin!.requests).toHaveLength(2);
  });

  it('uses HTTP_PROXY with trustEnv', async () => {
    const { target, proxyUrl } = await setUp();
    process.env.HTTP_PROXY = proxyUrl;
    delete process.env.NO_PROXY;
    delete process.env.no_proxy;
    await withSession({ trustEnv: true }, function* (session) {
      yield* (yield* session.get(target)).read();
    });
    expect(proxy!.connects).toHaveLength(1);
  });

  it('ignores the environment without trustEnv', async () => {
    const { target, proxyUrl } = await setUp();
    process.env.HTTP_PROXY = proxyUrl;
    await withSession({}, function* (session) {
      yield* (yield* session.get(target)).read();
    });
    expect(proxy!.connects).toHaveLength(0);
  });

  it('bypasses the proxy for NO_PROXY hosts', async () => {
    const { target, proxyUrl } = await setUp();
    process.env.HTTP_PROXY = proxyUrl;
    process.env.NO_PROXY = '127.0.0.1';
    await withSession({ trustEnv: true }, function* (session) {
      yield* (yield* session.get(target)).read();
    });
    expect(proxy!.connects).toHaveLength(0);
    expect(origin!.requests).toHaveLength(1);
  });
});
