/**
 * Sockets still connecting, so a cancelled request does not leave one open until `sockConnect`.
 *
 * Design note: undici hands a request its abort function only once a connection is ready, and
 * a connect in progress is not tied to any one request (the pool connects, then serves its
 * queue). So the session's connector records the sockets it is connecting, and counts the
 * exchanges dispatched but not connected yet. When a cancelled exchange leaves that count at
 * zero, nobody waits for those connects any more: they are destroyed at once, which fails them
 * inside undici as an ordinary connect error for a queue that is already empty. While another
 * request still waits for a connection (to any origin), connects go on as before.
 */
import { Socket } from 'node:net';
import { buildConnector } from 'undici';
import { ClientConnectionError } from '../errors.js';

type Connector = ReturnType<typeof buildConnector>;

export class ConnectingSockets {
  readonly #sockets = new Set<Socket>();
  #waiting = 0;
  /** The connector to give undici's `Agent` (`connect` option). */
  readonly connect: Connector;

  /** @param timeout undici's connect timeout in ms (0: none) */
  constructor(timeout: number) {
    const connect = buildConnector({ timeout });
    this.connect = (options, callback) => {
      let socket: Socket | undefined;
      // undici's connector returns the socket it is connecting (its types say void): keep it
      // to destroy it; if a version returned nothing, connects would simply not be tracked.
      const returned: unknown = connect(options, (...outcome) => {
        if (socket !== undefined) this.#sockets.delete(socket);
        callback(...outcome);
      });
      if (returned instanceof Socket && !returned.destroyed) {
        socket = returned;
        this.#sockets.add(socket);
        socket.once('close', () => this.#sockets.delete(returned));
      }
      return returned as void;
    };
  }

  /** An exchange was dispatched and has no connection yet. */
  waitingStarted(): void {
    this.#waiting++;
  }

  /**
   * An exchange stopped waiting for a connection: it got one, settled, or was cancelled. After
   * a cancellation that leaves nobody waiting, the connects in progress are destroyed.
   */
  waitingEnded(cancelled: boolean): void {
    this.#waiting--;
    if (!cancelled || this.#waiting > 0) return;
    for (const socket of this.#sockets) {
      socket.destroy(new ClientConnectionError('connect abandoned: its request was cancelled'));
    }
    this.#sockets.clear();
  }
}
