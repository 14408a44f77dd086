/**
 * The aiohttp route-pattern compiler and matcher.
 *
 * Design note. A pattern is a path with parameters: `{name}` (one segment: `[^{}/]+`),
 * `{name:regex}` (any regular expression, one level of `{}` allowed inside, so `\d{1,3}`
 * works) and the catch-all idiom `{tail:.*}`. A pattern without parameters is "plain" and
 * matched by string equality; the others compile to one anchored RegExp with named groups.
 * Matching runs on the router's view of the path: percent-decoded except `%2F` and `%25`,
 * so an encoded slash never creates a segment; captured values are then fully decoded.
 * This is aiohttp's `path_safe` scheme (web_urldispatcher.py). Patterns of the common shape
 * (`{name}` parameters ending their segment, an optional final `{name:.*}`) are matched
 * without their RegExp, by segment-matcher.ts, with the same results.
 */
import { RouteDefinitionError } from '../errors.js';
import { countSlashes, percentDecode } from './path.js';
import { matchSegments, planSegments, reserveParams, type SegmentPlan } from './segment-matcher.js';

/** One piece of a compiled pattern: literal text or a parameter. */
export type PatternPart = string | { readonly name: string; readonly regex: string | undefined };

/** A compiled route pattern. */
export interface CompiledPattern {
  /** The pattern as written. */
  readonly pattern: string;
  /** Literal text and parameters, in order. */
  readonly parts: readonly PatternPart[];
  /** Parameter names, in order. */
  readonly names: readonly string[];
  /** The capture-group index of each parameter (a user regex may hold groups of its own). */
  readonly groups: readonly number[];
  /** The anchored matcher (undefined for plain patterns). */
  readonly regex: RegExp | undefined;
  /** The RegExp-free walk, for patterns of the common shape (else undefined). */
  readonly segments: SegmentPlan | undefined;
  /** The router index key: the literal prefix up to its last `/` (or the whole plain path). */
  readonly indexKey: string;
  /**
   * Bounds on the number of `/` in a path that matches: at least those of the literal text,
   * and exactly those when every parameter is a plain `{name}`, which cannot take a `/`
   * (else {@link NO_SLASH_LIMIT}). The router skips a pattern whose bounds exclude the path
   * without running its RegExp.
   */
  readonly minSlashes: number;
  readonly maxSlashes: number;
}

/** `maxSlashes` of a pattern with a parameter that may take a `/`. */
export const NO_SLASH_LIMIT = 0x3fffffff;

const PARAM = /\{([_a-zA-Z][_a-zA-Z0-9]*)(?::((?:[^{}]|\{[^{}]*\})*))?\}/g;
const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*$/;
const SEGMENT = '[^{}/]+';

/**
 * Compiles an aiohttp route pattern.
 *
 * @throws RouteDefinitionError for a path not starting with `/`, a stray brace, a bad or
 *   duplicate parameter name, or an invalid regular expression
 */
export function compilePattern(pattern: string): CompiledPattern {
  if (typeof pattern !== 'string' || (pattern !== '' && !pattern.startsWith('/'))) {
    throw new RouteDefinitionError(`path must start with "/", got ${JSON.stringify(pattern)}`);
  }
  const parts: PatternPart[] = [];
  const names: string[] = [];
  const groups: number[] = [];
  let group = 1;
  let source = '';
  let last = 0;
  for (const match of pattern.matchAll(PARAM)) {
    const literal = pattern.slice(last, match.index);
    checkLiteral(pattern, literal);
    if (literal !== '') parts.push(literal);
    const name = asPropertyKey(match[1] as string);
    if (!NAME.test(name) || names.includes(name)) {
      throw new RouteDefinitionError(`duplicate or invalid parameter ${name} in ${pattern}`);
    }
    const regex = match[2];
    if (regex !== undefined && regex === '') {
      throw new RouteDefinitionError(`empty regex for parameter ${name} in ${pattern}`);
    }
    names.push(name);
    parts.push({ name, regex });
    groups.push(group);
    group += 1 + innerGroups(pattern, regex);
    // Positional groups: V8 matches them faster than named ones.
    source += escapeRegex(literal) + `(${regex ?? SEGMENT})`;
    last = match.index + match[0].length;
  }
  const tail = pattern.slice(last);
  checkLiteral(pattern, tail);
  if (tail !== '') parts.push(tail);
  let minSlashes = 0;
  let anySlashes = false;
  for (const part of parts) {
    if (typeof part === 'string') minSlashes += countSlashes(part);
    else if (part.regex !== undefined) anySlashes = true;
  }
  const maxSlashes = anySlashes ? NO_SLASH_LIMIT : minSlashes;
  if (names.length === 0) {
    return {
      pattern,
      parts,
      names,
      groups,
      regex: undefined,
      segments: undefined,
      indexKey: pattern,
      minSlashes,
      maxSlashes,
    };
  }
  source += escapeRegex(tail);
  let regex: RegExp;
  try {
    // dotAll: a decoded path may hold line terminators (%0A, %E2%80%A8), and `.*` must take them.
    regex = new RegExp(`^(?:${source})$`, 's');
  } catch (error) {
    throw new RouteDefinitionError(`bad regex in route ${pattern}`, { cause: error });
  }
  const literalPrefix = typeof parts[0] === 'string' ? parts[0] : '';
  const slash = literalPrefix.lastIndexOf('/');
  const segments = planSegments(parts);
  if (segments !== undefined) reserveParams(names.length);
  return {
    pattern,
    parts,
    names,
    groups,
    regex,
    segments,
    indexKey: slash <= 0 ? '/' : literalPrefix.slice(0, slash),
    minSlashes,
    maxSlashes,
  };
}

