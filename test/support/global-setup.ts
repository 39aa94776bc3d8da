import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

/**
 * Child-process tests run the real, compiled program (dist/), as a user would. Build it
 * once before the suite so they never run yesterday's code.
 */
export default function setup(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
