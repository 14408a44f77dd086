#!/usr/bin/env node
// Release dry run: what `pnpm version-packages` and `pnpm release` would do, without touching
// this checkout, without credentials and without publishing (builds must be done).
//
// 1. `changeset status --verbose` here: the pending changesets and the release plan.
// 2. A snapshot of the working tree (tracked and new files, plus each library's dist) in a
//    temp git repo, where `changeset version` bumps the versions and writes the CHANGELOGs;
//    checks that the four libraries share one version (the `fixed` group), that each got a
//    CHANGELOG.md entry for it, and that no changeset file is left.
// 3. `pnpm publish -r --dry-run --no-git-checks` in the snapshot: packs each library as it
//    would be published (workspace:* rewritten). This reads the npm registry to see which
//    versions already exist; it needs no login and publishes nothing.
//
// Usage: node scripts/release-dry-run.mjs [--keep]
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { libraryPackages, parseArgs, pnpmCommand, root, sh } from './lib/workspace.mjs';

const args = parseArgs(process.argv.slice(2), { flags: ['keep'] });
const started = performance.now();
const changesetBin = join(root, 'node_modules', '.bin', 'changeset');
const libraries = libraryPackages();
const problems = [];
const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;

function show(title, result) {
  console.log(`release: ${result.status === 0 ? 'ok  ' : 'FAIL'} ${title} (${seconds(result.ms)})`);
  // npm lists every file of every tarball; the pack-check shows those, so keep the summary.
  const text = `${result.stdout}${result.stderr}`
    .split('\n')
    .filter(
      (line) =>
        !/^npm notice(\s*$| \d| Tarball| (name|version|filename|shasum|integrity|unpacked size):)/.test(
          line,
        ),
    )
    .join('\n')
    .trim();
  if (text) console.log(text.replace(/^/gm, '      '));
  return result.status === 0;
}

// 1. Release plan from the pending changesets.
if (!show('changeset status --verbose', sh(changesetBin, ['status', '--verbose']))) {
  problems.push('changeset status failed (a changed package without a changeset?)');
}

// 2. Snapshot and version.
const tmp = mkdtempSync(join(tmpdir(), 'aio-release-'));
const files = sh('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'])
  .stdout.split('\0')
  .filter((f) => f && existsSync(join(root, f)));
for (const file of files) {
  mkdirSync(dirname(join(tmp, file)), { recursive: true });
  cpSync(join(root, file), join(tmp, file));
}
for (const lib of libraries) {
  const rel = lib.path.slice(root.length + 1);
  if (!existsSync(join(lib.path, 'dist'))) problems.push(`${rel}/dist is missing: run pnpm build`);
  else cpSync(join(lib.path, 'dist'), join(tmp, rel, 'dist'), { recursive: true });
}
symlinkSync(join(root, 'node_modules'), join(tmp, 'node_modules'), 'dir');
// pnpm resolves `workspace:*` through each package's node_modules: link the snapshot's own
// libraries (so the bumped versions are used), nothing else.
for (const lib of libraries) {
  const rel = lib.path.slice(root.length + 1);
  for (const dep of Object.keys(lib.manifest.dependencies ?? {})) {
    const target = libraries.find((l) => l.name === dep);
    if (!target) continue;
    const link = join(tmp, rel, 'node_modules', ...dep.split('/'));
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(tmp, target.path.slice(root.length + 1)), link, 'dir');
  }
}
const git = (...a) =>
  sh('git', ['-c', 'user.name=release-dry-run', '-c', 'user.email=dry-run@localhost', ...a], {
    cwd: tmp,
  });
git('init', '-q', '-b', 'main');
git('add', '-A');
git('commit', '-q', '-m', 'snapshot');

const before = new Map(libraries.map((l) => [l.name, l.manifest.version]));
const pending = files.filter((f) => /^\.changeset\/[^/]+\.md$/.test(f) && !f.endsWith('README.md'));
const version = sh(changesetBin, ['version'], { cwd: tmp });
if (!show(`changeset version (in ${tmp})`, version)) problems.push('changeset version failed');

