/**
 * Bookkeeping for failures nobody retrieved ("Task exception was never retrieved").
 *
 * Design note: asyncio reports an unretrieved exception from the future's `__del__`. JS has
 * no deterministic destructor, so a failed future is recorded here when it fails and
 * forgotten when anyone looks at its outcome (`result()`, `exception()`, `yield*`, `then`).
 * A record still present is reported once: when its future is garbage-collected (through a
 * FinalizationRegistry, for long-running loops) or when the loop closes, whichever comes
 * first. The set holds records, never futures, so it does not keep failed futures alive.
 */

/** One unretrieved failure; `describe` names the future or task for the report. */
export class FailureRecord {
  constructor(
    readonly error: unknown,
    /** Names the failed future or task, computed when it failed (it must not reference it). */
    readonly describe: string,
    readonly creationSite: string | undefined,
  ) {}
}

export type ReportFailure = (record: FailureRecord) => void;

export class UnretrievedFailures {
  #records = new Set<FailureRecord>();
  #registry: FinalizationRegistry<FailureRecord>;
  #report: ReportFailure;

  constructor(report: ReportFailure) {
    this.#report = report;
    this.#registry = new FinalizationRegistry((record) => this.#flushOne(record));
  }

  /** Starts tracking a failure of `owner`; returns the record to pass to {@link retrieve}. */
  track(owner: object, record: FailureRecord): FailureRecord {
    this.#records.add(record);
    this.#registry.register(owner, record, record);
    return record;
  }

  /** The failure was looked at: it will never be reported. */
  retrieve(record: FailureRecord): void {
    if (this.#records.delete(record)) this.#registry.unregister(record);
  }

  /** Reports every failure still unretrieved (the loop is closing). */
  flush(): void {
    for (const record of [...this.#records]) {
      this.#registry.unregister(record);
      this.#flushOne(record);
    }
  }

  #flushOne(record: FailureRecord): void {
    if (this.#records.delete(record)) this.#report(record);
  }
}
