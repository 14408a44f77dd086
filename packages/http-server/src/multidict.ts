/**
 * `MultiDict` and `CIMultiDict`: read-mostly maps where a key may hold several values, as
 * Python's `multidict` gives aiohttp (`request.query`, `request.headers`, `request.post()`).
 *
 * Keys live in a `Map`, never on a plain object, so `__proto__`, `constructor` or
 * `toString` are ordinary keys and nothing can reach `Object.prototype`.
 */

/**
 * A map from string keys to one or more values, keeping insertion order.
 *
 * @example
 * ```ts
 * const query = new MultiDict([['a', '1'], ['a', '2']]);
 * query.get('a');    // '1'
 * query.getAll('a'); // ['1', '2']
 * query.get('b');    // undefined
 * ```
 */
export class MultiDict<V = string> implements Iterable<[string, V]> {
  readonly #map = new Map<string, V[]>();
  #size = 0;

  /** @param entries initial `[key, value]` pairs, in order */
  constructor(entries?: Iterable<readonly [string, V]>) {
    if (entries !== undefined) for (const [key, value] of entries) this.append(key, value);
  }

  /** Normalises a key (identity here; lower-case in {@link CIMultiDict}). */
  protected normalize(key: string): string {
    return key;
  }

  /** The number of `[key, value]` pairs. */
  get size(): number {
    return this.#size;
  }

  /**
   * The first value of `key`, or undefined when the key is absent.
   *
   * @param key the key
   */
  get(key: string): V | undefined;
  /**
   * The first value of `key`, or `fallback` when the key is absent.
   *
   * @param key the key
   * @param fallback returned when the key is absent
   */
  get<D>(key: string, fallback: D): V | D;
  get<D>(key: string, fallback?: D): V | D | undefined {
    const values = this.#map.get(this.normalize(key));
    return values === undefined ? fallback : values[0];
  }

  /**
   * Every value of `key`, in order (an empty array when absent).
   *
   * @param key the key
   */
  getAll(key: string): V[] {
    const values = this.#map.get(this.normalize(key));
    return values === undefined ? [] : values.slice();
  }

  /** Whether `key` has at least one value. */
  has(key: string): boolean {
    return this.#map.has(this.normalize(key));
  }

  /** Adds a value to `key`, after its existing ones. */
  append(key: string, value: V): void {
    const normalized = this.normalize(key);
    const values = this.#map.get(normalized);
    if (values === undefined) this.#map.set(normalized, [value]);
    else values.push(value);
    this.#size++;
  }

  /** Replaces every value of `key` with `value`. */
  set(key: string, value: V): void {
    this.delete(key);
    this.append(key, value);
  }

  /** Removes every value of `key`; returns whether there was one. */
  delete(key: string): boolean {
    const normalized = this.normalize(key);
    const values = this.#map.get(normalized);
    if (values === undefined) return false;
    this.#size -= values.length;
    return this.#map.delete(normalized);
  }

  /** The distinct keys, in first-insertion order. */
  keys(): IterableIterator<string> {
    return this.#map.keys();
  }

  /** Every `[key, value]` pair (a key with two values appears twice). */
  *entries(): IterableIterator<[string, V]> {
    for (const [key, values] of this.#map) for (const value of values) yield [key, value];
  }

  /** Same as {@link MultiDict.entries}. */
  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }

  /** A plain null-prototype object holding the first value of each key. */
  toObject(): Record<string, V> {
    const object = Object.create(null) as Record<string, V>;
    for (const [key, values] of this.#map) object[key] = values[0] as V;
    return object;
  }
}

/**
 * A {@link MultiDict} whose keys are case-insensitive (stored lower-case): HTTP headers.
 *
 * @example
 * ```ts
 * const headers = new CIMultiDict([['Content-Type', 'text/html']]);
 * headers.get('content-type'); // 'text/html'
 * ```
 */
export class CIMultiDict<V = string> extends MultiDict<V> {
  protected override normalize(key: string): string {
    return key.toLowerCase();
  }
}
