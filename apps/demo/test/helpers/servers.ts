/**
 * Loopback helpers for the HTTP tests: a port nobody listens on, and plain `node:http`
 * servers (on 127.0.0.1, port 0) that answer, or never answer.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';

/** Finds a loopback port that was free a moment ago: connecting to it is refused. */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A running `node:http` test server. */
export interface TestServer {
  url: string;
  /** Settles when the first request arrives. */
  requested: Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a `node:http` server on 127.0.0.1.
 *
 * @param respond true: answer `plain /path`; false: accept the request and never answer
 * @returns its URL and a `close()` that drops every connection
 */
export function startHttpServer(respond: boolean): Promise<TestServer> {
  let onRequest = (): void => undefined;
  const requested = new Promise<void>((resolve) => (onRequest = resolve));
  const server: Server = createHttpServer((request, response) => {
    onRequest();
    if (!respond) return;
    response.setHeader('content-type', 'text/plain');
    response.end(`plain ${request.url ?? ''}`);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}/`,
        requested,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
