import { describe, expect, it } from 'vitest';
import { TimerHeap, type TimerEntry } from '../src/internal/timer-heap.js';

function entry(when: number, seq: number): TimerEntry {
  return { when, seq, cancelled: false };
}

function drain(heap: TimerHeap<TimerEntry>, now: number): number[] {
  const fired: number[] = [];
  for (let due = heap.popDue(now); due !== undefined; due = heap.popDue(now)) fired.push(due.seq);
  return fired;
}

describe('TimerHeap', () => {
  it('pops due entries by deadline, equal deadlines first in first out', () => {
    const heap = new TimerHeap<TimerEntry>();
    [30, 10, 20, 10, 30].forEach((when, seq) => heap.push(entry(when, seq)));
    expect(drain(heap, 25)).toEqual([1, 3, 2]);
    expect(heap.size).toBe(2);
    expect(drain(heap, 30)).toEqual([0, 4]);
  });

  it('skips cancelled entries, also after a burst of cancellations is swept', () => {
    const heap = new TimerHeap<TimerEntry>();
    const entries = Array.from({ length: 1_000 }, (_, seq) => entry(1_000 - seq, seq));
    for (const timer of entries) heap.push(timer);
    for (const timer of entries) {
      if (timer.seq % 100 !== 0) {
        timer.cancelled = true;
        heap.noteCancelled();
      }
    }
    expect(heap.size).toBe(10);
    expect(heap.peek()?.seq).toBe(900);
    expect(drain(heap, Infinity)).toEqual([900, 800, 700, 600, 500, 400, 300, 200, 100, 0]);
    expect(heap.peek()).toBeUndefined();
  });
});
