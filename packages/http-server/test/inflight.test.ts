import { describe, expect, it } from 'vitest';
import type { Task } from '@aio/core';
import { InflightRequest, InflightRequests } from '../src/internal/inflight.js';
import type { NodeTransport } from '../src/internal/node-transport.js';

/** Entries only need identity here: the list never touches the task or transport. */
function entry(name: string): InflightRequest {
  return new InflightRequest({ name } as unknown as Task<void>, {} as NodeTransport);
}

const names = (list: InflightRequests) => list.toArray().map((e) => e.task.name);

describe('InflightRequests', () => {
  it('keeps arrival order and unlinks first, middle and last entries', () => {
    const list = new InflightRequests();
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(entry) as [
      InflightRequest,
      InflightRequest,
      InflightRequest,
      InflightRequest,
    ];
    for (const e of [a, b, c, d]) list.add(e);
    expect(names(list)).toEqual(['a', 'b', 'c', 'd']);
    list.remove(b);
    expect(names(list)).toEqual(['a', 'c', 'd']);
    list.remove(a);
    expect(names(list)).toEqual(['c', 'd']);
    list.remove(d);
    expect(names(list)).toEqual(['c']);
    expect(list.size).toBe(1);
    list.remove(c);
    expect(names(list)).toEqual([]);
    expect(list.size).toBe(0);
    // The emptied list links new entries from scratch.
    list.add(b);
    list.add(a);
    expect(names(list)).toEqual(['b', 'a']);
  });

  it('returns a snapshot that stays valid while entries are removed', () => {
    const list = new InflightRequests();
    const all = ['a', 'b', 'c'].map(entry);
    for (const e of all) list.add(e);
    const seen: string[] = [];
    for (const e of list.toArray()) {
      seen.push(e.task.name);
      list.remove(e);
    }
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(list.size).toBe(0);
  });
});
