// Runs every benchmark file in this folder (`*.bench.mjs`), one after another, each in its
// own Node process, so peers are measured side by side in one run. Pass names to pick some:
// `pnpm bench core sync`; flags go to each file (`pnpm bench core --quick`: tiny sizes, as CI).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
/** Flags such as `--quick` go to every benchmark file. */
const flags = process.argv.slice(2).filter((arg) => arg.startsWith('--'));
const files = readdirSync(here)
  .filter((name) => name.endsWith('.bench.mjs'))
  .filter((name) => wanted.length === 0 || wanted.some((w) => name.startsWith(w)))
  .sort();
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const result = spawnSync(process.execPath, ['--expose-gc', join(here, file), ...flags], {
    stdio: 'inherit',
  });
  if (result.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
