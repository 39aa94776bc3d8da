/**
 * A CLI that follows conventions (issue 19 item 9): --version, -h on every subcommand, help
 * per action, value names that say what an option takes, exec's input and exit codes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliCommand } from '../../src/cli/shared/command.js';
import { actionsOf, valueName } from '../../src/cli/help.js';
import { childProcessBudget, cli } from '../support/cli.js';

const folder = fileURLToPath(new URL('../../src/cli/subcommands/', import.meta.url));
const names = readdirSync(folder)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => basename(file, '.ts'));
const load = async (name: string): Promise<CliCommand> => {
  const module = (await import(pathToFileURL(`${folder}${name}.ts`).href)) as Record<
    string,
    CliCommand
  >;
  return Object.values(module).find((value) => value.name === name)!;
};
const { version } = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as { version: string };

describe('the CLI’s help', () => {
  it('names what every string option takes, and ties action options to actions that exist', async () => {
    for (const name of names) {
      const command = await load(name);
      for (const [option, spec] of Object.entries(command.options)) {
        if (spec.type === 'string')
          expect(valueName(option, spec), `${name} --${option}`).toBeDefined();
        const actions = actionsOf(spec);
        if (actions)
          expect(
            command.actions?.map((a) => a.name),
            `${name} --${option}: ${spec.description}`,
          ).toEqual(expect.arrayContaining([...actions]));
      }
    }
  });

  it('names an option’s value in the usage lines as its option line does', async () => {
    for (const name of names) {
      const command = await load(name);
      const usages = [command.usage, ...(command.actions ?? []).map((action) => action.usage)];
      for (const usage of usages)
        for (const [, option, value] of usage.matchAll(/--([a-z-]+) ([A-Z][A-Za-z0-9:,…|-]*)/g)) {
          const spec = command.options[option!];
          if (spec) expect(valueName(option!, spec), `${name}: ${usage}`).toBe(value);
        }
    }
  });

  it(
    'answers --version, and -h on every subcommand (real child processes)',
    async () => {
      const printed = await cli(['--version']);
      expect(printed).toMatchObject({ code: 0, stdout: `callstream ${version}\n` });
      for (const name of names) {
        const help = await cli([name, '-h']);
        expect(help.code, name).toBe(0);
        expect(help.stdout, name).toContain('Usage: callstream');
        expect(help.stdout, name).not.toContain(' VALUE ');
      }
    },
    childProcessBudget(names.length + 1),
  );

  it(
    'lists under "Options for every command" only options every command takes (real child processes)',
    async () => {
      const help = await cli(['--help']);
      const section = help.stdout.split('Options for every command:\n')[1]!;
      const options = [...section.matchAll(/^ {2}(?:-[a-zA-Z], )?(--[a-z-]+)(?: (\S+))?/gm)];
      expect(options.map(([, option]) => option)).toEqual(
        expect.arrayContaining(['--db', '--json']),
      );
      const db = join(tmpdir(), 'callstream-help-never-opened.db');
      const values: Record<string, string> = { FILE: db };
      for (const [, option, value] of options) {
        // Its value as help names it: a file, or the first of the choices.
        const given = value === undefined ? [] : [values[value] ?? value.split('|')[0]!];
        const run = await cli(['schema', '--event', 'TimeZoneSet', option!, ...given]);
        expect(run.code, `${option} ${given.join(' ')}: ${run.stderr}`).toBe(0);
      }
    },
    childProcessBudget(8),
  );

  it(
    'gives each action its own help: its usage and only its options',
    async () => {
      const stats = await cli(['sla', 'stats', '--help']);
      expect(stats.code).toBe(0);
      expect(stats.stdout).toContain(
        'Usage: callstream sla stats [--by priority|group|customer|contract] [--as-of INSTANT]',
      );
      expect(stats.stdout).toContain('--by DIMENSION');
      expect(stats.stdout).not.toContain('--file');
      const sla = await cli(['sla', '--help']);
      expect(sla.stdout).toMatch(/Actions \(callstream sla ACTION --help for one\):\n {2}publish/);
      expect(sla.stdout).not.toBe(stats.stdout);
    },
    childProcessBudget(2),
  );

  it(
    'says what exec reads and what its exit codes mean',
    async () => {
      const help = await cli(['exec', '--help']);
      expect(help.stdout).toContain('one command per line');
      expect(help.stdout).toMatch(/Exit codes: 0 .*; 1 .*\n.*2 a usage error/);
    },
    childProcessBudget(1),
  );
});
