// Shared helpers for the workspace scripts: where the repository is, which packages are
// published libraries, a tiny argument parser and a child-process runner.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The root package.json. */
export const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** The pnpm pinned in the root `packageManager` field, run through npx (never corepack). */
export const pnpmCommand = ['npx', '-y', rootManifest.packageManager ?? 'pnpm@10'];

/**
 * The published library packages: every non-private `packages/<dir>` with a package.json,
 * in dependency order (core first), as `{ dir, path, name, manifest }`.
 */
export function libraryPackages() {
  const base = join(root, 'packages');
  const found = readdirSync(base)
    .filter((dir) => existsSync(join(base, dir, 'package.json')))
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(join(base, dir, 'package.json'), 'utf8'));
      return { dir, path: join(base, dir), name: manifest.name, manifest };
    })
    .filter((p) => !p.manifest.private);
  const names = new Set(found.map((p) => p.name));
  const ordered = [];
  const visit = (p, seen = new Set()) => {
    if (ordered.includes(p) || seen.has(p)) return;
    seen.add(p);
    for (const dep of Object.keys(p.manifest.dependencies ?? {})) {
      if (names.has(dep))
        visit(
          found.find((q) => q.name === dep),
          seen,
        );
    }
    ordered.push(p);
  };
  for (const p of found.sort((a, b) => a.dir.localeCompare(b.dir))) visit(p);
  return ordered;
}

/**
 * The public entry points of a package from its `exports` map (`./package.json` left out),
 * as `{ subpath, specifier, types, js }` with paths relative to the package.
 */
export function entryPoints(pkg) {
  const exports = pkg.manifest.exports ?? {};
  return Object.entries(exports)
    .filter(([subpath]) => subpath !== './package.json')
    .map(([subpath, target]) => ({
      subpath,
      specifier: subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`,
      types: typeof target === 'object' ? target.types : undefined,
      js: typeof target === 'object' ? (target.import ?? target.default) : target,
    }));
}

/**
 * Parses `--flag` and `--list value` arguments; anything else is positional.
 * @returns an object with each flag (boolean), each list (array) and `_` (positional).
 */
export function parseArgs(argv, { flags = [], lists = [] } = {}) {
  const out = { _: [] };
  for (const f of flags) out[f] = false;
  for (const l of lists) out[l] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name !== undefined && flags.includes(name)) out[name] = true;
    else if (name !== undefined && lists.includes(name)) out[name].push(argv[++i]);
    else if (name !== undefined) throw new Error(`unknown option ${arg}`);
    else out._.push(arg);
  }
  return out;
}

/**
 * Runs a command synchronously and returns `{ status, stdout, stderr, ms }`; never throws on
 * a non-zero exit. `inherit: true` streams the output instead of capturing it.
 */
export function sh(command, args, { cwd = root, env, inherit = false, timeoutMs } = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: inherit ? 'inherit' : 'pipe',
    maxBuffer: 64 * 1024 * 1024,
    timeout: timeoutMs,
  });
  return {
    status: result.status ?? (result.error ? 1 : 0),
    stdout: result.stdout ?? '',
    stderr: (result.stderr ?? '') + (result.error ? String(result.error) : ''),
    ms: Date.now() - started,
  };
}
