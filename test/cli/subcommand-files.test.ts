/**
 * One subcommand per file: src/cli/subcommands/NAME.ts holds the subcommand NAME and no
 * other, so a subcommand is found by its name and loads only its own code.
 */
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliCommand } from '../../src/cli/shared/command.js';
import { cli } from '../support/cli.js';

const folder = fileURLToPath(new URL('../../src/cli/subcommands/', import.meta.url));
const files = readdirSync(folder).filter((file) => file.endsWith('.ts'));
const names = files.map((file) => basename(file, '.ts')).sort();

const isSubcommand = (value: unknown): value is CliCommand =>
  typeof value === 'object' &&
  value !== null &&
  'name' in value &&
  'usage' in value &&
  'run' in value;

describe('one subcommand per file', () => {
  it('each file exports exactly one subcommand, named after the file', async () => {
    for (const file of files) {
      const module = (await import(pathToFileURL(`${folder}${file}`).href)) as Record<
        string,
        unknown
      >;
      const subcommands = Object.values(module).filter(isSubcommand);
      expect(
        subcommands.map((s) => s.name),
        file,
      ).toEqual([basename(file, '.ts')]);
    }
  });

  it('callstream --help lists exactly the subcommands that have a file (real child process)', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    const listed = run.stdout
      .split('Commands:\n')[1]!
      .split('\n\n')[0]!
      .split('\n')
      .map((line) => line.trim().split(/\s+/)[0]);
    expect(listed.sort()).toEqual(names);
    expect(names).toContain('analytics');
    expect(names).toContain('meter');
  });
});
