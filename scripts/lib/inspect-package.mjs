// Static inspection of an unpacked npm package (the `package/` folder of a tarball): what
// .ci/pack-check.mjs checks before installing anything. Kept apart so it can be self-tested
// on seeded defects (see selfTest below).
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, posix, relative } from 'node:path';
import ts from 'typescript';
import { entryPoints } from './workspace.mjs';

const BUILTINS = new Set(builtinModules);
const isBuiltin = (s) => s.startsWith('node:') || BUILTINS.has(s) || BUILTINS.has(s.split('/')[0]);
const packageNameOf = (s) =>
  (s.startsWith('@') ? s.split('/').slice(0, 2) : s.split('/').slice(0, 1)).join('/');

/** Lists every file under `dir`, as posix paths relative to it. */
function listFiles(dir, base = dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory()
      ? listFiles(full, base)
      : [relative(base, full).split('\\').join('/')];
  });
}

/**
 * Inspects an unpacked package folder.
 * @returns `{ errors, warnings, files }`: errors fail the check (a `workspace:` range left, an
 * exports target or a relatively imported file missing, an import of an undeclared package, a
 * source map whose sources are not shipped).
 */
export function inspectPackageDir(base) {
  const files = new Set(listFiles(base));
  const manifest = JSON.parse(readFileSync(join(base, 'package.json'), 'utf8'));
  const errors = [];
  const warnings = [];

  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      if (String(range).startsWith('workspace:') || String(range).startsWith('link:')) {
        errors.push(`${field}.${dep} is still "${range}" in the tarball`);
      }
    }
  }
  const declared = new Set(
    ['dependencies', 'peerDependencies', 'optionalDependencies'].flatMap((f) =>
      Object.keys(manifest[f] ?? {}),
    ),
  );

  const entries = entryPoints({ name: manifest.name, manifest });
  if (entries.length === 0) errors.push('package.json has no "exports" entry points');
  for (const e of entries) {
    for (const [what, target] of [
      ['types', e.types],
      ['default', e.js],
    ]) {
      if (!target) errors.push(`exports["${e.subpath}"] has no "${what}" condition`);
      else if (!files.has(posix.normalize(target))) {
        errors.push(`exports["${e.subpath}"].${what} -> ${target} is not in the tarball`);
      }
    }
  }
  for (const field of ['main', 'types', 'typings', 'module']) {
    if (manifest[field] && !files.has(posix.normalize(manifest[field]))) {
      errors.push(`"${field}": ${manifest[field]} is not in the tarball`);
    }
  }

  const undeclared = new Map();
  let mapsMissingSources = 0;
  for (const file of files) {
    if (/\.(m|c)?js$|\.d\.(m|c)?ts$/.test(file)) {
      const info = ts.preProcessFile(readFileSync(join(base, file), 'utf8'), true, true);
      const specifiers = [
        ...info.importedFiles.map((f) => f.fileName),
        ...info.referencedFiles.map((f) => f.fileName),
      ];
      for (const spec of specifiers) {
        if (spec.startsWith('.')) {
          const target = posix.normalize(posix.join(posix.dirname(file), spec));
          // A declaration file's relative import needs a declaration file, never just the .js.
          const candidates = file.endsWith('.ts')
            ? [
                target.replace(/\.js$/, '.d.ts'),
                target.replace(/\.mjs$/, '.d.mts'),
                target.replace(/\.cjs$/, '.d.cts'),
                `${target}.d.ts`,
                `${target}/index.d.ts`,
                target,
              ].filter((c) => /\.d\.[mc]?ts$/.test(c))
            : [target];
          if (!candidates.some((c) => files.has(c))) {
            errors.push(`${file} imports ${spec}, which is not in the tarball`);
          }
        } else if (!isBuiltin(spec)) {
          const name = packageNameOf(spec);
          if (name !== manifest.name && !declared.has(name)) {
            undeclared.set(name, [...(undeclared.get(name) ?? []), file]);
          }
        }
      }
      for (const ref of info.typeReferenceDirectives) {
        if (
          ref.fileName !== 'node' &&
          !declared.has(ref.fileName) &&
          !declared.has(`@types/${ref.fileName}`)
        ) {
          undeclared.set(`@types/${ref.fileName}`, [
            ...(undeclared.get(`@types/${ref.fileName}`) ?? []),
            file,
          ]);
        }
      }
      if (file.endsWith('.js') && !file.endsWith('.d.ts')) {
        const dts = file.replace(/\.js$/, '.d.ts');
        if (!files.has(dts)) warnings.push(`${file} has no ${dts} next to it`);
      }
    }
    if (file.endsWith('.map')) {
      try {
        const map = JSON.parse(readFileSync(join(base, file), 'utf8'));
        const missing = (map.sources ?? []).filter(
          (s) =>
            !files.has(posix.normalize(posix.join(posix.dirname(file), map.sourceRoot ?? '', s))),
        );
        if (missing.length && !map.sourcesContent) mapsMissingSources++;
      } catch {
        warnings.push(`${file} is not valid JSON`);
      }
    }
  }
  for (const [name, where] of undeclared) {
    errors.push(
      `imports "${name}" (${where.slice(0, 3).join(', ')}${where.length > 3 ? ', ...' : ''}) but does not declare it in "dependencies"`,
    );
  }
  if (mapsMissingSources) {
    errors.push(
      `${mapsMissingSources} source map(s) point at sources that are not in the tarball (files: ${JSON.stringify(manifest.files)}); debuggers and "go to definition" will not find them`,
    );
  }
  if (![...files].some((f) => /^readme(\.md)?$/i.test(f)))
    warnings.push('no README.md in the tarball');
  if (![...files].some((f) => /^(licen[sc]e|copying)(\.md|\.txt)?$/i.test(f))) {
    warnings.push('no LICENSE in the tarball');
  }
  return { errors, warnings, files: files.size };
}

