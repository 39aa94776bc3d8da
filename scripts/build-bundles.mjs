// The bundles `npm run build` makes after tsc:
// - The CLI ships as one bundle (dist/cli-bundle): a command starts in about half the CPU
//   time of the ~300 separate modules tsc emits (Node's ES module loader costs per module,
//   and zod's 64 locale modules are dropped as unused). Subcommands stay chunks loaded only
//   when they run; better-sqlite3 (native) and the EventStoreDB client (loaded only when
//   used) stay outside. meta.json records which sources went into which file: the
//   lazy-loading test reads it.
// - The library's verify worker (dist/audit/verify-worker.js, tsc's output replaced) is one
//   file: a thread starting on it is up in about two thirds of the time, and every
//   millisecond of its start is one it does not walk.
import { rmSync, writeFileSync } from 'node:fs';
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
const result = await build({
  ...common,
  // verify's worker is loaded by URL beside the code that starts it: an entry of its own.
  entryPoints: ['src/cli/main.ts', 'src/audit/verify-worker.ts'],
  entryNames: '[name]',
  outdir,
  splitting: true,
  metafile: true,
});
writeFileSync(`${outdir}/meta.json`, JSON.stringify(result.metafile));
