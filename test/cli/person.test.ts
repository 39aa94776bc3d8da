import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childProcessBudget, cli, json } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';

interface Exported {
  person: string;
  state: string;
  records: Array<{ type: string; values: Record<string, string> }>;
}

describe('callstream person (issue 18): export and forget a requester of a demo call', () => {
  const file = temporaryDatabase();
  const db = file.path;
  beforeAll(
    async () => {
      expect((await cli(['demo', '--calls', '20', '--seed', '5', '--db', db])).code).toBe(0);
    },
    childProcessBudget(1, { demoCalls: 20 }),
  );
  afterAll(() => file.remove());

  it(
    'exports the person decrypted, forgets them, shows [erased], keeps replay and verify, and forgetting twice changes nothing',
    async () => {
      const number = 'C-000003';
      const exported = json<Exported[]>(
        await cli(['person', 'export', `requester:${number}`, '--db', db]),
      );
      const name = exported[0]!.records.find((r) => r.type === 'CallLogged')!.values[
        'data.reporter.name'
      ]!;
      expect(name).not.toBe('[erased]');
      expect((await cli(['log', number, '--db', db])).stdout).toContain(name);

      const refused = await cli([
        'person',
        'forget',
        'contact:nobody/none',
        '--reason',
        'DSR-1',
        '--db',
        db,
      ]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('contact:nobody/none');

      const forgotten = await cli([
        'person',
        'forget',
        `requester:${number}`,
        '--reason',
        'DSR-2026-001',
        '--db',
        db,
        '--json',
      ]);
      expect(forgotten.code).toBe(0);
      expect(json(forgotten)).toMatchObject({ forgotten: true });

      const log = (await cli(['log', number, '--db', db])).stdout;
      expect(log).toContain('[erased]');
      expect(
        log
          .split('\n')
          .filter((line) => line.includes('Reported by'))
          .join('\n'),
      ).not.toContain(name);
      const after = json<Exported[]>(
        await cli(['person', 'export', `requester:${number}`, '--db', db]),
      );
      expect(after[0]!.state).toBe('forgotten');
      expect(
        after
          .flatMap((e) => e.records.flatMap((r) => Object.values(r.values)))
          .every((value) => value === '[erased]'),
      ).toBe(true);

      const replay = await cli(['replay', '--db', db]);
      expect(replay.code).toBe(0);
      expect(replay.stdout).toContain('identical');
      expect((await cli(['verify', '--db', db])).code).toBe(0);

      expect(
        json(
          await cli([
            'person',
            'forget',
            `requester:${number}`,
            '--reason',
            'DSR-2026-001',
            '--db',
            db,
            '--json',
          ]),
        ),
      ).toMatchObject({ forgotten: false, alreadyForgotten: true });
    },
    childProcessBudget(9),
  );
});
