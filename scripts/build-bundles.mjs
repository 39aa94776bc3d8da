// The bundles `npm run build` makes after tsc:
// - The CLI ships as one CommonJS script (dist/cli-bundle/main.cjs) with V8's code cache beside
//   it (main.cjs.cache), which dist/launch/cli.js compiles: a command starts without parsing or
//   compiling the code it runs (Node 20's ES module loader takes no code cache). One file
//   instead of tsc's ~300 modules also saves the module loader's cost per module, and zod's
//   64 locale modules are dropped as unused. Subcommands are evaluated only when they run
//   (esbuild wraps what is imported dynamically); better-sqlite3 (native) and the EventStoreDB
//   client (required only when used) stay outside. The cache is made by running the CLI on a
//   small demo in a child process (scripts/cli-code-cache.mjs): what read commands compiled.
// - The library's verify worker (dist/audit/verify-worker.js, tsc's output replaced) is one
//   file: a thread starting on it is up in about two thirds of the time, and every
//   millisecond of its start is one it does not walk. The CLI's verify starts a copy beside
//   the CLI's bundle.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * zod re-exports its 60-odd locales as `z.locales`, which callstream never reads (errors are
 * in English): the bundle keeps English only.
 */
const englishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (file) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: dirname(file.path),
    }));
  },
};

const root = fileURLToPath(new URL('..', import.meta.url));
const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', '@eventstore/db-client'],
  plugins: [englishOnly],
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: ['src/audit/verify-worker.ts'],
  outfile: `${root}dist/audit/verify-worker.js`,
  allowOverwrite: true,
});
// tsc's map was of the file replaced; a map of the bundle would point into dependencies the package does not ship.
rmSync(`${root}dist/audit/verify-worker.js.map`, { force: true });

const outdir = `${root}dist/cli-bundle`;
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir);
const cli = `${outdir}/main.cjs`;
await build({
  ...common,
  format: 'cjs',
  entryPoints: ['src/cli/main.ts'],
  outfile: cli,
  // The CLI finds package.json and verify's worker relative to its own file.
  define: { 'import.meta.url': '__callstreamCliUrl' },
  banner: { js: 'var __callstreamCliUrl = require("node:url").pathToFileURL(__filename).href;' },
});
// ASCII only, so the launcher reads it as a one-byte string: esbuild escapes strings but keeps
// comments (and a regular expression's literal characters) as written. \uXXXX means the same
// character in a string, a regular expression and an identifier, and nothing in a comment.
// One after a backslash would change meaning: the build stops rather than guess.
const written = readFileSync(cli, 'utf8');
if (/\\[\u0080-\uffff]/.test(written))
  throw new Error(`${cli}: a non-ASCII character after a backslash; escape it in the source`);
writeFileSync(
  cli,
  written.replace(
    /[\u0080-\uffff]/g,
    (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`,
  ),
);
copyFileSync(`${root}dist/audit/verify-worker.js`, `${outdir}/verify-worker.js`);

// Made in a child process of its own, as a user's command starts: no flags, no NODE_OPTIONS.
const env = { ...process.env };
delete env.NODE_OPTIONS;
const trained = spawnSync(process.execPath, [`${root}scripts/cli-code-cache.mjs`], {
  env,
  encoding: 'utf8',
});
if (trained.status !== 0)
  throw new Error(`Making the CLI's code cache failed (exit ${trained.status}): ${trained.stderr}`);
