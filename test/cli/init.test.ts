import { afterAll, describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { childProcessBudget, cli, json } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';

const files: Array<{ remove(): void }> = [];
const database = () => {
  const file = temporaryDatabase();
  files.push(file);
  return file.path;
};
afterAll(() => files.forEach((file) => file.remove()));

describe('callstream init (real child process)', () => {
  it(
    '--example creates a database holding the example company, which calls are then validated against',
    async () => {
      const db = database();
      const created = await cli(['init', '--example', '--year', '2026', '--db', db, '--json']);
      expect(created.stderr).toBe('');
      expect(created.code).toBe(0);
      const report = json<{
        example: boolean;
        commands: number;
        written: number;
        recorded: Record<string, number>;
      }>(created);
      expect(report).toMatchObject({ example: true, year: 2026 });
      expect(report.written).toBe(report.commands);
      expect(report.recorded).toMatchObject({ customers: 6, contracts: 6 });

      // A call for Acme's covered server in Paris: the example's contract covers it.
      const logCall = {
        type: 'LogCall',
        commandId: uuid(),
        actor: { id: 'ann', role: 'agent' },
        at: '2026-03-02T09:00:00Z',
        intake: { mode: 'knowledgeable', channel: 'phone' },
        subject: { kind: 'customer', customerId: 'acme', siteId: 'acme-paris' },
        item: { item: 'server-r740', serialNumber: 'SERVER-ACMP1' },
        description: 'Server does not boot',
      };
      const logged = await cli(['exec', '--db', db], { input: `${JSON.stringify(logCall)}\n` });
      expect(logged.code).toBe(0);
      const reply = JSON.parse(logged.stdout) as {
        ok: boolean;
        result: { number: string; state: { coverage?: { verdict: string } } };
      };
      expect(reply.ok).toBe(true);
      expect(reply.result.number).toBe('C-000001');
      expect(reply.result.state.coverage?.verdict).toBe('covered');
    },
    childProcessBudget(2),
  );

  it(
    "--example --year next year records that year's set-up, dated ahead of the clock on purpose, and board reads it",
    async () => {
      const db = database();
      const year = new Date().getUTCFullYear() + 1;
      const created = await cli([
        'init',
        '--example',
        '--year',
        String(year),
        '--db',
        db,
        '--json',
      ]);
      expect(created.code, created.stderr).toBe(0);
      const report = json<{ commands: number; written: number }>(created);
      expect(report).toMatchObject({ example: true, year });
      expect(report.written).toBe(report.commands);
      const board = await cli(['board', '--db', db]);
      expect(board.code, board.stderr).toBe(0);
      expect(board.stdout).toContain('No open calls');
    },
    childProcessBudget(2),
  );

  it(
    'creates an empty database without --example, and refuses one that already holds a history',
    async () => {
      const db = database();
      const empty = await cli(['init', '--db', db]);
      expect(empty.code).toBe(0);
      expect(empty.stdout).toContain('an empty callstream database');
      // It is there, and read commands open it: init made it, and left it made.
      const board = await cli(['board', '--db', db]);
      expect(board.code, board.stderr).toBe(0);
      expect(board.stdout).toContain('No open calls');
      // An empty callstream database is still new: the example may go into it.
      const example = await cli(['init', '--example', '--db', db]);
      expect(example.code).toBe(0);
      expect(example.stdout).toMatch(/with the example company for \d{4} \(\d+ commands\)/);
      expect(example.stdout).toMatch(/6 customers/);
      const again = await cli(['init', '--example', '--db', db]);
      expect(again.code).toBe(2);
      expect(again.stderr).toContain('already holds a history');
      const yearAlone = await cli(['init', '--year', '2026', '--db', database()]);
      expect(yearAlone.code).toBe(2);
      expect(yearAlone.stderr).toContain('--year goes with --example');
    },
    childProcessBudget(5),
  );

  it(
    'has its own help',
    async () => {
      const help = await cli(['init', '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Usage: callstream init [--example [--year YYYY]] [--db FILE]');
      expect(help.stdout).toContain('--example');
    },
    childProcessBudget(1),
  );
});