/**
 * `name` as V8 keeps property keys (an internalized string). A name cut out of the pattern
 * by a regex is an ordinary heap string, and storing each request's `matchInfo` under it
 * was slow: measured ~1.5 us per `/{uri}` lookup in the router, ~0.25 us with the key
 * internalized once here.
 */
function asPropertyKey(name: string): string {
  return Object.keys({ [name]: true })[0] as string;
}

/** The number of capturing groups inside a parameter's regex. */
function innerGroups(pattern: string, regex: string | undefined): number {
  if (regex === undefined) return 0;
  try {
    return (new RegExp(`(?:${regex})|`).exec('') as RegExpExecArray).length - 1;
  } catch (error) {
    throw new RouteDefinitionError(`bad regex in route ${pattern}`, { cause: error });
  }
}

function checkLiteral(pattern: string, literal: string): void {
  if (literal.includes('{') || literal.includes('}')) {
    throw new RouteDefinitionError(`invalid braces in route ${JSON.stringify(pattern)}`);
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Matches `safePath` (the router's view: decoded except %2F and %25) against `compiled`.
 *
 * @param known how many leading characters of `safePath` are known to equal the pattern's
 *   (the router passes the length of the index key it found the pattern under), or 0; only
 *   the RegExp-free walk uses it
 * @returns the decoded parameters (a null-prototype object), or undefined when it does not match
 */
export function matchPattern(
  compiled: CompiledPattern,
  safePath: string,
  known = 0,
): Record<string, string> | undefined {
  const regex = compiled.regex;
  if (regex === undefined) return compiled.pattern === safePath ? EMPTY_PARAMS : undefined;
  const segments = compiled.segments;
  if (segments !== undefined) return matchSegments(segments, compiled.names, safePath, known);
  const match = regex.exec(safePath);
  if (match === null) return undefined;
  const params = Object.create(null) as Record<string, string>;
  const { names, groups } = compiled;
  for (let i = 0; i < names.length; i++) {
    params[names[i] as string] = percentDecode(match[groups[i] as number] ?? '');
  }
  return params;
}

const EMPTY_PARAMS = Object.freeze(Object.create(null) as Record<string, string>);

// pchar = unreserved / pct-encoded / sub-delims / ":" / "@" (RFC 3986); '/' only in regex params.
const KEEP = /[A-Za-z0-9\-._~!$&'()*+,;=:@]/;

/** Percent-encodes a parameter value for a path (UTF-8); `/` kept only when `keepSlash`. */
export function encodeParam(value: string, keepSlash: boolean): string {
  let out = '';
  for (const char of value) {
    if (KEEP.test(char) || (keepSlash && char === '/')) out += char;
    else
      for (const byte of Buffer.from(char, 'utf8'))
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * Builds a path from a pattern and parameter values (aiohttp's `url_for`).
 *
 * @throws RouteDefinitionError when a parameter is missing or an unknown one is given
 */
export function buildPath(
  compiled: CompiledPattern,
  params: Readonly<Record<string, string>> = {},
): string {
  for (const key of Object.keys(params)) {
    if (!compiled.names.includes(key)) {
      throw new RouteDefinitionError(`route ${compiled.pattern} has no parameter ${key}`);
    }
  }
  let out = '';
  for (const part of compiled.parts) {
    if (typeof part === 'string') {
      out += encodeLiteral(part);
      continue;
    }
    const value = Object.prototype.hasOwnProperty.call(params, part.name)
      ? params[part.name]
      : undefined;
    if (value === undefined) {
      throw new RouteDefinitionError(
        `missing parameter ${part.name} for route ${compiled.pattern}`,
      );
    }
    out += encodeParam(value, part.regex !== undefined);
  }
  return out;
}

function encodeLiteral(literal: string): string {
  let out = '';
  for (const char of literal) out += char === '/' || char === '%' ? char : encodeParam(char, false);
  return out;
}
