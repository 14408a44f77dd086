#!/usr/bin/env node
// Selective-install check: each library must work alone, from its tarball, with no
// workspace around it.
//
// 1. `pnpm pack` every library (builds must be done; `workspace:*` is rewritten by pnpm).
// 2. Inspect each tarball: no `workspace:` ranges left, every `exports` target (and its
//    `types`) present, every relative import of the shipped .js/.d.ts present (a file left
//    out of `files`), every bare import declared in `dependencies`.
// 3. For each set a user would pick (core; core+sync; core+sync+http-client;
//    core+sync+http-server): a fresh npm project in a temp dir, `npm install` of the
//    tarballs (third-party deps from the npm registry, one shared npm cache), then
//    - compile the set's consumer script (scripts/pack-check/<set>.ts) with
//      `moduleResolution: NodeNext` (skipLibCheck off) and run the output with node;
//    - type-check the same script with `moduleResolution: Bundler` (skipLibCheck on);
//    - import every `exports` subpath, and check deep imports are refused.
//
// Usage: node .ci/pack-check.mjs [--set <name>]... [--keep]
// Exit code 0 only when every selected set passes.
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  entryPoints,
  libraryPackages,
  parseArgs,
  pnpmCommand,
  root,
  rootManifest,
} from '../scripts/lib/workspace.mjs';
import { inspectPackageDir, selfTest } from '../scripts/lib/inspect-package.mjs';

const SETS = [
  { name: 'core', packages: ['core'], script: 'core.ts', headline: 'run + gather + sleep' },
  {
    name: 'core+sync',
    packages: ['core', 'sync'],
    script: 'sync.ts',
    headline: 'Semaphore + taskGroup',
  },
  {
    name: 'core+sync+http-client',
    packages: ['core', 'sync', 'http-client'],
    script: 'http-client.ts',
    headline: 'ClientSession GET',
  },
  {
    name: 'core+sync+http-server',
    packages: ['core', 'sync', 'http-server'],
    script: 'http-server.ts',
    headline: 'AppRunner + TCPSite GET',
  },
];

const args = parseArgs(process.argv.slice(2), { flags: ['keep'], lists: ['set'] });
const sets = args.set.length ? SETS.filter((s) => args.set.includes(s.name)) : SETS;
const started = performance.now();
const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
const typesNode = rootManifest.devDependencies?.['@types/node'];
const libraries = new Map(libraryPackages().map((p) => [p.dir, p]));
const tmp = mkdtempSync(join(tmpdir(), 'aio-pack-check-'));
const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;

/** Runs a command; resolves `{ status, output, ms }` (stdout and stderr interleaved). */
function exec(command, argv, { cwd, timeoutMs = 300_000, env } = {}) {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, argv, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      output += `\n[pack-check] killed after ${timeoutMs} ms`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => (output += String(error)));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ status: code ?? (signal ? 1 : 0), output, ms: performance.now() - t0 });
    });
  });
}

/** Runs `fn` over `items` with at most `limit` in flight; keeps the order of results. */
async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  });
  await Promise.all(workers);
  return results;
}

const indent = (text, prefix = '      ') =>
  text
    .trim()
    .split('\n')
    .slice(0, 60)
    .map((l) => prefix + l)
    .join('\n');

// ---------------------------------------------------------------------------------------
// 1. Pack

const needed = [...new Set(sets.flatMap((s) => s.packages))];
for (const dir of needed) {
  if (!libraries.has(dir)) {
    console.error(`pack-check: no library package at packages/${dir}`);
    process.exit(1);
  }
  if (!existsSync(join(libraries.get(dir).path, 'dist'))) {
    console.error(`pack-check: packages/${dir}/dist is missing; run \`pnpm build\` first`);
    process.exit(1);
  }
}

const tarballDir = join(tmp, 'tarballs');
mkdirSync(tarballDir, { recursive: true });
const tarballName = (pkg) =>
  `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.manifest.version}.tgz`;

const t0 = performance.now();
// One recursive `pnpm pack` (one pnpm start-up instead of one per package).
const packResult = await exec(
  pnpmCommand[0],
  [
    ...pnpmCommand.slice(1),
    '-r',
    ...needed.flatMap((dir) => ['--filter', `./packages/${dir}`]),
    'pack',
    '--pack-destination',
    tarballDir,
  ],
  { cwd: root },
);
let packFailed = packResult.status !== 0;
for (const dir of needed) {
  if (!existsSync(join(tarballDir, tarballName(libraries.get(dir))))) packFailed = true;
}
if (packFailed) console.error(`pack-check: FAIL pnpm pack\n${indent(packResult.output)}`);
if (packFailed) process.exit(1);
console.log(
  `pack-check: packed ${needed.length} libraries in ${seconds(performance.now() - t0)} (${tmp})`,
);

