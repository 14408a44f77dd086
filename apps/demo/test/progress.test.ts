import { describe, expect, it } from 'vitest';
import { createProgress } from '../src/progress.js';

function sink(isTTY: boolean): {
  write: (text: string) => boolean;
  isTTY: boolean;
  text: string[];
} {
  const text: string[] = [];
  return { write: (chunk: string) => text.push(chunk) > 0, isTTY, text };
}

describe('createProgress', () => {
  it('writes one plain line per update when the stream is not a terminal', () => {
    const stream = sink(false);
    const progress = createProgress({ stream, total: 200 });
    progress.update({ done: 50, total: 200, failed: 1, rate: 400 });
    expect(stream.text).toEqual(['crawl: 50/200 (25%), 400 req/s, 1 errors\n']);
  });

  it('updates once a second by default in plain mode', () => {
    expect(createProgress({ stream: sink(false), total: 1 }).intervalMs).toBe(1000);
  });

  it('draws a bar on a terminal', () => {
    const stream = sink(true);
    const progress = createProgress({ stream, total: 10 });
    progress.stop({ done: 10, total: 10, failed: 0, rate: 99 });
    expect(stream.text.join('')).toContain('10/10 | 99 req/s | 0 errors');
  });
});
