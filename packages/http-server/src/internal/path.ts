/**
 * Request-target helpers. The target is never parsed as a WHATWG URL: `new URL()` collapses
 * `%2e%2e` and `\` into `..` and `/`, and reads `//evil.com/x` as a host, so the path a
 * router matched could differ from the path a middleware checked.
 */

const HEX = /^[0-9a-fA-F]{2}$/;

/**
 * Percent-decodes `raw`. An escape that is not valid hex or not valid UTF-8 is left as it
 * is, never an error. With `keepSlash`, `%2F` and `%25` stay encoded (the router's view).
 */
export function percentDecode(raw: string, keepSlash = false): string {
  if (!raw.includes('%')) return raw;
  if (!keepSlash) {
    try {
      return decodeURIComponent(raw);
    } catch {
      // Fall through to the tolerant decoder.
    }
  }
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const pct = raw.indexOf('%', i);
    if (pct < 0) {
      out += raw.slice(i);
      break;
    }
    out += raw.slice(i, pct);
    // Collect a run of escapes and decode it as UTF-8 bytes.
    const bytes: number[] = [];
    const starts: number[] = [];
    let j = pct;
    while (j < raw.length && raw[j] === '%' && HEX.test(raw.slice(j + 1, j + 3))) {
      const byte = parseInt(raw.slice(j + 1, j + 3), 16);
      if (keepSlash && (byte === 0x2f || byte === 0x25)) break;
      bytes.push(byte);
      starts.push(j);
      j += 3;
    }
    if (bytes.length === 0) {
      // A lone '%', a bad escape, or a kept %2F/%25.
      const keep = keepSlash && HEX.test(raw.slice(pct + 1, pct + 3)) ? 3 : 1;
      out += raw.slice(pct, pct + keep);
      i = pct + keep;
      continue;
    }
    out += decodeBytes(bytes, raw.slice(pct, j));
    i = j;
  }
  return out;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function decodeBytes(bytes: number[], original: string): string {
  try {
    return decoder.decode(Uint8Array.from(bytes));
  } catch {
    return original;
  }
}

/** Splits a request-target into path and query string (without '?'); drops a fragment. */
export function splitTarget(target: string): [path: string, query: string] {
  let end = target.indexOf('#');
  if (end < 0) end = target.length;
  const q = target.indexOf('?');
  if (q < 0 || q > end) return [target.slice(0, end), ''];
  return [target.slice(0, q), target.slice(q + 1, end)];
}

/** How many '/' `text` holds. */
export function countSlashes(text: string): number {
  let count = 0;
  for (let i = text.indexOf('/'); i >= 0; i = text.indexOf('/', i + 1)) count++;
  return count;
}
