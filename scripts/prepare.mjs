// npm's `prepare`: builds dist/ unless it was built from exactly these sources (see
// build-inputs.mjs), as when `npx callstream` installs a checkout that `npm ci` just built.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isBuilt } from './build-inputs.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// Everything it says goes to stderr: `npm pack --json` runs it and its stdout must stay JSON.
const stdio = ['inherit', process.stderr, 'inherit'];
if (isBuilt(root)) {
  console.error('callstream: dist/ is built from these sources; the build is skipped');
} else {
  // npm runs this script and says where it is; a `node scripts/prepare.mjs` by hand finds it on the PATH.
  const npm = process.env.npm_execpath;
  const build = npm
    ? spawnSync(process.execPath, [npm, 'run', 'build'], { cwd: root, stdio })
    : spawnSync('npm', ['run', 'build'], { cwd: root, stdio, shell: true });
  process.exitCode = build.status ?? 1;
}
