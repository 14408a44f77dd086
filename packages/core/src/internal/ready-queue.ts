/**
 * The scheduler's FIFO of `(callback, argument)` pairs.
 *
 * Design note: a ring buffer over one flat array, two slots per entry, capacity a power of
 * two. Nothing is allocated per entry, and the buffer keeps its capacity between rounds (a
 * plain array emptied with `length = 0` drops its backing store and regrows every round).
 */
export class ReadyQueue {
  #slots: unknown[] = new Array<unknown>(256);
  #mask = 255;
  #head = 0;
  #tail = 0;
  #size = 0;

  /** Entries waiting to run. */
  get size(): number {
    return this.#size;
  }

  push(fn: (arg: never) => void, arg: unknown): void {
    if (this.#size * 2 > this.#mask) this.#grow();
    const tail = this.#tail;
    this.#slots[tail] = fn;
    this.#slots[tail + 1] = arg;
    this.#tail = (tail + 2) & this.#mask;
    this.#size++;
  }

  /**
   * Runs up to `count` entries in FIFO order through `invoke`; entries pushed meanwhile wait.
   * The queue's state is consistent before each call, so a callback may push.
   */
  drain(count: number, invoke: (fn: (arg: unknown) => void, arg: unknown) => void): void {
    for (let i = 0; i < count && this.#size > 0; i++) {
      const slots = this.#slots;
      const head = this.#head;
      const fn = slots[head] as (arg: unknown) => void;
      const arg = slots[head + 1];
      slots[head] = slots[head + 1] = undefined;
      this.#head = (head + 2) & this.#mask;
      this.#size--;
      invoke(fn, arg);
    }
  }

  clear(): void {
    this.#slots = new Array<unknown>(256);
    this.#mask = 255;
    this.#head = this.#tail = this.#size = 0;
  }

  #grow(): void {
    const old = this.#slots;
    const capacity = old.length * 2;
    const slots = new Array<unknown>(capacity);
    for (let i = 0, at = this.#head; i < this.#size * 2; i++, at = (at + 1) & this.#mask) {
      slots[i] = old[at];
    }
    this.#slots = slots;
    this.#mask = capacity - 1;
    this.#head = 0;
    this.#tail = this.#size * 2;
  }
}
