/**
 * Vitest global setup: transpiles `src` (no type check; `typecheck` does that) into
 * `node_modules/.cache/aio-demo-cli`, so the child-process tests run the `aio-demo`
 * executable of the current sources without waiting for a full `tsc` build. Imports of
 * `@aio/*` resolve from there through `apps/demo/node_modules`, as they do from `dist`.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SRC = join(ROOT, 'src');

/** Where the transpiled CLI lives during tests. */
export const CLI_BUILD_DIR = join(ROOT, 'node_modules', '.cache', 'aio-demo-cli');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Transpiles every `src/**\/*.ts` file to ES2022 modules. */
export function setup(): void {
  rmSync(CLI_BUILD_DIR, { recursive: true, force: true });
  mkdirSync(CLI_BUILD_DIR, { recursive: true });
  writeFileSync(join(CLI_BUILD_DIR, 'package.json'), '{ "type": "module" }\n');
  for (const file of sourceFiles(SRC)) {
    const output = ts.transpileModule(readFileSync(file, 'utf8'), {
      fileName: file,
      compilerOptions: {
        module: ts.ModuleKind.ES2022,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
      },
    });
    const target = join(CLI_BUILD_DIR, relative(SRC, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output.outputText);
  }
}
