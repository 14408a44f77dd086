/**
 * Every error class of the demo CLI.
 */

/**
 * A mistake on the command line: unknown command or option, a value that is not a number,
 * a malformed URL. The CLI prints its message and exits with code 2.
 */
export class UsageError extends Error {
  /** Stable code: `ERR_USAGE`. */
  readonly code = 'ERR_USAGE';
  override readonly name = 'UsageError';

  /**
   * @param message one sentence naming the argument and what was wrong with it
   * @param options `cause`, when wrapping a parser error
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * Some requests of a crawl failed. The crawl printed its report (counts by error class)
 * first; the CLI then exits with code 1.
 */
export class RequestsFailedError extends Error {
  /** Stable code: `ERR_REQUESTS_FAILED`. */
  readonly code = 'ERR_REQUESTS_FAILED';
  override readonly name = 'RequestsFailedError';
  /** How many requests failed. */
  readonly failed: number;
  /** How many requests were made. */
  readonly total: number;

  /**
   * @param failed how many requests failed
   * @param total how many requests were made
   */
  constructor(failed: number, total: number) {
    super(`${failed} of ${total} requests failed`);
    this.failed = failed;
    this.total = total;
  }
}
