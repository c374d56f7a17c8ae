import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Builds dist/ once when a test run starts without it (the CLI tests run the real bundle, the import jobs its worker, citations the CSL files in dist/csl). */
export default function setup(): void {
  if (!existsSync('dist/cli/apostil.js') || !existsSync('dist/worker/import.js') || !existsSync('dist/csl/source.json')) {
    execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  }
}
