#!/usr/bin/env node
// Runs publint on every library package (after `pnpm build`): the `exports` map, `types`
// conditions, formats and the published file list (from `npm pack --dry-run`).
// Errors and warnings fail; suggestions are printed.
//
// Usage: node scripts/publint.mjs [--package <dir>]...
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { libraryPackages, parseArgs } from './lib/workspace.mjs';

const args = parseArgs(process.argv.slice(2), { lists: ['package'] });
const all = libraryPackages();
const packages = args.package.length ? all.filter((p) => args.package.includes(p.dir)) : all;
const started = performance.now();

const results = await Promise.all(
  packages.map(async (library) => {
    const { messages } = await publint({ pkgDir: library.path, level: 'suggestion', pack: 'npm' });
    return { library, messages };
  }),
);

let failed = false;
for (const { library: pkg, messages } of results) {
  const manifest = JSON.parse(readFileSync(join(pkg.path, 'package.json'), 'utf8'));
  const blocking = messages.filter((m) => m.type !== 'suggestion');
  if (blocking.length) failed = true;
  console.log(`publint: ${blocking.length ? 'FAIL' : 'ok  '} ${pkg.name}`);
  for (const m of messages) {
    console.log(`      ${m.type}: ${formatMessage(m, manifest, { color: false }) ?? m.code}`);
  }
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(failed ? `publint: FAILED in ${seconds}s` : `publint: ok in ${seconds}s`);
process.exit(failed ? 1 : 0);
