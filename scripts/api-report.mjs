#!/usr/bin/env node
// API reports: `api/<dir>.api.md` lists, per entry point of each library, the sorted
// exported runtime names and type names, read from the built `.d.ts` (what consumers see)
// with the TypeScript compiler API.
//
// Usage:
//   node scripts/api-report.mjs            rewrite the reports from the current builds
//   node scripts/api-report.mjs --check    fail when a report differs from what the build
//                                          exports, or when a report changed without a
//                                          `.changeset/*.md` in the same change
//   --package <dir>                        only these packages (core, sync, ...)
//
// "The same change" is the diff from the merge base with the upstream branch (origin/main,
// or the branch's configured upstream) to the working tree. Without an upstream that
// differs from HEAD (a fresh clone, CI), it is the last commit plus the working tree, when
// HEAD~1 exists; on a single-commit clone only the consistency check runs.
// Builds must be current: run `pnpm build` (or `pnpm api:check`, which builds) first.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { entryPoints, libraryPackages, parseArgs, root, sh } from './lib/workspace.mjs';

const args = parseArgs(process.argv.slice(2), { flags: ['check'], lists: ['package'] });
const all = libraryPackages();
const packages = args.package.length ? all.filter((p) => args.package.includes(p.dir)) : all;
const apiDir = join(root, 'api');

/** Describes what a resolved export symbol is, for the report. */
function kindOf(symbol) {
  const f = symbol.flags;
  const S = ts.SymbolFlags;
  if (f & S.Class) return 'class';
  if (f & S.Function) return 'function';
  if (f & S.Enum) return 'enum';
  if (f & S.Variable) {
    const decl = symbol.valueDeclaration;
    const list = decl && ts.isVariableDeclaration(decl) ? decl.parent : undefined;
    return list && list.flags & ts.NodeFlags.Const ? 'const' : 'let';
  }
  if (f & S.ValueModule) return 'namespace';
  if (f & S.Interface) return 'interface';
  if (f & S.TypeAlias) return 'type';
  if (f & S.NamespaceModule) return 'namespace (types only)';
  return 'unknown';
}

/**
 * Reads the exports of one entry point's `.d.ts`.
 * @returns `{ runtime: [{name, kind}], types: [{name, kind}], problems: string[] }`
 */
function readEntry(program, checker, file) {
  const problems = [];
  const source = program.getSourceFile(file);
  if (!source) return { runtime: [], types: [], problems: [`missing ${relative(root, file)}`] };
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const runtime = [];
  const types = [];
  for (const exported of moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : []) {
    let target = exported;
    if (exported.flags & ts.SymbolFlags.Alias) {
      target = checker.getAliasedSymbol(exported);
      if (target.flags & ts.SymbolFlags.Alias || target === checker.getUnknownSymbol?.()) {
        problems.push(`${exported.name} resolves to nothing (broken re-export)`);
      }
    }
    const typeOnly =
      checker.getTypeOnlyAliasDeclaration?.(exported) !== undefined ||
      !(target.flags & ts.SymbolFlags.Value);
    const name = exported.name === 'default' ? 'default (default export)' : exported.name;
    const entry = { name, kind: kindOf(target) };
    if (typeOnly) {
      // `export type { SomeClass }` exports only the class's type.
      if (target.flags & ts.SymbolFlags.Value) entry.kind = `${entry.kind}, type only`;
      types.push(entry);
    } else {
      runtime.push(entry);
      // A class or an enum is both; a const and a type of one name are listed in both.
      if (
        target.flags & ts.SymbolFlags.Type &&
        !(target.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Enum))
      ) {
        types.push({ name, kind: 'type' });
      }
    }
  }
  const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return { runtime: runtime.sort(byName), types: types.sort(byName), problems };
}

/** One program over every entry point's `.d.ts`, shared by all reports. */
function createProgram(files) {
  return ts.createProgram(
    files.filter((f) => existsSync(f)),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2023.d.ts', 'lib.esnext.disposable.d.ts'],
      types: ['node'],
      typeRoots: [join(root, 'node_modules', '@types')],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
    },
  );
}

const typesFile = (pkg, entry) => (entry.types ? join(pkg.path, entry.types) : undefined);

