/**
 * Test servers on 127.0.0.1, port 0: a node:http server that records what it sees (open
 * sockets, requests in flight, the most at once) and a raw node:net server for hostile
 * behaviour. Each returns `close()`, which destroys every socket.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';

export interface TestServer {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Sockets currently open, as the server sees them. */
  openSockets(): number;
  /** Connections accepted so far. */
  connections(): number;
  /** Requests being handled right now, and the most at once. */
  inFlight(): number;
  maxInFlight(): number;
  /** Starts counting `maxInFlight` afresh. */
  resetMax(): void;
  /** Requests seen, in arrival order. */
  readonly requests: Array<{
    method: string;
    url: string;
    headers: IncomingMessage['headers'];
    body: string;
  }>;
  /** Resolves once the server sees no open socket (bounded by `ms`). */
  waitNoSockets(ms?: number): Promise<number>;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => unknown;

export async function startServer(handler: Handler, keepAliveTimeout = 5_000): Promise<TestServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const requests: TestServer['requests'] = [];
  const server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let done = false;
    // A request also ends when the client closes its socket. Counting that only at 'close'
    // (a later phase of Node's loop) let a request the client had cancelled overlap the one
    // the client sent next in its freed slot, so maxInFlight read limit + 1 now and then.
    const socket = req.socket;
    const finish = (): void => {
      if (done) return;
      done = true;
      inFlight--;
      socket.off('end', finish);
    };
    res.on('finish', finish);
    res.on('close', finish);
    socket.on('end', finish);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => undefined);
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('latin1');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      void Promise.resolve(handler(req, res, body)).catch(() => res.destroy());
    });
  });
  server.keepAliveTimeout = keepAliveTimeout;
  server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    openSockets: () => sockets.size,
    connections: () => connections,
    inFlight: () => inFlight,
    maxInFlight: () => maxInFlight,
    resetMax: () => {
      maxInFlight = inFlight;
    },
    requests,
    async waitNoSockets(ms = 10_000) {
      const end = Date.now() + ms;
      while (sockets.size > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
      return sockets.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface RawServer {
  readonly url: string;
  readonly port: number;
  readonly server: NetServer;
  connections(): number;
  close(): Promise<void>;
}

/** A raw TCP server: `onSocket` gets each socket and the bytes of its first request. */
export async function startRawServer(
  onSocket: (socket: Socket, request: string, index: number) => void,
): Promise<RawServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createNetServer((socket) => {
    const index = connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let seen = '';
    let started = false;
    socket.on('data', (data: Buffer) => {
      seen += data.toString('latin1');
      if (!started && seen.includes('\r\n\r\n')) {
        started = true;
        onSocket(socket, seen, index);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function hello(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end('<html>hello</html>\n');
}
