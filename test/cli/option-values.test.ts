import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { childProcessBudget, cli } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';

const tmp = temporaryDatabase('never-made.db');
afterAll(() => tmp.remove());

const sha256 = 'a'.repeat(64);

/**
 * A command the CLI builds from its options is the command line's: a value its schema refuses
 * is a usage error (exit 2) naming the option, said before any file is opened, so nothing is
 * created or recorded. (A JSON line given to `exec` is a command, refused with exit 1.)
 */
describe('an option value the command refuses is a usage error', () => {
  it(
    'names the option, exits 2, and opens no file',
    async () => {
      const db = tmp.path;
      const cases: Array<[string[], RegExp]> = [
        [['policy', 'time-zone', 'Mars/Base'], /^callstream: ZONE: An IANA time zone/m],
        [
          ['meter', 'alarm', '--serial', 'S1', '--alarm-id', 'a1', '--code', 'E1'].concat([
            '--message',
            'jam',
            '--severity',
            'huge',
          ]),
          /^callstream: --severity: Invalid option: expected one of "critical"/m,
        ],
        [
          ['meter', 'read', '--serial', 'S1', '--meter', 'copies', '--value', '3'].concat([
            '--time-zone',
            'Mars/Base',
          ]),
          /^callstream: Invalid device events run: timeZone: An IANA time zone/m,
        ],
        [
          ['attach', 'C-000001', '--uri', 'https://files/x.pdf', '--size', '10'].concat([
            '--sha256',
            'xyz',
          ]),
          /^callstream: --sha256: A SHA-256 digest: 64 hexadecimal digits$/m,
        ],
        [
          ['attach', 'C-000001', '--uri', 'https://files/x.pdf', '--size=-1', '--sha256', sha256],
          /^callstream: --size: Too small/m,
        ],
        [
          ['plan', 'due', '--until', '2026-12-31T00:00:00Z', '--due-time', '25:00'],
          /^callstream: Invalid planner dry run: dueTime: A local time HH:MM/m,
        ],
      ];
      for (const [args, message] of cases) {
        const run = await cli([...args, '--db', db]);
        expect(run.code, args.join(' ')).toBe(2);
        expect(run.stderr, args.join(' ')).toMatch(message);
      }
      // policy creates a new database for a valid command: the refusal came before it.
      expect(existsSync(db)).toBe(false);
    },
    childProcessBudget(6),
  );
});
