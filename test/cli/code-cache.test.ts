/**
 * The command line starts from its bundle through V8's code cache (src/launch/cli.ts): the
 * cache the build made is the one V8 takes, one made from another bundle is never used (V8
 * itself would take it whenever the two are of one length, and run the old code), and a
 * cache V8 refuses only costs the compiling it would have saved. Each case runs in a child
 * process of its own, where V8's flags are those a user's command starts with.
 */
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { childProcessBudget, runNode, type CliRun } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';

const launcher = fileURLToPath(new URL('../../dist/launch/cli.js', import.meta.url));
const shipped = fileURLToPath(new URL('../../dist/cli-bundle/', import.meta.url));
const tmp = temporaryDatabase();
afterAll(() => tmp.remove());
// The copies below require better-sqlite3 as the shipped bundle does: from the dependencies above them.
symlinkSync(
  fileURLToPath(new URL('../../node_modules', import.meta.url)),
  join(tmp.dir, 'node_modules'),
);

/** Loads the CLI from `directory` in a child process: what became of the cache, then `callstream --help`'s output. */
function helpFrom(directory: string, nodeOptions: readonly string[] = []) {
  const script = `const { loadCli } = await import(${JSON.stringify(launcher)});
const cli = loadCli(${JSON.stringify(directory)});
process.stdout.write(cli.codeCache + '\\n');
process.exitCode = await cli.main(['--help']);`;
  return runNode([...nodeOptions, '--input-type=module', '-e', script]);
}

/** The CLI ran and printed its help, and the code cache went as said. */
function expectHelp(run: CliRun, codeCache: string) {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout.split('\n')[0]).toBe(codeCache);
  expect(run.stdout).toContain('Usage: callstream');
}

describe('the CLI code cache (real child processes)', () => {
  it('the bundle is ASCII: read as Latin-1 it is the text esbuild wrote', () => {
    const bundle = readFileSync(join(shipped, 'main.cjs'));
    expect(bundle.findIndex((byte) => byte > 0x7f)).toBe(-1);
  });

  it(
    'the cache made by the build is the one V8 takes',
    async () => {
      expectHelp(await helpFrom(shipped), 'used');
    },
    childProcessBudget(1),
  );

  it(
    'a cache made from another bundle is not used, even one V8 would take (same length)',
    async () => {
      const changed = join(tmp.dir, 'changed');
      cpSync(shipped, changed, { recursive: true });
      const file = join(changed, 'main.cjs');
      const text = readFileSync(file, 'latin1');
      const before = 'One call: its summary';
      const after = 'One CALL: its summary';
      expect(text).toContain(before);
      writeFileSync(file, text.replace(before, after), 'latin1');
      const run = await helpFrom(changed);
      expectHelp(run, 'stale');
      // The bundle's own code ran, not the cache's: the help shows the changed text.
      expect(run.stdout).toContain(after);
      expect(run.stdout).not.toContain(before);
    },
    childProcessBudget(1),
  );

  it(
    'a cache V8 refuses (other flags) is compiled past, and the CLI runs',
    async () => {
      expectHelp(await helpFrom(shipped, ['--max-lazy']), 'rejected');
    },
    childProcessBudget(1),
  );

  it(
    'without a cache the CLI runs',
    async () => {
      const bare = join(tmp.dir, 'bare');
      cpSync(join(shipped, 'main.cjs'), join(bare, 'main.cjs'));
      expectHelp(await helpFrom(bare), 'absent');
    },
    childProcessBudget(1),
  );
});
