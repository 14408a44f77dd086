/**
 * The router's lookup inside one index key: each resource is kept with the bounds on the
 * number of '/' of the paths it can match, so the walk skips the ones that cannot match
 * without running them (see Router.resolve for the walk over the keys).
 */
import { Resource, resolveKnown, type AbstractResource } from '../resource.js';
import type { Resolution } from '../router.js';
import type { IndexEntry } from './prefix-index.js';
import { NO_SLASH_LIMIT } from './route-matcher.js';

/** A resource in the index, with what the router knows about the paths it can match. */
export interface Candidate {
  readonly resource: AbstractResource;
  /** The same resource when it is a {@link Resource} (matched with what the lookup knows). */
  readonly pattern: Resource | undefined;
  /** Bounds on the number of '/' in a path it can match (see CompiledPattern.minSlashes). */
  readonly minSlashes: number;
  readonly maxSlashes: number;
}

export function candidateOf(resource: AbstractResource): Candidate {
  if (!(resource instanceof Resource))
    return { resource, pattern: undefined, minSlashes: 0, maxSlashes: NO_SLASH_LIMIT };
  const { minSlashes, maxSlashes } = resource.compiled;
  return { resource, pattern: resource, minSlashes, maxSlashes };
}

/**
 * Tries the resources of one index key in registration order, for a path that has `slashes`
 * '/' and whose first `known` characters are the key.
 */
export function tryBucket(
  entry: IndexEntry<Candidate>,
  method: string,
  safePath: string,
  allowed: Set<string>,
  slashes: number,
  known: number,
): Resolution | undefined {
  const candidates = entry.values;
  for (let i = 0; i < candidates.length; i++) {
    const candidate = candidates[i] as Candidate;
    // A pattern that cannot match is skipped unrun.
    if (slashes < candidate.minSlashes || slashes > candidate.maxSlashes) continue;
    const found =
      candidate.pattern !== undefined
        ? resolveKnown(candidate.pattern, method, safePath, allowed, known)
        : candidate.resource.resolve(method, safePath, allowed);
    if (found !== undefined) return found;
  }
  return undefined;
}
