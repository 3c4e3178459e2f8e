// Sums the vitest JSON reports that every package's `test` script writes, and prints
// one closing line for CI: "N passed, N failed, N skipped".
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const group of ['apps', 'packages', 'tooling']) {
  if (!existsSync(group)) continue;
  for (const name of readdirSync(group)) {
    const folder = join(group, name);
    if (!statSync(folder).isDirectory()) continue;
    // A package may write several reports (the site: unit/integration, then end-to-end).
    for (const file of readdirSync(folder).filter((entry) => /^\.test-report.*\.json$/.test(entry))) {
      const json = JSON.parse(readFileSync(join(folder, file), 'utf8'));
      passed += json.numPassedTests ?? 0;
      failed += json.numFailedTests ?? 0;
      skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
      console.log(`  ${folder} (${file}): ${json.numPassedTests} passed, ${json.numFailedTests} failed`);
    }
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
