/**
 * Cookie parsing (request `Cookie` header) and serialisation (response `Set-Cookie`).
 */
import { InvalidHeaderError } from '../errors.js';
import { checkHeaderValue } from './header-check.js';

/** Parses a `Cookie` header into a null-prototype object; a bad pair never drops the others. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies = Object.create(null) as Record<string, string>;
  if (header === undefined || header === '') return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (name === '' || name in cookies) continue;
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    }
    cookies[name] = value;
  }
  return cookies;
}

/** Attributes of a `Set-Cookie` header, as in aiohttp's `set_cookie`. */
export interface CookieOptions {
  /** `Expires` (a Date or an HTTP date string). */
  expires?: Date | string | undefined;
  /** `Domain`. */
  domain?: string | undefined;
  /** `Max-Age` in seconds (the cookie attribute's own unit). */
  maxAge?: number | undefined;
  /** `Path` (default `/`). */
  path?: string | undefined;
  /** `Secure`. */
  secure?: boolean | undefined;
  /** `HttpOnly`. */
  httpOnly?: boolean | undefined;
  /** `SameSite`. */
  sameSite?: 'Strict' | 'Lax' | 'None' | undefined;
}

const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const PLAIN_VALUE = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;

/**
 * Serialises one `Set-Cookie` value.
 *
 * @throws InvalidHeaderError when the name is not a token or a part holds control characters
 */
export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  if (!COOKIE_NAME.test(name)) {
    throw new InvalidHeaderError(
      'Set-Cookie',
      `cookie name ${JSON.stringify(name)} is not a token`,
    );
  }
  checkHeaderValue('Set-Cookie', value);
  let out = `${name}=${PLAIN_VALUE.test(value) ? value : `"${value.replace(/["\\]/g, '\\$&')}"`}`;
  if (options.domain !== undefined) out += `; Domain=${checkPart(options.domain)}`;
  if (options.expires !== undefined) {
    const expires =
      options.expires instanceof Date ? options.expires.toUTCString() : options.expires;
    out += `; Expires=${checkPart(expires)}`;
  }
  if (options.httpOnly === true) out += '; HttpOnly';
  if (options.maxAge !== undefined) {
    if (!Number.isInteger(options.maxAge)) {
      throw new TypeError(`maxAge must be an integer, got ${options.maxAge}`);
    }
    out += `; Max-Age=${options.maxAge}`;
  }
  out += `; Path=${checkPart(options.path ?? '/')}`;
  if (options.sameSite !== undefined) out += `; SameSite=${options.sameSite}`;
  if (options.secure === true) out += '; Secure';
  return out;
}

function checkPart(part: string): string {
  checkHeaderValue('Set-Cookie', part);
  if (part.includes(';')) {
    throw new InvalidHeaderError('Set-Cookie', 'cookie attributes must not contain ";"');
  }
  return part;
}
