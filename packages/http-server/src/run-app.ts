/**
 * Serving an Application over node:http: `AppRunner` (startup, shutdown, cleanup),
 * `TCPSite` (one listening socket) and `runApp` (aiohttp's `web.run_app`). This is the only
 * module that imports node:http.
 *
 * Design note. Node's parser (llhttp) rejects most malformed requests itself; the
 * `clientError` listener installed here still answers 400/408/431 with `Connection: close`
 * (installing any listener silences Node's default reply) and never writes to a dead
 * socket. On top of llhttp, each request is checked for what Node lets through: a version
 * other than 1.0/1.1, a request-target that is not origin-form, several Host or
 * Content-Type headers, or an invalid Host. Every accepted request then runs as a task on
 * the loop named `METHOD /path`, so it shows in the task tree.
 *
 * Shutdown (aiohttp order): the listeners close (new connections are refused) and idle
 * keep-alive sockets are closed; `onShutdown` hooks run; in-flight requests get up to
 * `shutdownTimeout` ms to finish (their responses carry `Connection: close`), then the
 * rest are cancelled; every remaining socket is closed; `onCleanup` hooks run.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Task, getRunningLoop, run, until, wait, type Coroutine, type EventLoop } from '@aio/core';
import { AccessLogger } from './access-log.js';
import type { Application } from './application.js';
import { Request } from './request.js';
import { BodyReader } from './internal/body-reader.js';
import { InflightRequest, InflightRequests } from './internal/inflight.js';
import { NodeTransport, closingSockets } from './internal/node-transport.js';
import { reasonOf } from './internal/reasons.js';
import { isClusterWorker, leaveCluster, runWorkers } from './internal/workers.js';

/** A socket's addresses, read now. */
function snapshotAddresses(socket: {
  readonly remoteAddress?: string | undefined;
  readonly localAddress?: string | undefined;
}): { remoteAddress: string | undefined; localAddress: string | undefined } {
  return { remoteAddress: socket.remoteAddress, localAddress: socket.localAddress };
}

/** Connection limits, with safe defaults (all durations in ms). */
export interface ServerLimits {
  /** Largest request head in bytes (default 16 KiB; past it: 431). */
  maxHeaderSize?: number | undefined;
  /** Time allowed to receive the request head (default 20 000; then 408). */
  headersTimeout?: number | undefined;
  /** Time allowed to receive the whole request (default 60 000; then 408). */
  requestTimeout?: number | undefined;
  /** Idle keep-alive sockets are closed after this (default 5 000). */
  keepAliveTimeout?: number | undefined;
  /** Requests served per connection, 0 for no limit (default 0). */
  maxRequestsPerSocket?: number | undefined;
  /** A response write waiting on a client that does not read is dropped after this (default 60 000). */
  writeTimeout?: number | undefined;
  /** How often slow request heads are checked (default 1 000). */
  connectionsCheckingInterval?: number | undefined;
}

/** Options of {@link AppRunner}. */
export interface AppRunnerOptions extends ServerLimits {
  /** An access logger, or false/null for none (default none, as aiohttp's AppRunner). */
  accessLog?: AccessLogger | false | null | undefined;
  /** Time in-flight requests get to finish at cleanup (default 60 000 ms). */
  shutdownTimeout?: number | undefined;
  /** Cancel a handler when its client disconnects (default false, as aiohttp >= 3.9). */
  handlerCancellation?: boolean | undefined;
}

// Filled by AppRunner's static block: package-internal hooks TCPSite uses.
let runnerInternals: {
  createServer: (runner: AppRunner) => Server;
  register: (runner: AppRunner, site: TCPSite) => void;
};

