/**
 * What the seed notes (000_0a56c6d98a02e52e.txt) show Python printing, copied verbatim
 * (minus the notes' inline `# comments`), and the rule that turns it into what aio prints.
 */

/**
 * Python's output as aio prints it: `None` is `undefined`, and a list is printed the way
 * `console.log` prints an array (`[None, None]` becomes `[ undefined, undefined ]`).
 */
export function fromPython(lines: readonly string[]): string[] {
  return lines.map((line) =>
    line.replace(/\bNone\b/g, 'undefined').replace(/^\[(.+)\]$/, '[ $1 ]'),
  );
}

/** `asyncio.run(main())` where main prints hello. */
export const HELLO = ['hello'];

/** `result = await test(); print(result)`. */
export const AWAIT = ['0'];

/** gather of test('A', 3), test('B', 3) without `await asyncio.sleep(0)`. */
export const GATHER_NO_YIELD = ['A 0', 'A 1', 'A 2', 'B 0', 'B 1', 'B 2', '[None, None]'];

/** gather of test('A', 3), test('B', 3) with `await asyncio.sleep(0)` after each print. */
export const GATHER = ['A 0', 'B 0', 'A 1', 'B 1', 'A 2', 'B 2', '[None, None]'];

/** Five coroutines under `asyncio.Semaphore(3)`, the REPL printing main's return value. */
export const SEMAPHORE = [
  'hello',
  'hello',
  'hello',
  'world',
  'world',
  'world',
  'hello',
  'hello',
  'world',
  'world',
  '[None, None, None, None, None]',
];

/**
 * The aiohttp client example: three concurrent GETs, each printing status and body. The
 * body here is what the demo's echo server answers for `/` (the seed fetched baidu.com).
 */
export const FETCH_ECHO = [
  '200',
  'location /',
  '200',
  'location /',
  '200',
  'location /',
  '[None, None, None]',
];
