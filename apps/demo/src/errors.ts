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
