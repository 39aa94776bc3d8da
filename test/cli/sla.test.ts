import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { childProcessBudget, cli, json } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';

const tmp = temporaryDatabase();
afterAll(() => tmp.remove());

const office = (responseMinutes: number, resolutionMinutes: number) => ({
  name: 'Paris office',
  calendars: {
    paris: {
      kind: 'business-hours',
      id: 'paris',
      timeZone: 'Europe/Paris',
      workingHours: {
        monday: [
          { from: '08:00', to: '12:00' },
          { from: '13:00', to: '17:00' },
        ],
        tuesday: [
          { from: '08:00', to: '12:00' },
          { from: '13:00', to: '17:00' },
        ],
      },
    },
  },
  defaultPriority: 2,
  priorities: { 2: { responseMinutes, resolutionMinutes, calendar: 'paris' } },
});

describe('callstream sla (real child process)', () => {
  it(
    'publishes rules, escalates idempotently, replays what-if and reports statistics',
    async () => {
      const db = tmp.path;
      const rulesFile = join(tmp.dir, 'office.json');
      writeFileSync(rulesFile, JSON.stringify(office(240, 480)));
      const published = json(
        await cli([
          'sla',
          'publish',
          '--rule-set',
          'office',
          '--file',
          rulesFile,
          '--effective-from',
          '2026-01-01T00:00:00Z',
          '--default',
          '--db',
          db,
          '--json',
        ]),
      );
      expect(published).toMatchObject({ ruleSetId: 'office', version: 1, default: true });

      const sam = { id: 'sam', role: 'supervisor' };
      const masterData = [
        {
          type: 'RegisterCustomer',
          commandId: uuid(),
          actor: sam,
          customerId: 'acme',
          name: 'Acme',
        },
        {
          type: 'RegisterContract',
          commandId: uuid(),
          actor: sam,
          contractId: 'acme-2026',
          customerId: 'acme',
          from: '2026-01-01',
          until: '2026-12-31',
        },
      ];
      const logCall = {
        type: 'LogCall',
        commandId: uuid(),
        actor: { id: 'ann', role: 'agent' },
        at: '2026-11-23T08:00:00Z',
        intake: { mode: 'knowledgeable', channel: 'phone' },
        subject: { kind: 'customer', customerId: 'acme' },
        description: 'Printer offline',
        chargeable: true,
      };
      const logged = await cli(['exec', '--db', db], {
        input: [...masterData, logCall].map((c) => JSON.stringify(c)).join('\n'),
      });
      const replies = logged.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(replies.map((r: { ok: boolean }) => r.ok)).toEqual([true, true, true]);
      expect(replies[2].result.state.serviceLevel).toMatchObject({
        ruleSetId: 'office',
        version: 1,
        source: 'company',
        responseDueAt: '2026-11-23T13:00:00.000Z',
      });
      expect(replies[2].result.state.coverage).toMatchObject({
        verdict: 'not-covered',
        contractId: 'acme-2026',
        chargeable: true,
      });

      const first = json<{ escalations: Array<{ level: string }> }>(
        await cli(['sla', 'escalate', '--as-of', '2026-11-23T11:30:00Z', '--db', db, '--json']),
      );
      expect(first.escalations.map((e) => e.level)).toEqual(['warning']);
      const again = json<{ escalations: unknown[] }>(
        await cli(['sla', 'escalate', '--as-of', '2026-11-23T11:30:00Z', '--db', db, '--json']),
      );
      expect(again.escalations).toEqual([]);
      // A typo years ahead is refused before a single call is judged: recorded, it would lock them.
      const ahead = await cli(['sla', 'escalate', '--as-of', '2030-01-01T00:00:00Z', '--db', db]);
      expect(ahead.code).not.toBe(0);
      expect(ahead.stderr).toMatch(
        /asOf: 2030-01-01T00:00:00.000Z lies \d+ days ahead of this system's clock/,
      );

      writeFileSync(rulesFile, JSON.stringify(office(60, 120)));
      await cli([
        'sla',
        'publish',
        '--rule-set',
        'office',
        '--file',
        rulesFile,
        '--effective-from',
        '2027-01-01T00:00:00Z',
        '--db',
        db,
      ]);
      const whatIf = json<{
        differences: Array<{ target: string; recorded: string; alternative: string }>;
      }>(
        await cli([
          'sla',
          'what-if',
          '--rule-set',
          'office',
          '--version',
          '2',
          '--as-of',
          '2026-11-23T11:30:00Z',
          '--db',
          db,
          '--json',
        ]),
      );
      // 12:30 in Paris, 3 business hours in: at risk and on track under v1 (4 h, 8 h), both breached under v2 (1 h, 2 h).
      expect(whatIf.differences).toEqual([
        expect.objectContaining({
          target: 'response',
          recorded: 'at-risk',
          alternative: 'breached',
        }),
        expect.objectContaining({
          target: 'resolution',
          recorded: 'on-track',
          alternative: 'breached',
        }),
      ]);

      // Without --version, which rules to judge by is asked, not taken to be version 1.
      const unnamed = await cli(['sla', 'what-if', '--rule-set', 'office', '--db', db]);
      expect(unnamed).toMatchObject({ code: 2, stdout: '' });
      expect(unnamed.stderr).toMatch(
        /Which version\? callstream sla what-if --rule-set ID --version N/,
      );

      // By customer as of an instant; then only the calls reported in a period (this one: 23 November).
      const statsOf = async (...period: string[]) =>
        json<{
          from: string | null;
          to: string | null;
          rows: Array<{ key: string; calls: number; responseBreached: number }>;
        }>(
          await cli([
            'sla',
            'stats',
            '--by',
            'customer',
            '--as-of',
            '2026-11-23T16:00:00Z',
            ...period,
            '--db',
            db,
            '--json',
          ]),
        );
      const stats = await statsOf();
      expect(stats.rows.find((row) => row.key === 'acme')).toMatchObject({
        calls: 1,
        responseBreached: 1,
      });
      const statsFrom = (from: string, to: string) => statsOf('--from', from, '--to', to);
      const november = await statsFrom('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z');
      expect(november).toMatchObject({
        from: '2026-11-01T00:00:00.000Z',
        to: '2026-12-01T00:00:00.000Z',
      });
      expect(november.rows.find((row) => row.key === 'acme')).toMatchObject({ calls: 1 });
      const october = await statsFrom('2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z');
      expect(october.rows.find((row) => row.key === 'acme')).toBeUndefined();
      const text = await cli(['sla', 'stats', '--db', db, '--as-of', '2026-11-23T16:00:00Z']);
      expect(text.stdout).toMatch(/P2\s+1/);
      expect((await cli(['sla', 'frobnicate', '--db', db])).code).toBe(2);
    },
    childProcessBudget(12),
  );
});