/** Builds the report text and the list of problems for one package. */
function buildReport(pkg, program) {
  const entries = entryPoints(pkg);
  const files = entries.map((e) => typesFile(pkg, e));
  const checker = program.getTypeChecker();
  const problems = [];
  const lines = [
    `# ${pkg.name} API report`,
    '',
    '<!-- Generated by `node scripts/api-report.mjs` from the built .d.ts files; do not edit. -->',
    '<!-- A change here needs a changeset (`pnpm changeset`) in the same change. -->',
  ];
  entries.forEach((entry, i) => {
    const file = files[i];
    if (!file) {
      problems.push(`${entry.specifier}: the exports map has no "types" condition`);
      return;
    }
    if (!existsSync(file)) {
      problems.push(`${entry.specifier}: ${relative(root, file)} does not exist (not built?)`);
      return;
    }
    const { runtime, types, problems: entryProblems } = readEntry(program, checker, file);
    problems.push(...entryProblems.map((p) => `${entry.specifier}: ${p}`));
    lines.push('', `## \`${entry.specifier}\``, '', `### Runtime exports (${runtime.length})`, '');
    lines.push(
      ...(runtime.length ? runtime.map((e) => `- \`${e.name}\` (${e.kind})`) : ['(none)']),
    );
    lines.push('', `### Type exports (${types.length})`, '');
    lines.push(...(types.length ? types.map((e) => `- \`${e.name}\` (${e.kind})`) : ['(none)']));
  });
  return { text: lines.join('\n') + '\n', problems };
}

const reportPath = (pkg) => join(apiDir, `${pkg.dir}.api.md`);

/** The git revision to compare against, with a description, or undefined. */
function baseRevision() {
  const git = (...a) => sh('git', a);
  if (git('rev-parse', '--is-inside-work-tree').status !== 0) return undefined;
  const head = git('rev-parse', 'HEAD').stdout.trim();
  const upstreams = [
    git('rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}').stdout.trim(),
    'origin/main',
  ].filter((u) => u && !u.startsWith('@'));
  for (const upstream of upstreams) {
    if (git('rev-parse', '--verify', '--quiet', upstream).status !== 0) continue;
    const base = git('merge-base', 'HEAD', upstream).stdout.trim();
    if (base && base !== head) return { rev: base, label: `merge base with ${upstream}` };
  }
  if (git('rev-parse', '--verify', '--quiet', 'HEAD~1').status === 0) {
    return { rev: 'HEAD~1', label: 'HEAD~1 (no upstream ahead of HEAD)' };
  }
  return undefined;
}

/** Files changed from `rev` to the working tree (committed, staged, unstaged, untracked). */
function changedSince(rev) {
  const tracked = sh('git', ['diff', '--name-only', rev, '--']).stdout;
  const untracked = sh('git', ['ls-files', '--others', '--exclude-standard']).stdout;
  return new Set(`${tracked}\n${untracked}`.split('\n').filter(Boolean));
}

let failed = false;
const program = createProgram(
  packages.flatMap((pkg) => entryPoints(pkg).map((e) => typesFile(pkg, e))).filter(Boolean),
);
const reports = packages.map((pkg) => ({ pkg, ...buildReport(pkg, program) }));
for (const { pkg, problems } of reports) {
  for (const p of problems) {
    console.error(`api-report: ${pkg.name}: ${p}`);
    failed = true;
  }
}

if (!args.check) {
  mkdirSync(apiDir, { recursive: true });
  for (const { pkg, text } of reports) {
    const file = reportPath(pkg);
    const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    writeFileSync(file, text);
    console.log(`api-report: ${relative(root, file)} ${before === text ? 'unchanged' : 'written'}`);
  }
  process.exit(failed ? 1 : 0);
}

for (const { pkg, text } of reports) {
  const file = reportPath(pkg);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (current === text) {
    console.log(`api-report: ok      ${pkg.name} (${relative(root, file)})`);
    continue;
  }
  failed = true;
  console.error(
    `api-report: FAIL    ${pkg.name}: ${relative(root, file)} ${current === undefined ? 'is missing' : 'differs from what the build exports'}`,
  );
  const want = new Set(text.split('\n').filter((l) => l.startsWith('- ') || l.startsWith('## ')));
  const have = new Set(
    (current ?? '').split('\n').filter((l) => l.startsWith('- ') || l.startsWith('## ')),
  );
  for (const l of want) if (!have.has(l)) console.error(`    + ${l}`);
  for (const l of have) if (!want.has(l)) console.error(`    - ${l}`);
  console.error('    run `pnpm api:update` and add a changeset (`pnpm changeset`)');
}

const base = baseRevision();
if (!base) {
  console.log('api-report: no git history to compare with; checked consistency only');
} else {
  const changed = changedSince(base.rev);
  const reportsChanged = [...changed].filter((f) => /^api\/[^/]+\.api\.md$/.test(f));
  const changesets = [...changed].filter(
    (f) => /^\.changeset\/[^/]+\.md$/.test(f) && f !== '.changeset/README.md',
  );
  if (reportsChanged.length && changesets.length === 0) {
    failed = true;
    console.error(
      `api-report: FAIL    ${reportsChanged.join(', ')} changed since ${base.label} without a changeset; run \`pnpm changeset\``,
    );
  } else {
    console.log(
      `api-report: ok      changeset rule vs ${base.label}: ${reportsChanged.length} report(s) changed, ${changesets.length} changeset(s)`,
    );
  }
}
process.exit(failed ? 1 : 0);