// ---------------------------------------------------------------------------------------
// 2. Inspect each tarball

// The inspector itself must catch seeded defects, or a green result means nothing.
const selfTestFailures = selfTest(join(tmp, 'self-test'));
for (const f of selfTestFailures) console.error(`pack-check: FAIL inspector self-test: ${f}`);
if (selfTestFailures.length) process.exit(1);
console.log('pack-check: ok   inspector self-test (7 seeded cases)');

function inspect(dir) {
  const pkg = libraries.get(dir);
  const out = join(tmp, 'unpacked', dir);
  mkdirSync(out, { recursive: true });
  return exec('tar', ['-xzf', join(tarballDir, tarballName(pkg)), '-C', out]).then((untar) =>
    untar.status === 0
      ? inspectPackageDir(join(out, 'package'))
      : { errors: [`cannot unpack: ${untar.output.trim()}`], warnings: [] },
  );
}

const inspections = new Map();
let inspectFailed = false;
for (const dir of needed) {
  const result = await inspect(dir);
  inspections.set(dir, result);
  const pkg = libraries.get(dir);
  console.log(
    `pack-check: ${result.errors.length ? 'FAIL' : 'ok  '} tarball ${pkg.name} (${result.files ?? 0} files)`,
  );
  for (const e of result.errors) console.log(`      error: ${e}`);
  for (const w of result.warnings) console.log(`      warning: ${w}`);
  if (result.errors.length) inspectFailed = true;
}

// ---------------------------------------------------------------------------------------
// 3. Install each set into a fresh npm project and exercise it

const compilerBase = {
  strict: true,
  target: 'ES2022',
  lib: ['ES2023', 'ESNext.Disposable'],
  types: ['node'],
  skipLibCheck: false,
  verbatimModuleSyntax: true,
  forceConsistentCasingInFileNames: true,
};

/** The probe run after install: every subpath imports; deep imports are refused. */
function probeSource(dirs) {
  const checks = dirs.map((dir) => {
    const pkg = libraries.get(dir);
    return {
      name: pkg.name,
      specifiers: entryPoints(pkg).map((e) => e.specifier),
    };
  });
  return `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const checks = ${JSON.stringify(checks)};
const report = {};
for (const { name, specifiers } of checks) {
  const entry = (report[name] = { runtimeExports: {}, problems: [] });
  for (const specifier of specifiers) {
    try {
      entry.runtimeExports[specifier] = Object.keys(await import(specifier)).length;
    } catch (error) {
      entry.problems.push(\`import('\${specifier}') failed: \${error.code ?? ''} \${error.message}\`);
    }
  }
  try {
    await import(\`\${name}/dist/index.js\`);
    entry.problems.push(\`deep import \${name}/dist/index.js is allowed; the exports map should refuse it\`);
  } catch (error) {
    if (error.code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') {
      entry.problems.push(\`deep import failed with \${error.code}, expected ERR_PACKAGE_PATH_NOT_EXPORTED\`);
    }
  }
  try {
    require(\`\${name}/package.json\`);
  } catch (error) {
    entry.problems.push(\`\${name}/package.json is not importable: \${error.message}\`);
  }
}
console.log(JSON.stringify(report));
`;
}

