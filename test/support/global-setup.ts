import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Child-process tests run the real, compiled program (dist/), as a user would. Build it
 * afresh once before the suite so they never run yesterday's code.
 */
export default function setup(): void {
  // tsc never deletes: a file renamed in src/ would leave its old output (and source map) behind.
  rmSync(new URL('../../dist', import.meta.url), { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  // As it ships: the CLI one bundle, verify's worker one file (scripts/build-bundles.mjs).
  execFileSync(
    process.execPath,
    [fileURLToPath(new URL('../../scripts/build-bundles.mjs', import.meta.url))],
    {
      stdio: 'inherit',
    },
  );
  // As `npm run build` ends: what dist/ was built from (scripts/build-inputs.mjs).
  execFileSync(process.execPath, [
    fileURLToPath(new URL('../../scripts/build-inputs.mjs', import.meta.url)),
    'record',
  ]);
}
