// Makes the CLI's code cache (dist/cli-bundle/main.cjs.cache; see dist/launch/cli.js): runs the
// read commands users start most, on a small demo, then writes what V8 compiled for them. Run by
// build-bundles.mjs in a child process of its own, with V8's flags as a user's command has them.
// The demo runs in another process: a cache holding what the demo compiled too is larger
// (1.6 MB against 1.1), and every command pays for reading it (`show` about 20 ms).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCli, writeCodeCache } from '../dist/launch/cli.js';

const bin = fileURLToPath(new URL('../bin/callstream.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'callstream-code-cache-'));
const db = join(dir, 'demo.db');
try {
  const demo = spawnSync(process.execPath, [bin, 'demo', '--calls', '6', '--db', db], {
    encoding: 'utf8',
  });
  if (demo.status !== 0) throw new Error(`callstream demo exited ${demo.status}: ${demo.stderr}`);
  const cli = loadCli(undefined, { codeCache: false });
  for (const argv of [
    ['--help'],
    ['board', '--db', db],
    ['show', 'C-000001', '--db', db],
    ['log', 'C-000001', '--db', db],
    ['history', '--db', db],
  ]) {
    const code = await cli.main(argv);
    if (code !== 0) throw new Error(`callstream ${argv.join(' ')} exited ${code}`);
  }
  writeCodeCache(cli);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
