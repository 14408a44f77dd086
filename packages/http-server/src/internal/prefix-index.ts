/**
 * The router's index: lists of resources under string keys (their literal prefixes), probed
 * with prefixes of a request path.
 *
 * Design note. A lookup probes the full path, then the path cut before each `/`, right to
 * left, then `/` (see Router.resolve). The full path is a plain `Map` lookup. A prefix,
 * looked up in a `Map`, first has to be cut out (`slice`, a new string) and hashed, about
 * 25 ns on the bench machine, and most prefixes probed are no key at all. So the keys are
 * also in a small hash table of their own, hashed on what can be read from the path in
 * place: the prefix length and three of its characters. A probe whose slot is empty is over
 * at once; otherwise each key in the slot is compared with the path (`startsWith`). The hash
 * only picks the slot and equality decides, so a collision costs time, never an answer.
 */
import { countSlashes } from './path.js';

/** A key and its list. */
export interface IndexEntry<T> {
  readonly key: string;
  /** The number of `/` in the key. */
  readonly slashes: number;
  readonly values: T[];
}

interface SlotEntry<T> {
  readonly entry: IndexEntry<T>;
  /** The next entry in the same slot. */
  readonly next: SlotEntry<T> | undefined;
}

/** A 32-bit hash of `text.slice(0, end)`, read in place. */
function hashPrefix(text: string, end: number): number {
  if (end === 0) return 0;
  // Every index read is inside the prefix: end - 1, end - 2 (when end >= 2), end >> 1 < end.
  let hash = Math.imul(end, 0x9e3779b1) ^ Math.imul(text.charCodeAt(end - 1), 0x85ebca6b);
  if (end >= 2) hash ^= Math.imul(text.charCodeAt(end - 2), 0xc2b2ae35);
  hash ^= Math.imul(text.charCodeAt(end >> 1), 0x27d4eb2f);
  return Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d);
}

/** Lists of values under string keys, probed with a path or a prefix of it. */
export class PrefixIndex<T> {
  readonly #exact = new Map<string, IndexEntry<T>>();
  /** 2^bits slots; the top `bits` bits of a key's hash pick its slot. */
  #bits = 4;
  #slots = emptySlots<T>(this.#bits);

  /** Appends `value` to the list under `key`. */
  add(key: string, value: T): void {
    const found = this.#exact.get(key);
    if (found !== undefined) {
      found.values.push(value);
      return;
    }
    const entry: IndexEntry<T> = { key, slashes: countSlashes(key), values: [value] };
    this.#exact.set(key, entry);
    // At most one key per two slots keeps the chains short.
    if (this.#exact.size * 2 > this.#slots.length) this.#grow();
    else this.#insert(entry);
  }

  /** The entry whose key is `path.slice(0, end)`, found without cutting the path. */
  at(path: string, end: number): IndexEntry<T> | undefined {
    if (end === path.length) return this.#exact.get(path);
    let slot = this.#slots[hashPrefix(path, end) >>> (32 - this.#bits)];
    while (slot !== undefined) {
      const key = slot.entry.key;
      if (key.length === end && path.startsWith(key)) return slot.entry;
      slot = slot.next;
    }
    return undefined;
  }

  #insert(entry: IndexEntry<T>): void {
    const slot = hashPrefix(entry.key, entry.key.length) >>> (32 - this.#bits);
    this.#slots[slot] = { entry, next: this.#slots[slot] };
  }

  #grow(): void {
    this.#bits += 1;
    this.#slots = emptySlots(this.#bits);
    for (const entry of this.#exact.values()) this.#insert(entry);
  }
}

function emptySlots<T>(bits: number): (SlotEntry<T> | undefined)[] {
  return new Array<SlotEntry<T> | undefined>(1 << bits).fill(undefined);
}
