/**
 * The access log in aiohttp's format language (`AccessLogger`): `%a` remote address,
 * `%t` time, `%P` pid, `%r` request line, `%s` status, `%b` body bytes, `%T` seconds,
 * `%Tf` seconds with fraction, `%D` microseconds, `%{Name}i` request header,
 * `%{Name}o` response header (not available: `-`).
 */

/** aiohttp's default access log format. */
export const DEFAULT_ACCESS_LOG_FORMAT = '%a %t "%r" %s %b "%{Referer}i" "%{User-Agent}i"';

/** What one access-log line is made from. */
export interface AccessLogRecord {
  remote: string | undefined;
  method: string;
  target: string;
  version: string;
  status: number;
  bytes: number;
  startMs: number;
  durationMs: number;
  requestHeader(name: string): string | undefined;
}

type Piece = (record: AccessLogRecord) => string;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `[29/Nov/2026:14:39:30 +0000]`, local time as aiohttp prints it. */
export function formatLogTime(ms: number): string {
  const d = new Date(ms);
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `[${pad(d.getDate())}/${MONTHS[d.getMonth()]}/${d.getFullYear()}:${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}]`;
}

/**
 * Formats access-log lines.
 *
 * @example
 * ```ts
 * const logger = new AccessLogger('%a "%r" %s', (line) => console.error(line));
 * ```
 */
export class AccessLogger {
  readonly #pieces: Piece[];
  readonly #write: (line: string) => void;

  /**
   * @param format an aiohttp access-log format (default {@link DEFAULT_ACCESS_LOG_FORMAT})
   * @param write where lines go (default: stderr, as aiohttp's logging handler)
   */
  constructor(format: string = DEFAULT_ACCESS_LOG_FORMAT, write?: (line: string) => void) {
    this.#pieces = compile(format);
    this.#write = write ?? ((line) => process.stderr.write(`${line}\n`));
  }

  /** Formats one line. */
  format(record: AccessLogRecord): string {
    let out = '';
    for (const piece of this.#pieces) out += piece(record);
    return out;
  }

  /** Formats and writes one line. */
  log(record: AccessLogRecord): void {
    this.#write(this.format(record));
  }
}

function compile(format: string): Piece[] {
  const pieces: Piece[] = [];
  const re = /%(?:\{([^}]*)\}([io])|(Tf|[atPrsbTD%]))/g;
  let last = 0;
  for (const match of format.matchAll(re)) {
    const literal = format.slice(last, match.index);
    if (literal !== '') pieces.push(() => literal);
    last = match.index + match[0].length;
    const header = match[1];
    if (header !== undefined) {
      pieces.push(match[2] === 'i' ? (r) => r.requestHeader(header) ?? '-' : () => '-');
      continue;
    }
    switch (match[3]) {
      case 'a':
        pieces.push((r) => r.remote ?? '-');
        break;
      case 't':
        pieces.push((r) => formatLogTime(r.startMs));
        break;
      case 'P':
        pieces.push(() => `<${process.pid}>`);
        break;
      case 'r':
        pieces.push((r) => `${r.method} ${r.target} HTTP/${r.version}`);
        break;
      case 's':
        pieces.push((r) => String(r.status));
        break;
      case 'b':
        pieces.push((r) => String(r.bytes));
        break;
      case 'T':
        pieces.push((r) => String(Math.round(r.durationMs / 1000)));
        break;
      case 'Tf':
        pieces.push((r) => (r.durationMs / 1000).toFixed(6));
        break;
      case 'D':
        pieces.push((r) => String(Math.round(r.durationMs * 1000)));
        break;
      default:
        pieces.push(() => '%');
    }
  }
  const tail = format.slice(last);
  if (tail !== '') pieces.push(() => tail);
  return pieces;
}