const after = new Map();
for (const lib of libraries) {
  const rel = lib.path.slice(root.length + 1);
  const manifest = JSON.parse(readFileSync(join(tmp, rel, 'package.json'), 'utf8'));
  after.set(lib.name, manifest.version);
  const changelog = join(tmp, rel, 'CHANGELOG.md');
  const bumped = manifest.version !== before.get(lib.name);
  console.log(`      ${lib.name}: ${before.get(lib.name)} -> ${manifest.version}`);
  if (bumped && !existsSync(changelog)) problems.push(`${rel}/CHANGELOG.md was not written`);
  if (bumped && existsSync(changelog)) {
    const text = readFileSync(changelog, 'utf8');
    if (!text.includes(`## ${manifest.version}`)) {
      problems.push(`${rel}/CHANGELOG.md has no "## ${manifest.version}" section`);
    } else {
      const section = text.slice(text.indexOf(`## ${manifest.version}`)).split('\n## ')[0];
      console.log(section.trim().split('\n').slice(0, 12).join('\n').replace(/^/gm, '        '));
    }
  }
}
if (pending.length > 0 && new Set(after.values()).size !== 1) {
  problems.push(`the fixed group did not release in lockstep: ${JSON.stringify([...after])}`);
}
if (pending.length > 0 && [...after].every(([name, v]) => v === before.get(name))) {
  problems.push('there are changesets but no version changed');
}
const leftover = sh('git', ['ls-files', '--others', '--cached', '.changeset'], { cwd: tmp })
  .stdout.split('\n')
  .filter((f) => /^\.changeset\/[^/]+\.md$/.test(f) && !f.endsWith('README.md'))
  .filter((f) => existsSync(join(tmp, f)));
if (leftover.length) problems.push(`changeset version left ${leftover.join(', ')} behind`);

// 3. Publish dry run. An empty user npmrc proves no credentials are used.
writeFileSync(join(tmp, '.empty-npmrc'), '');
const noAuth = {
  npm_config_userconfig: join(tmp, '.empty-npmrc'),
  NPM_TOKEN: '',
  NODE_AUTH_TOKEN: '',
};
const publish = sh(
  pnpmCommand[0],
  [...pnpmCommand.slice(1), 'publish', '-r', '--dry-run', '--no-git-checks', '--access', 'public'],
  { cwd: tmp, env: noAuth },
);
if (!show('pnpm publish -r --dry-run --no-git-checks', publish))
  problems.push('publish dry run failed');
const output = `${publish.stdout}${publish.stderr}`;
// With changesets pending, every library gets a new version and must be in the list; with
// none (right after a release) pnpm skips the versions the registry already has.
for (const lib of pending.length > 0 ? libraries : []) {
  const v = after.get(lib.name);
  if (!output.includes(`${lib.name}@${v}`)) {
    problems.push(`the publish dry run did not include ${lib.name}@${v}`);
  }
}

// What the registry would get: internal dependencies pinned to the new versions.
const packs = join(tmp, '.packs');
mkdirSync(packs);
for (const lib of libraries) {
  const internal = Object.keys(lib.manifest.dependencies ?? {}).filter((d) => after.has(d));
  if (internal.length === 0) continue;
  const rel = lib.path.slice(root.length + 1);
  const packed = sh(
    pnpmCommand[0],
    [...pnpmCommand.slice(1), 'pack', '--pack-destination', packs],
    {
      cwd: join(tmp, rel),
      env: noAuth,
    },
  );
  const tarball = join(packs, `${lib.name.slice(1).replace('/', '-')}-${after.get(lib.name)}.tgz`);
  const manifest =
    packed.status === 0 ? sh('tar', ['-xzOf', tarball, 'package/package.json']) : packed;
  if (manifest.status !== 0) {
    problems.push(`could not pack ${lib.name}: ${manifest.stderr.trim()}`);
    continue;
  }
  const deps = JSON.parse(manifest.stdout).dependencies ?? {};
  const pins = internal.map((d) => `${d}@${deps[d]}`).join(', ');
  const wrong = internal.filter((d) => deps[d] !== after.get(d));
  console.log(`      ${lib.name} would depend on ${pins}`);
  if (wrong.length) problems.push(`${lib.name} would publish with ${pins}`);
}

if (args.keep) console.log(`release: snapshot kept at ${tmp}`);
else rmSync(tmp, { recursive: true, force: true });
for (const p of problems) console.error(`release: FAIL ${p}`);
console.log(
  `release: ${problems.length ? 'FAILED' : 'dry run ok'} in ${seconds(performance.now() - started)}`,
);
process.exit(problems.length ? 1 : 0);
