/**
 * The fast path of the pattern matcher, for the common shape of pattern: literal text and
 * `{name}` parameters that each run to the end of their segment, optionally ending with a
 * `{name:.*}` catch-all, e.g. `/users/{id}`, `/v1/user-{id}/items/{item}`, `/files/{tail:.*}`.
 *
 * Design note. For such a pattern the compiled RegExp has no choice to make: `[^{}/]+` cannot
 * take a `/`, and what follows it is a `/` or the end of the path, so the parameter is exactly
 * the rest of its segment and must not be empty or hold a brace; a final `.*` (dotAll) is
 * exactly the rest of the path. Walking the path with character compares gives the same
 * answer as the RegExp. The walk is not faster per character (irregexp compares literal text
 * faster than a charCodeAt loop does); it wins by what it skips: the `exec` call and its
 * match array, and the characters the router already knows to be the pattern's (`known`: the
 * index key it found the pattern under). Nothing is allocated until the path is known to
 * match. Any other shape (a `{name:regex}` other than a final `.*`, text after a parameter in
 * its segment as in `{id}.json`, two parameters in a row) keeps the RegExp: there greedy
 * matching and backtracking decide the values. test/route-matcher.test.ts checks that both
 * agree on random patterns and paths.
 */
import { percentDecode } from './path.js';
import type { PatternPart } from './route-matcher.js';

/** How to walk a pattern of the fast shape. */
export interface SegmentPlan {
  /**
   * The literal text before each parameter, then the text after the last one (possibly
   * empty): `/a/{x}/b/{y}` is `['/a/', '/b/', '']`. Parameter `i` follows `literals[i]`.
   */
  readonly literals: readonly string[];
  /** Whether the last parameter is a `{name:.*}` catch-all (the rest of the path). */
  readonly restTail: boolean;
}

/** The plan for `parts`, or undefined when the pattern needs its RegExp. */
export function planSegments(parts: readonly PatternPart[]): SegmentPlan | undefined {
  const literals: string[] = [];
  let pending = '';
  let restTail = false;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as PatternPart;
    if (typeof part === 'string') {
      pending = part;
      continue;
    }
    const next = parts[i + 1];
    if (part.regex === '.*' && next === undefined) restTail = true;
    else if (part.regex !== undefined) return undefined;
    // `{name}` must be followed by the end of the pattern or by a new segment.
    else if (next !== undefined && (typeof next !== 'string' || !next.startsWith('/')))
      return undefined;
    literals.push(pending);
    pending = '';
  }
  literals.push(pending);
  return { literals, restTail };
}

/**
 * Start and end of each parameter of the last successful walk (two slots per parameter).
 * Shared: a walk runs to completion without calling out, so it never nests.
 */
let bounds = new Int32Array(16);

/** Makes room for a pattern with `count` parameters (called when a pattern is compiled). */
export function reserveParams(count: number): void {
  if (bounds.length < 2 * count) bounds = new Int32Array(2 * count);
}

const SLASH = 0x2f;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const PERCENT = 0x25;

/**
 * Matches `safePath` against a pattern of the fast shape (same answer as its RegExp).
 *
 * @param known how many leading characters of `safePath` are already known to be the
 *   pattern's first literal text (the router found the path under the pattern's index key,
 *   a prefix of that text); they are not compared again. 0 when nothing is known.
 * @returns the decoded parameters (a null-prototype object), or undefined when it does not match
 */
export function matchSegments(
  plan: SegmentPlan,
  names: readonly string[],
  safePath: string,
  known: number,
): Record<string, string> | undefined {
  const { literals } = plan;
  const count = names.length;
  const length = safePath.length;
  let pos = 0;
  let skip = known;
  // Whether a value holds a '%' (seen in passing, so values without one skip percentDecode).
  let escaped = false;
  for (let i = 0; i < count; i++) {
    const literal = literals[i] as string;
    if (!literalAt(safePath, pos, literal, skip)) return undefined;
    skip = 0;
    pos += literal.length;
    bounds[2 * i] = pos;
    if (plan.restTail && i === count - 1) {
      // `{name:.*}` with dotAll: any rest, even empty.
      escaped ||= safePath.includes('%', pos);
      pos = length;
    } else {
      const start = pos;
      for (; pos < length; pos++) {
        const code = safePath.charCodeAt(pos);
        if (code === SLASH) break;
        if (code === OPEN_BRACE || code === CLOSE_BRACE) return undefined;
        if (code === PERCENT) escaped = true;
      }
      if (pos === start) return undefined;
    }
    bounds[2 * i + 1] = pos;
  }
  const last = literals[count] as string;
  if (length - pos !== last.length || !literalAt(safePath, pos, last, 0)) return undefined;
  const params = Object.create(null) as Record<string, string>;
  for (let i = 0; i < count; i++) {
    const value = safePath.slice(bounds[2 * i], bounds[2 * i + 1]);
    params[names[i] as string] = escaped ? percentDecode(value) : value;
  }
  return params;
}

/**
 * Whether `literal` is at `pos` in `text`, comparing from its character `from` on. A loop of
 * charCodeAt: `startsWith(literal, pos)` costs more in V8 for the short literals of routes.
 */
function literalAt(text: string, pos: number, literal: string, from: number): boolean {
  const n = literal.length;
  if (pos + n > text.length) return false;
  for (let i = from; i < n; i++)
    if (text.charCodeAt(pos + i) !== literal.charCodeAt(i)) return false;
  return true;
}
