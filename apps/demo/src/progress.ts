/**
 * How the crawl shows its progress on stderr: a cli-progress bar on a terminal, plain
 * periodic lines otherwise (a pipe, a CI log, a test).
 */
import { Presets, SingleBar } from 'cli-progress';
import type { OutputStream } from './command.js';

/** A snapshot of the crawl for the progress display. */
export interface ProgressSnapshot {
  /** Requests that ended (response or error). */
  done: number;
  /** Requests the crawl makes in all. */
  total: number;
  /** Requests that ended with an error. */
  failed: number;
  /** Requests per second over the last interval. */
  rate: number;
}

/** Shows a crawl's progress. */
export interface ProgressReporter {
  /** How often the crawl calls `update`, in ms. */
  readonly intervalMs: number;
  /** Shows the latest numbers. */
  update(snapshot: ProgressSnapshot): void;
  /** Shows the final numbers and releases the terminal. */
  stop(snapshot: ProgressSnapshot): void;
}

/** A cli-progress bar: `[████░░░░] 45% | 4500/10000 | 5231 req/s | 0 errors`. */
function barReporter(stream: OutputStream, total: number): ProgressReporter {
  const bar = new SingleBar(
    {
      stream: stream as NodeJS.WritableStream,
      format: ' {bar} {percentage}% | {value}/{total} | {rate} req/s | {failed} errors',
      hideCursor: true,
      clearOnComplete: false,
      fps: 10,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0, { rate: 0, failed: 0 });
  return {
    intervalMs: 100,
    update: ({ done, rate, failed }) => bar.update(done, { rate, failed }),
    stop: ({ done, rate, failed }) => {
      bar.update(done, { rate, failed });
      bar.stop();
    },
  };
}

/** One line per interval: `crawl: 4500/10000 (45%), 5231 req/s, 0 errors`. */
function lineReporter(stream: OutputStream, intervalMs: number): ProgressReporter {
  const line = ({ done, total, rate, failed }: ProgressSnapshot): string => {
    const percent = total === 0 ? 100 : Math.floor((done * 100) / total);
    return `crawl: ${done}/${total} (${percent}%), ${rate} req/s, ${failed} errors\n`;
  };
  return {
    intervalMs,
    update: (snapshot) => void stream.write(line(snapshot)),
    stop: (snapshot) => void stream.write(line(snapshot)),
  };
}

/** Options for {@link createProgress}. */
export interface ProgressOptions {
  /** Where progress goes (stderr in the CLI). */
  stream: OutputStream;
  /** How many requests the crawl makes. */
  total: number;
  /** Force the bar (true) or plain lines (false); default: bar when `stream.isTTY`. */
  bar?: boolean;
  /** Period of the plain lines, in ms (default 1000). */
  intervalMs?: number;
}

/**
 * Picks the progress display for `stream`.
 *
 * @param options the stream, the total, and overrides
 * @returns a reporter the crawl updates every `intervalMs`
 */
export function createProgress(options: ProgressOptions): ProgressReporter {
  const useBar = options.bar ?? options.stream.isTTY === true;
  return useBar
    ? barReporter(options.stream, options.total)
    : lineReporter(options.stream, options.intervalMs ?? 1000);
}