const CONTENT_LENGTH = /^[0-9]{1,15}$/;
const VALID_HOST = /^[A-Za-z0-9\-._~!$&'()*+,;=:%[\]]*$/;

/**
 * Runs an application's lifecycle and turns node:http requests into tasks.
 *
 * @example
 * ```ts
 * const runner = new AppRunner(app);
 * yield* runner.setup();
 * const site = new TCPSite(runner, '127.0.0.1', 0);
 * yield* site.start();
 * console.log(site.port);
 * yield* runner.cleanup();
 * ```
 */
export class AppRunner {
  /** The application served. */
  readonly app: Application;
  readonly #options: AppRunnerOptions;
  /** Requests being served, with their transports (for shutdown). */
  readonly #inflight = new InflightRequests();
  readonly #sites = new Set<TCPSite>();
  #loop: EventLoop | undefined;
  #closing = false;
  readonly #log: AccessLogger | undefined;

  /** @param app the application; @param options access log, limits, shutdownTimeout, handlerCancellation */
  constructor(app: Application, options: AppRunnerOptions = {}) {
    this.app = app;
    this.#options = options;
    this.#log = options.accessLog || undefined;
  }

  /** The sites started on this runner. */
  get sites(): readonly TCPSite[] {
    return [...this.#sites];
  }

  /**
   * Starts the application (cleanup contexts, `onStartup`); on failure its cleanup runs
   * and the original error is raised.
   */
  *setup(): Coroutine<void> {
    this.#loop = getRunningLoop();
    try {
      yield* this.app.startup();
    } catch (error) {
      try {
        yield* this.app.cleanup();
      } catch {
        // The startup error is the one to report.
      }
      throw error;
    }
  }

  /**
   * Stops every site, runs `onShutdown`, lets in-flight requests finish for up to
   * `shutdownTimeout` ms, cancels the rest, closes every socket, then runs `onCleanup`.
   */
  *cleanup(): Coroutine<void> {
    this.#closing = true;
    for (const entry of this.#inflight.toArray()) entry.transport.closing = true;
    for (const site of [...this.#sites]) yield* site.stop();
    yield* this.app.shutdown();
    const pending = this.#inflight.toArray().map((entry) => entry.task);
    if (pending.length > 0) {
      const { pending: late } = yield* wait(pending, {
        timeout: this.#options.shutdownTimeout ?? 60_000,
      });
      for (const task of late) task.cancel('server shutdown');
      if (late.size > 0) yield* wait([...late]);
    }
    for (const site of this.#sites) site.closeAllConnections();
    for (const site of this.#sites) yield* until(site.closed);
    this.#sites.clear();
    yield* this.app.cleanup();
  }

  static {
    runnerInternals = {
      createServer: (runner) => runner.#createServer(),
      register: (runner, site) => void runner.#sites.add(site),
    };
  }

  #createServer(): Server {
    const loop = this.#loop;
    if (loop === undefined) throw new Error('call runner.setup() before starting a site');
    const o = this.#options;
    const server = createServer({
      maxHeaderSize: o.maxHeaderSize ?? 16 * 1024,
      headersTimeout: o.headersTimeout ?? 20_000,
      requestTimeout: o.requestTimeout ?? 60_000,
      keepAliveTimeout: o.keepAliveTimeout ?? 5_000,
      connectionsCheckingInterval: o.connectionsCheckingInterval ?? 1_000,
      // Checked in checkRequest instead, so requests pipelined behind are dropped too.
      requireHostHeader: false,
      joinDuplicateHeaders: false,
      insecureHTTPParser: false,
    });
    server.maxRequestsPerSocket = o.maxRequestsPerSocket ?? 0;
    const onRequest = (req: IncomingMessage, res: ServerResponse): void =>
      this.#onRequest(loop, req, res, false);
    server.on('request', onRequest);
    server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) =>
      this.#onRequest(loop, req, res, true),
    );
    server.on('clientError', onClientError);
    return server;
  }

  #onRequest(
    loop: EventLoop,
    req: IncomingMessage,
    res: ServerResponse,
    expectContinue: boolean,
  ): void {
    if (closingSockets.has(req.socket)) {
      // Pipelined behind a request that ends the connection: never handled (the socket
      // closes once the earlier response is flushed, taking this one with it).
      return;
    }
    if (this.#closing) res.shouldKeepAlive = false;
    const bad = checkRequest(req);
    if (bad !== 0) {
      closingSockets.add(req.socket);
      sendPlain(res, bad);
      return;
    }
    const transport = new NodeTransport(req, res, loop, this.#options.writeTimeout ?? 60_000);
    if (this.#closing) transport.closing = true;
    const body = new BodyReader(
      req,
      announcedLength,
      expectContinue ? { onFirstRead: () => res.writeContinue() } : undefined,
      req.headers['content-encoding'],
    );
    const request = new Request({
      method: req.method as string,
      target: req.url as string,
      version: req.httpVersion,
      rawHeaders: req.rawHeaders,
      body,
      transport,
      // Read lazily from the socket, except for a request without Host (HTTP/1.0), whose
      // host falls back to the local address: read it now, before a client that sent its
      // request and closed can take the socket (and its address) away.
      addresses: req.headers.host === undefined ? snapshotAddresses(req.socket) : req.socket,
      secure: false,
      loop,
      signal: undefined,
    });
    // Without an access log the task runs the application directly (one generator less).
    const operation =
      this.#log === undefined ? this.app.serve(request) : this.#logged(request, transport);
    const task = new Task(operation, {
      loop,
      name: `${req.method} ${request.rawPath}`,
    });
    const entry = new InflightRequest(task, transport);
    this.#inflight.add(entry);
    task.addDoneCallback(() => {
      this.#inflight.remove(entry);
      // Retrieved here so a failed request is never reported as "never retrieved".
      if (!task.cancelled()) task.exception();
    });
    if (this.#options.handlerCancellation === true) {
      transport.onClose(() => task.cancel('client disconnected'));
    }
  }

  *#logged(request: Request, transport: NodeTransport): Coroutine<void> {
    const log = this.#log as AccessLogger;
    const start = Date.now();
    const t0 = performance.now();
    try {
      yield* this.app.serve(request);
    } finally {
      if (!transport.dropped || transport.headersSent) {
        log.log({
          remote: request.remote,
          method: request.method,
          target: request.target,
          version: request.version,
          status: transport.status,
          bytes: transport.bytes,
          startMs: start,
          durationMs: performance.now() - t0,
          requestHeader: (name) => request.headers.get(name),
        });
      }
    }
  }
}

/** The Content-Length checkRequest found (read right after it, so one slot suffices). */
let announcedLength: number | undefined;

/** What Node's parser lets through but a server must refuse; 0 when the request is fine. */
function checkRequest(req: IncomingMessage): number {
  if (req.httpVersionMajor !== 1 || req.httpVersionMinor > 1)
    return req.httpVersionMajor > 1 ? 505 : 400;
  const url = req.url ?? '';
  if (url.charCodeAt(0) !== 47 /* / */ && !(url === '*' && req.method === 'OPTIONS')) return 400;
  announcedLength = undefined;
  const raw = req.rawHeaders;
  let hosts = 0;
  let types = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    const length = name.length;
    if (length === 4 && name.toLowerCase() === 'host') {
      hosts++;
      if (!VALID_HOST.test(raw[i + 1] as string)) return 400;
    } else if (length === 12 && name.toLowerCase() === 'content-type') {
      types++;
    } else if (length === 14 && name.toLowerCase() === 'content-length') {
      const value = raw[i + 1] as string;
      if (!CONTENT_LENGTH.test(value)) return 400;
      announcedLength = Number(value);
    }
  }
  if (hosts === 0 && req.httpVersionMinor === 1) return 400;
  return hosts > 1 || types > 1 ? 400 : 0;
}

function sendPlain(res: ServerResponse, status: number): void {
  const body = `${status}: ${reasonOf(status)}`;
  res.shouldKeepAlive = false;
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(body.length),
    Connection: 'close',
  });
  res.end(body);
}

function onClientError(error: Error & { code?: string }, socket: Socket): void {
  // A socket already gone (reset, or a response in progress) only needs destroying.
  const inProgress =
    (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent ===
    true;
  if (!socket.writable || socket.destroyed || inProgress || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const status =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 431
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 408
        : 400;
  const body = `${status}: ${reasonOf(status)}`;
  socket.end(
    `HTTP/1.1 ${status} ${reasonOf(status)}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
  );
  socket.destroySoon();
}

/** Options of {@link TCPSite}. */
export interface TCPSiteOptions {
  /** The listen backlog (default: Node's). */
  backlog?: number | undefined;
  /** Let several processes bind the port (Linux). */
  reusePort?: boolean | undefined;
}

/**
 * A TCP listener for an {@link AppRunner} (aiohttp's `web.TCPSite`).
 *
 * @example
 * ```ts
 * const site = new TCPSite(runner, '127.0.0.1', 0);
 * yield* site.start(); // listening; site.port is the picked port
 * ```
 */
export class TCPSite {
  readonly #runner: AppRunner;
  /** The host to bind. */
  readonly host: string;
  #port: number;
  readonly #options: TCPSiteOptions;
  #server: Server | undefined;
  #closed: Promise<void> | undefined;

  /**
   * @param runner a runner whose setup() ran
   * @param host the address to bind (default `0.0.0.0`)
   * @param port the port (default 8080; 0 picks a free one)
   * @param options backlog, reusePort
   */
  constructor(runner: AppRunner, host = '0.0.0.0', port = 8080, options: TCPSiteOptions = {}) {
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new RangeError(`port must be an integer in 0-65535, got ${String(port)}`);
    }
    this.#runner = runner;
    this.host = host;
    this.#port = port;
    this.#options = options;
  }

  /** The bound port (the real one once started with port 0). */
  get port(): number {
    return this.#port;
  }

  /** `http://host:port`, as in the banner. */
  get name(): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `http://${host}:${this.#port}`;
  }

  /** Starts listening. @throws the listen error (EADDRINUSE, EACCES…) */
  *start(): Coroutine<void> {
    const server = runnerInternals.createServer(this.#runner);
    yield* until(
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        const { backlog, reusePort } = this.#options;
        server.listen({ host: this.host, port: this.#port, backlog, reusePort }, () => {
          server.off('error', reject);
          resolve();
        });
      }),
    );
    const address = server.address();
    if (address !== null && typeof address === 'object') this.#port = address.port;
    this.#server = server;
    this.#closed = undefined;
    runnerInternals.register(this.#runner, this);
  }

  /** Stops accepting connections and closes idle keep-alive ones (in-flight requests go on). */
  *stop(): Coroutine<void> {
    const server = this.#server;
    if (server === undefined || this.#closed !== undefined) return;
    this.#closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
  }

  /** Package-internal: resolves once the listener and all its connections are closed. */
  get closed(): Promise<void> {
    return this.#closed ?? Promise.resolve();
  }

  /** Package-internal: closes every remaining connection. */
  closeAllConnections(): void {
    this.#server?.closeAllConnections();
  }
}

/** Options of {@link runApp}. */
export interface RunAppOptions extends AppRunnerOptions, TCPSiteOptions {
  /** The address to bind (default `0.0.0.0`). */
  host?: string | undefined;
  /** The port (default 8080). */
  port?: number | undefined;
  /** Where the banner goes (default console.log; null for none). */
  print?: ((line: string) => void) | null | undefined;
  /** Install SIGINT/SIGTERM handlers (default true). */
  handleSignals?: boolean | undefined;
  /** Serve with this many processes through node:cluster (default 1: this process). */
  workers?: number | undefined;
  /** Run the loop in debug mode. */
  debug?: boolean | undefined;
}

/** The application, or an Operation or promise producing it (aiohttp accepts a coroutine). */
export type AppSource =
  Application | PromiseLike<Application> | (() => Application | PromiseLike<Application>);

/**
 * Serves `app` until SIGINT or SIGTERM, like aiohttp's `web.run_app`: runs its own event
 * loop, prints the banner, logs each request to stderr in aiohttp's format (turn off with
 * `accessLog: false`), and on the first signal shuts down gracefully (see AppRunner.cleanup);
 * a second signal exits at once.
 *
 * @param app the application (or a function or promise producing it)
 * @param options host (0.0.0.0), port (8080), shutdownTimeout (60 000 ms), accessLog, limits, workers
 * @returns a promise settled once the server has shut down (rejected if startup fails)
 * @example
 * ```ts
 * runApp(app);
 * // ======== Running on http://0.0.0.0:8080 ========
 * // (Press CTRL+C to quit)
 * runApp(app, { port: 80 }); // rejects with EACCES when not allowed
 * ```
 */
export function runApp(app: AppSource, options: RunAppOptions = {}): Promise<void> {
  const print = options.print === undefined ? (line: string) => console.log(line) : options.print;
  const host = options.host ?? '0.0.0.0';
  const port = options.port ?? 8080;
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) {
    return Promise.reject(
      new RangeError(`workers must be a positive integer, got ${String(workers)}`),
    );
  }
  if (workers > 1 && !isClusterWorker()) {
    return runWorkers(workers, (bound) => print?.(banner([siteName(host, bound)])));
  }
  const quiet = isClusterWorker();
  const served = run(
    function* runAppMain(): Coroutine<void> {
      const application = yield* resolveApp(app);
      const accessLog = options.accessLog === undefined ? new AccessLogger() : options.accessLog;
      const runner = new AppRunner(application, { ...options, accessLog });
      yield* runner.setup();
      const stop = getRunningLoop().createFuture<void>({ label: 'runApp (waiting for a signal)' });
      const remove =
        options.handleSignals === false
          ? () => {}
          : installSignals(() => stop.done() || stop.setResult());
      try {
        const site = new TCPSite(runner, host, port, options);
        yield* site.start();
        if (!quiet) print?.(banner([site.name]));
        yield* stop;
      } finally {
        try {
          yield* runner.cleanup();
        } finally {
          remove();
        }
      }
    },
    { debug: options.debug ?? false },
  );
  return quiet ? served.finally(leaveCluster) : served;
}

function* resolveApp(app: AppSource): Coroutine<Application> {
  const value = typeof app === 'function' ? app() : app;
  if (typeof (value as PromiseLike<Application>).then === 'function' && !isApp(value)) {
    return yield* until(value as PromiseLike<Application>);
  }
  return value as Application;
}

function isApp(value: unknown): value is Application {
  return typeof value === 'object' && value !== null && 'router' in value && 'middlewares' in value;
}

function siteName(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function banner(names: string[]): string {
  return `${names.map((name) => `======== Running on ${name} ========`).join('\n')}\n(Press CTRL+C to quit)`;
}

/** First SIGINT/SIGTERM: graceful stop; a second one: exit at once. */
function installSignals(onStop: () => void): () => void {
  let received = 0;
  const handler = (signal: NodeJS.Signals): void => {
    received++;
    if (received > 1) process.exit(signal === 'SIGINT' ? 130 : 143);
    onStop();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