/** Seeded defects and the error each must produce; the clean fixture must produce none. */
const CASES = [
  { name: 'clean package', mutate: () => {}, expect: [] },
  {
    name: 'undeclared dependency',
    mutate: (f) => (f['dist/index.js'] += "import 'tough-cookie';\n"),
    expect: ['imports "tough-cookie"'],
  },
  {
    name: 'file left out of files',
    mutate: (f) => (f['dist/index.js'] += "export * from './gone.js';\n"),
    expect: ['imports ./gone.js, which is not in the tarball'],
  },
  {
    name: 'wrong exports path',
    mutate: (f, m) => (m.exports['.'].types = './dist/nope.d.ts'),
    expect: ['exports["."].types -> ./dist/nope.d.ts is not in the tarball'],
  },
  {
    name: 'missing .d.ts',
    mutate: (f) => delete f['dist/a.d.ts'],
    expect: ['dist/index.d.ts imports ./a.js, which is not in the tarball'],
  },
  {
    name: 'source map without its sources',
    mutate: (f) =>
      (f['dist/a.js.map'] = JSON.stringify({ version: 3, sources: ['../src/a.ts'], mappings: '' })),
    expect: ['source map(s) point at sources that are not in the tarball'],
  },
  {
    name: 'workspace range left',
    mutate: (f, m) => (m.dependencies['@aio/core'] = 'workspace:*'),
    expect: ['dependencies.@aio/core is still "workspace:*"'],
  },
];

/**
 * Runs inspectPackageDir on each seeded defect in `dir`.
 * @returns the list of cases whose errors were not exactly the expected ones.
 */
export function selfTest(dir) {
  const failures = [];
  CASES.forEach((c, i) => {
    const base = join(dir, `case-${i}`, 'package');
    const manifest = {
      name: '@fixture/pkg',
      version: '1.0.0',
      type: 'module',
      exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
      dependencies: { undici: '7.0.0', '@aio/core': '1.0.0' },
    };
    const files = {
      'dist/index.js':
        "import { request } from 'undici';\nimport { run } from '@aio/core';\nimport { readFile } from 'node:fs';\nexport * from './a.js';\n// import 'commented-out';\n",
      'dist/a.js': 'export const a = 1;\n',
      'dist/index.d.ts': "export * from './a.js';\n/** @example import x from 'in-a-comment' */\n",
      'dist/a.d.ts': 'export declare const a = 1;\n',
      'README.md': '# fixture\n',
      LICENSE: 'MIT\n',
    };
    c.mutate(files, manifest);
    files['package.json'] = JSON.stringify(manifest);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(base, name)), { recursive: true });
      writeFileSync(join(base, name), text);
    }
    const { errors } = inspectPackageDir(base);
    const ok =
      errors.length === c.expect.length && c.expect.every((e) => errors.some((x) => x.includes(e)));
    if (!ok)
      failures.push(
        `${c.name}: expected ${JSON.stringify(c.expect)}, got ${JSON.stringify(errors)}`,
      );
  });
  return failures;
}
