/**
 * `ClientCookieJar`: the session's cookie store (aiohttp's `CookieJar`), over tough-cookie,
 * which applies RFC 6265's domain, path, secure and expiry rules and refuses cookies for
 * public suffixes.
 *
 * aiohttp's extra rule: by default no cookie is stored from, or sent to, a host that is an
 * IP address; `new ClientCookieJar({ unsafe: true })` lifts it.
 */
import { isIP } from 'node:net';
import { CookieJar } from 'tough-cookie';

/** Options of {@link ClientCookieJar}. */
export interface ClientCookieJarOptions {
  /** Accept and send cookies for IP-address hosts too (aiohttp's `unsafe=True`). */
  unsafe?: boolean;
}

function isIpHost(url: URL): boolean {
  const host = url.hostname;
  return isIP(host.startsWith('[') ? host.slice(1, -1) : host) !== 0;
}

/**
 * A cookie jar for a `ClientSession`: it stores what responses set and sends what matches
 * each request's URL, redirects included. Malformed cookies are skipped, never thrown.
 *
 * @example
 * ```ts
 * const jar = new ClientCookieJar({ unsafe: true });
 * const session = new ClientSession({ cookieJar: jar });
 * jar.updateCookies(['id=1; Path=/'], new URL('http://127.0.0.1/'));
 * console.log(jar.cookieHeader(new URL('http://127.0.0.1/x'))); // 'id=1'
 * ```
 */
export class ClientCookieJar {
  readonly #jar = new CookieJar(undefined, {
    rejectPublicSuffixes: true,
    allowSpecialUseDomain: true,
    looseMode: true,
  });
  readonly #unsafe: boolean;
  #empty = true;

  /** @param options `unsafe` to allow IP-address hosts */
  constructor(options: ClientCookieJarOptions = {}) {
    this.#unsafe = options.unsafe ?? false;
  }

  /** Whether IP-address hosts may set and receive cookies. */
  get unsafe(): boolean {
    return this.#unsafe;
  }

  /**
   * Stores the cookies of `Set-Cookie` header values received from `url`. Invalid ones
   * (bad syntax, a Domain the host may not set) are ignored one by one.
   *
   * @param setCookies the `Set-Cookie` values
   * @param url the URL of the response
   */
  updateCookies(setCookies: readonly string[], url: URL): void {
    if (setCookies.length === 0 || (!this.#unsafe && isIpHost(url))) return;
    const href = url.href;
    for (const value of setCookies) {
      try {
        if (this.#jar.setCookieSync(value, href, { ignoreError: true }) !== undefined) {
          this.#empty = false;
        }
      } catch {
        // A cookie tough-cookie cannot even parse is skipped, the others still count.
      }
    }
  }

  /**
   * The `Cookie` header value for a request to `url` (empty when none match).
   *
   * @param url the request URL
   * @returns `name=value` pairs joined with `; `
   */
  cookieHeader(url: URL): string {
    if (this.#empty || (!this.#unsafe && isIpHost(url))) return '';
    try {
      return this.#jar.getCookieStringSync(url.href);
    } catch {
      return '';
    }
  }

  /** Forgets every cookie. */
  clear(): void {
    this.#jar.removeAllCookiesSync();
    this.#empty = true;
  }
}
