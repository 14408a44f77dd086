import { describe, expect, it } from 'vitest';
import { collectLines, createPrinter } from '../src/output.js';

describe('createPrinter', () => {
  it('writes its arguments separated by spaces, then a newline', () => {
    const chunks: string[] = [];
    const print = createPrinter({ write: (text: string) => chunks.push(text) });
    print('A', 0);
    expect(chunks).toEqual(['A 0\n']);
  });

  it('writes an array of undefined as console.log does, without colours', () => {
    const chunks: string[] = [];
    const print = createPrinter({ write: (text: string) => chunks.push(text) });
    print([undefined, undefined]);
    expect(chunks).toEqual(['[ undefined, undefined ]\n']);
  });
});

describe('collectLines', () => {
  it('keeps one string per call', () => {
    const { print, lines } = collectLines();
    print('hello');
    print(200);
    expect(lines).toEqual(['hello', '200']);
  });
});
