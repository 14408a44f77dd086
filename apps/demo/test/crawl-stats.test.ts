import { describe, expect, it } from 'vitest';
import { CrawlStats, errorClassOf, percentile } from '../src/crawl-stats.js';

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    expect([percentile(values, 50), percentile(values, 90), percentile(values, 99)]).toEqual([
      50, 90, 99,
    ]);
  });

  it('returns the only value of a single sample', () => {
    expect(percentile([7], 99)).toBe(7);
  });
});

describe('errorClassOf', () => {
  it('adds the system code found along the cause chain', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const error = new Error('cannot connect', { cause });
    error.name = 'ClientConnectorError';
    expect(errorClassOf(error)).toBe('ClientConnectorError (ECONNREFUSED)');
  });
});

describe('CrawlStats', () => {
  it('counts responses by status in ascending order', () => {
    const stats = new CrawlStats();
    stats.recordResponse(404, 1);
    stats.recordResponse(200, 1);
    stats.recordResponse(200, 1);
    expect(stats.statuses()).toEqual([
      [200, 2],
      [404, 1],
    ]);
  });

  it('counts errors by class, most frequent first', () => {
    const stats = new CrawlStats();
    stats.recordError(new TypeError('a'));
    stats.recordError(new RangeError('b'));
    stats.recordError(new RangeError('c'));
    expect(stats.errors()).toEqual([
      ['RangeError', 2],
      ['TypeError', 1],
    ]);
  });

  it('reports the rate, counts and latency percentiles', () => {
    const stats = new CrawlStats();
    for (let ms = 1; ms <= 10; ms++) stats.recordResponse(200, ms);
    stats.recordError(new TypeError('x'));
    expect(stats.report(500)).toEqual([
      'done: 11 requests in 0.50 s, 22 req/s',
      'status 200: 10',
      'error TypeError: 1',
      'latency: p50 5.0 ms, p90 9.0 ms, p99 10.0 ms, max 10.0 ms',
    ]);
  });

  it('says so when no response arrived', () => {
    const stats = new CrawlStats();
    stats.recordError(new TypeError('x'));
    expect(stats.report(10).at(-1)).toBe('latency: no responses');
  });
});
