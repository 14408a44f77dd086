import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  Application,
  Resource,
  StaticResource,
  SubAppResource,
  type AbstractResource,
  type Resolution,
} from '../src/index.js';
import { percentDecode } from '../src/internal/path.js';

// The seed is fixed so the suite is deterministic; set AIO_FC_SEED to explore other seeds.
const SEED = process.env.AIO_FC_SEED === undefined ? 0x5eed : Number(process.env.AIO_FC_SEED);

// A reference model of aiohttp's UrlDispatcher lookup, written the plain way: the keys to try
// are cut with lastIndexOf and sliced, every resource of a key is tried in registration order
// with its pattern's RegExp. The router's lookup, however it is sped up, must agree with it on
// the route, the parameters, the sub-applications and the methods of a 405.

type Outcome =
  | { resource: AbstractResource; params: Record<string, string | undefined>; apps: Application[] }
  | { allowed: string[] | undefined };

/** The prefixes aiohttp tries for `path`, longest first. */
function keysOf(path: string): string[] {
  const keys: string[] = [];
  let key = path;
  for (;;) {
    keys.push(key);
    if (key === '/' || key === '') return keys;
    const slash = key.lastIndexOf('/');
    key = slash <= 0 ? '/' : key.slice(0, slash);
  }
}

/** The methods each resource was given (`*` included: `Resource.methods` leaves it out). */
const methodsOf = new Map<AbstractResource, string[]>();

function modelResolve(app: Application, method: string, path: string): Outcome {
  const allowed = new Set<string>();
  const resources = app.router.resources();
  for (const key of keysOf(path)) {
    for (const resource of resources) {
      if (resource.indexKey !== key) continue;
      if (resource instanceof Resource) {
        const compiled = resource.compiled;
        let params: Record<string, string> | undefined;
        if (compiled.regex === undefined) {
          if (compiled.pattern === path) params = {};
        } else {
          const match = compiled.regex.exec(path);
          if (match !== null) {
            params = {};
            compiled.names.forEach((name, i) => {
              (params as Record<string, string>)[name] = percentDecode(
                match[compiled.groups[i] as number] ?? '',
              );
            });
          }
        }
        if (params === undefined) continue;
        const methods = methodsOf.get(resource) ?? [];
        if (methods.includes(method) || methods.includes('*'))
          return { resource, params, apps: [] };
        for (const m of methods) if (m !== '*') allowed.add(m);
      } else if (resource instanceof StaticResource) {
        if (!path.startsWith(resource.routePrefix + '/')) continue;
        if (method !== 'GET' && method !== 'HEAD') {
          allowed.add('GET').add('HEAD');
          continue;
        }
        return {
          resource,
          params: { filename: path.slice(resource.routePrefix.length + 1) },
          apps: [],
        };
      } else if (resource instanceof SubAppResource) {
        const prefix = resource.routePrefix;
        if (
          !path.startsWith(prefix) ||
          (path.length > prefix.length && path[prefix.length] !== '/')
        )
          continue;
        const inner = modelResolve(resource.app, method, path.slice(prefix.length) || '/');
        if ('resource' in inner) return { ...inner, apps: [resource.app, ...inner.apps] };
        for (const m of inner.allowed ?? []) allowed.add(m);
      }
    }
  }
  return { allowed: allowed.size === 0 ? undefined : [...allowed].sort() };
}

function outcomeOf(resolution: Resolution): Outcome {
  if (resolution.route === undefined) {
    return {
      allowed: resolution.allowed === undefined ? undefined : [...resolution.allowed].sort(),
    };
  }
  return {
    resource: resolution.route.resource,
    params: { ...resolution.matchInfo },
    apps: [...resolution.apps],
  };
}

// ---------------------------------------------------------------------------------------
// Random route tables: few literals, so that patterns share prefixes and overlap.

const segment = fc.constantFrom(
  'a',
  'b',
  'ab',
  '',
  '{P}',
  'x-{P}',
  '{P}.json',
  '{P:[ab]+}',
  '{P:[^/]+/[^/]+}',
  '{P:.*}',
);
const patternArb = fc
  .tuple(fc.array(segment, { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(([segments, trailingSlash]) => {
    let n = 0;
    return `/${segments.map((s) => s.replace('P', () => `p${n++}`)).join('/')}${trailingSlash ? '/' : ''}`;
  });
const methodsArb = fc.subarray(['GET', 'POST', '*'], { minLength: 1 });
const entryArb = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({ kind: fc.constant('route'), pattern: patternArb, methods: methodsArb }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('static'),
      prefix: fc.constantFrom('/', '/a', '/a/b', '/b/'),
    }),
  },
);
type Entry =
  { kind: 'route'; pattern: string; methods: string[] } | { kind: 'static'; prefix: string };
const tableArb = fc.array(entryArb, { maxLength: 12 }) as fc.Arbitrary<Entry[]>;

function buildApp(entries: readonly Entry[]): Application {
  const app = new Application();
  for (const entry of entries) {
    if (entry.kind === 'static') {
      methodsOf.set(app.router.addStatic(entry.prefix, '.'), ['GET', 'HEAD']);
      continue;
    }
    // A name of its own makes a new resource even when the last one has the same pattern.
    const name = `r${app.router.resources().length}`;
    const resource = app.router.addResource(entry.pattern, { name });
    for (const method of entry.methods) resource.addRoute(method, () => undefined as never);
    methodsOf.set(resource, entry.methods);
  }
  return app;
}

const piece = fc.constantFrom('a', 'b', 'ab', 'x-a', 'a.json', '', '%2F', 'a%2Fb', '{', 'é', '\n');
const pathArb = fc
  .tuple(fc.array(piece, { maxLength: 5 }), fc.constantFrom('/', '/', '/', '', '//'))
  .map(([pieces, lead]) => lead + pieces.join('/'));

/** A lookup: a random path, or one made from an entry of the table (or of the sub-app's). */
const lookupArb = fc.record({
  method: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT'),
  source: fc.constantFrom('random', 'table', 'sub'),
  path: pathArb,
  entry: fc.nat(),
  fill: fc.array(piece, { minLength: 4, maxLength: 4 }),
});

/** A path the entry probably matches: its parameters replaced by pieces. */
function pathFor(entry: Entry, fill: readonly string[]): string {
  if (entry.kind === 'static') return `${entry.prefix.replace(/\/$/, '')}/${fill.join('/')}`;
  let i = 0;
  return entry.pattern.replace(/\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}/g, () => fill[i++] ?? '');
}

describe('Router lookup', () => {
  it('agrees with the plain aiohttp lookup on random tables, sub-apps and paths', () => {
    fc.assert(
      fc.property(
        tableArb,
        fc.option(fc.record({ prefix: fc.constantFrom('/a', '/s', '/a/b'), table: tableArb })),
        fc.array(lookupArb, { minLength: 1, maxLength: 20 }),
        (table, sub, lookups) => {
          const app = buildApp(table);
          if (sub !== null) app.addSubapp(sub.prefix, buildApp(sub.table));
          for (const { method, source, path: randomPath, entry, fill } of lookups) {
            let path = randomPath;
            if (source === 'table' && table.length > 0)
              path = pathFor(table[entry % table.length] as Entry, fill);
            else if (source === 'sub' && sub !== null && sub.table.length > 0)
              path = sub.prefix + pathFor(sub.table[entry % sub.table.length] as Entry, fill);
            expect(outcomeOf(app.router.resolve(method, path))).toEqual(
              modelResolve(app, method, path),
            );
          }
        },
      ),
      { numRuns: Number(process.env.RUNS ?? 1000), seed: SEED },
    );
  });
});