async function checkSet(set) {
  const dir = join(tmp, 'sets', set.name.replaceAll('+', '-'));
  mkdirSync(join(dir, 'src'), { recursive: true });
  const steps = [];
  const failures = [];
  const step = (name, result, ok = result.status === 0) => {
    steps.push({ name, ms: result.ms, ok });
    if (!ok) failures.push({ name, output: result.output });
    return ok;
  };

  const deps = {};
  const overrides = {};
  for (const d of set.packages) {
    const pkg = libraries.get(d);
    deps[pkg.name] = `file:../../tarballs/${tarballName(pkg)}`;
    overrides[pkg.name] = `$${pkg.name}`;
  }
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(
      {
        name: `aio-pack-check-${set.name.replaceAll('+', '-')}`,
        private: true,
        type: 'module',
        dependencies: deps,
        devDependencies: typesNode ? { '@types/node': typesNode } : {},
        overrides,
      },
      null,
      2,
    ),
  );
  cpSync(join(root, 'scripts', 'pack-check', set.script), join(dir, 'src', 'main.ts'));
  writeFileSync(join(dir, 'src', 'probe.mjs'), probeSource(set.packages));
  writeFileSync(
    join(dir, 'tsconfig.nodenext.json'),
    JSON.stringify({
      compilerOptions: {
        ...compilerBase,
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        rootDir: 'src',
        outDir: 'out',
      },
      include: ['src/main.ts'],
    }),
  );
  writeFileSync(
    join(dir, 'tsconfig.bundler.json'),
    JSON.stringify({
      compilerOptions: {
        ...compilerBase,
        // The declarations were checked strictly by the NodeNext pass; this one is about resolution.
        skipLibCheck: true,
        module: 'ESNext',
        moduleResolution: 'Bundler',
        noEmit: true,
      },
      include: ['src/main.ts'],
    }),
  );

  const install = await exec(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
    { cwd: dir, env: { npm_config_update_notifier: 'false' } },
  );
  if (!step('npm install', install)) return { set, steps, failures };

  // Every @aio package must come from our tarballs, never from the registry.
  const origin = { status: 0, output: '', ms: 0 };
  const lock = JSON.parse(readFileSync(join(dir, 'node_modules', '.package-lock.json'), 'utf8'));
  for (const [path, meta] of Object.entries(lock.packages ?? {})) {
    const name = path.replace(/^.*node_modules\//, '');
    if (!name.startsWith('@aio/')) continue;
    const wanted = deps[name];
    if (!wanted || path !== `node_modules/${name}` || meta.resolved !== wanted) {
      origin.status = 1;
      origin.output += `${path} resolved to ${meta.resolved ?? meta.version} (expected ${wanted ?? 'not installed'})\n`;
    }
  }
  step('@aio/* come from the tarballs', origin);
  // What a user's production install pulls in (the @types/node dev dependency left out).
  const installed = Object.entries(lock.packages ?? {})
    .filter(([path, meta]) => path.startsWith('node_modules/') && !meta.dev)
    .map(([path]) => path);
  const thirdParty = installed
    .map((path) => path.replace(/^.*node_modules\//, ''))
    .filter((name) => !name.startsWith('@aio/'));

  const probe = await exec('node', ['src/probe.mjs'], { cwd: dir, timeoutMs: 60_000 });
  const empty = [];
  if (step('import every exports subpath', probe)) {
    const report = JSON.parse(probe.output.trim().split('\n').pop());
    const problems = [];
    for (const [name, entry] of Object.entries(report)) {
      problems.push(...entry.problems.map((p) => `${name}: ${p}`));
      if (Object.values(entry.runtimeExports).every((n) => n === 0)) empty.push(name);
    }
    step('exports map refuses deep imports', {
      status: problems.length ? 1 : 0,
      output: problems.join('\n'),
      ms: 0,
    });
  }

  const nodenext = await exec('node', [tsc, '-p', 'tsconfig.nodenext.json'], { cwd: dir });
  step('tsc (NodeNext, skipLibCheck off) + emit', nodenext);
  if (existsSync(join(dir, 'out', 'main.js'))) {
    const runScript = await exec('node', ['out/main.js'], { cwd: dir, timeoutMs: 60_000 });
    step(`run ${set.headline}`, runScript);
  } else {
    step(`run ${set.headline}`, { status: 1, output: 'tsc emitted no out/main.js', ms: 0 });
  }
  const bundler = await exec('node', [tsc, '-p', 'tsconfig.bundler.json'], { cwd: dir });
  step('tsc (Bundler)', bundler);
  return { set, steps, failures, empty, thirdParty };
}

const t1 = performance.now();
const results = await mapLimit(sets, 2, checkSet);
let setFailed = false;
for (const { set, steps, failures, empty = [], thirdParty } of results) {
  const ok = failures.length === 0 && empty.length === 0;
  if (!ok) setFailed = true;
  console.log(`\npack-check: ${ok ? 'ok  ' : 'FAIL'} set ${set.name} (${set.headline})`);
  if (thirdParty) {
    const list = thirdParty.sort().join(', ');
    console.log(
      `      installs ${thirdParty.length} third-party package(s)${list ? `: ${list}` : ''}`,
    );
  }
  for (const s of steps) {
    console.log(`      ${s.ok ? 'ok  ' : 'FAIL'} ${s.name} (${seconds(s.ms)})`);
  }
  for (const name of empty) {
    console.log(
      `      FAIL ${name} has no runtime exports: the package is not implemented yet (its src/index.ts exports nothing)`,
    );
  }
  for (const f of failures) console.log(`      --- ${f.name}:\n${indent(f.output, '        ')}`);
}

console.log(
  `\npack-check: sets done in ${seconds(performance.now() - t1)}; total ${seconds(performance.now() - started)}`,
);
const failed = inspectFailed || setFailed;
if (args.keep || failed) console.log(`pack-check: work dir kept at ${tmp}`);
else rmSync(tmp, { recursive: true, force: true });
console.log(failed ? 'pack-check: FAILED' : 'pack-check: all sets pass');
process.exit(failed ? 1 : 0);
