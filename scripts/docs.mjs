#!/usr/bin/env node
// Generates the API reference (`docs/api`) with TypeDoc from every library's JSDoc, using
// the root `typedoc.json`, and fails when any public name lacks documentation, or when a
// public function or class (error classes aside) lacks an `@example`.
//
// Usage: node scripts/docs.mjs [--check] [--package <dir>]...
//   --check      validate only, write nothing
//   --package    only count problems of these packages (dir names: core, sync, ...)
//
// One TypeDoc run covers all packages (cross-package links resolve to the sources through
// scripts/tsconfig.docs.json). Each warning is attributed to the package it names, and the
// run ends with a per-package summary, so an unfinished package fails on its own line.
// Type errors are left to `pnpm typecheck` (skipErrorChecking), so one package that does
// not compile yet does not hide the documentation problems of the others.
import { performance } from 'node:perf_hooks';
import { Application, ConsoleLogger, LogLevel, ReflectionKind } from 'typedoc';
import { libraryPackages, parseArgs, root } from './lib/workspace.mjs';

const args = parseArgs(process.argv.slice(2), { flags: ['check'], lists: ['package'] });
const started = performance.now();
const packages = libraryPackages();
const selected = args.package.length
  ? packages.filter((p) => args.package.includes(p.dir))
  : packages;

/** Records every message while printing it as TypeDoc normally does. */
class RecordingLogger extends ConsoleLogger {
  messages = [];
  log(message, level) {
    super.log(message, level);
    if (level >= LogLevel.Warn) this.messages.push({ message: String(message), level });
  }
}

/** Which package a TypeDoc message is about: the first `@aio/<x>` or `packages/<x>/`. */
function attribute(message) {
  const hits = [];
  for (const p of packages) {
    for (const needle of [`${p.name}.`, `${p.name}/`, `packages/${p.dir}/`]) {
      const at = message.indexOf(needle);
      if (at !== -1) hits.push({ at, p });
    }
  }
  hits.sort((a, b) => a.at - b.at);
  return hits[0]?.p;
}

const logger = new RecordingLogger();
process.chdir(root);
const app = await Application.bootstrapWithPlugins(
  { options: 'typedoc.json', ...(args.check ? { emit: 'none' } : {}) },
  undefined,
);
app.logger = logger;
logger.level = app.options.getValue('logLevel');

const project = await app.convert();
if (!project) {
  console.error('docs: TypeDoc could not convert the project (see the errors above)');
  process.exit(1);
}
app.validate(project);

// The house style asks for an @example on every main entry point: each public function or
// class without one (error classes left out) is a problem of its package and fails the run.
/** Error classes are documented by their `code`; they need no example. */
function isErrorClass(reflection, depth = 0) {
  if (depth > 8 || !reflection?.kindOf?.(ReflectionKind.Class)) return false;
  return (reflection.extendedTypes ?? []).some(
    (type) =>
      ['Error', 'AggregateError', 'TypeError', 'RangeError'].includes(type.name) ||
      isErrorClass(type.reflection, depth + 1),
  );
}
const problems = new Map(packages.map((p) => [p.name, []]));
for (const mod of project.getChildrenByKind(ReflectionKind.Module)) {
  const pkg = packages.find((p) => mod.name === p.name || mod.name.startsWith(`${p.name}/`));
  for (const child of mod.children ?? []) {
    if (!child.kindOf([ReflectionKind.Function, ReflectionKind.Class])) continue;
    if (isErrorClass(child)) continue;
    const comments = [child.comment, ...(child.signatures ?? []).map((s) => s.comment)];
    if (!comments.some((c) => c?.getTag('@example'))) {
      problems.get(pkg?.name)?.push(`${mod.name}.${child.name}: no @example`);
    }
  }
}

const unattributed = [];
for (const entry of logger.messages) {
  const pkg = attribute(entry.message);
  (pkg ? problems.get(pkg.name) : unattributed).push(entry.message);
}

if (!args.check && !logger.hasErrors()) {
  await app.generateOutputs(project);
}

console.log('\ndocs: per-package summary');
let failed = unattributed.length > 0;
for (const p of packages) {
  const list = problems.get(p.name);
  const counted = selected.includes(p);
  const status = list.length === 0 ? 'ok' : counted ? 'FAIL' : 'fail (not selected)';
  if (list.length > 0 && counted) failed = true;
  console.log(`  ${status.padEnd(20)} ${p.name}: ${list.length} problem(s)`);
  for (const message of list) console.log(`      - ${message}`);
}
for (const message of unattributed) console.log(`  FAIL (workspace): ${message}`);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  failed
    ? `docs: FAILED in ${seconds}s: a public name without JSDoc or @example, or a doc comment TypeDoc rejects (above)`
    : `docs: ok in ${seconds}s${args.check ? '' : ` -> ${app.options.getValue('out')}`}`,
);
process.exit(failed ? 1 : 0);
