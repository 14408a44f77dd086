// Sums vitest's JSON reports of every workspace package and prints the closing CI line.
// Exits non-zero when a test failed or a package that has tests wrote no report.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let passed = 0;
let failed = 0;
let missing = [];
for (const group of ['packages', 'apps']) {
  if (!existsSync(group)) continue;
  for (const name of readdirSync(group)) {
    const dir = join(group, name);
    if (!existsSync(join(dir, 'test'))) continue;
    const report = join(dir, '.vitest-results', 'results.json');
    if (!existsSync(report)) {
      missing.push(dir);
      continue;
    }
    const results = JSON.parse(readFileSync(report, 'utf8'));
    passed += results.numPassedTests;
    failed += results.numFailedTests;
    // A file that failed to load or run has no failed assertion of its own: count it once, so
    // a broken file never reads as green. (numFailedTestSuites also counts describe blocks,
    // which would count one failed test several times.)
    for (const file of results.testResults ?? []) {
      const failedInFile = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
      if (file.status === 'failed' && failedInFile.length === 0) failed += 1;
    }
  }
}
if (missing.length > 0) console.log(`no test report from: ${missing.join(', ')}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || missing.length > 0 ? 1 : 0);
