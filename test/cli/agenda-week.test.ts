import { afterAll, describe, expect, it } from 'vitest';
import { officeCalendar } from '../../src/domain/index.js';
import { childProcessBudget, cli, json } from '../support/cli.js';
import { commandLine } from '../support/cli-history.js';
import { temporaryDatabase } from '../support/files.js';

const sam = { id: 'sam', role: 'supervisor' };
const ann = { id: 'ann', role: 'agent' };

/**
 * `callstream agenda` shows the organisation's week: Monday 00:00 to Monday 00:00 on its
 * clock (SetTimeZone), with --utc too, which prints the same week's times in UTC.
 */
describe('callstream agenda in Tokyo (real child processes)', () => {
  const file = temporaryDatabase();
  afterAll(() => file.remove());

  it(
    'shows a Monday 08:00 visit in its week, not the week before, and keeps that week with --utc',
    async () => {
      // Given an organisation in Tokyo and eve's visit Monday 23 November 2026 08:00–09:30
      // there: Sunday 22 November 23:00 in UTC, in UTC's week 47
      const db = ['--db', file.path];
      const history = [
        commandLine(sam, '2026-01-01T00:00:00Z', 'SetTimeZone', { timeZone: 'Asia/Tokyo' }),
        commandLine(sam, '2026-11-01T00:00:00Z', 'DefineEngineer', {
          engineerId: 'eve',
          from: '2026-01-01',
          groups: ['field'],
          skills: [],
          areas: [],
          calendar: officeCalendar({ id: 'office-tokyo', timeZone: 'Asia/Tokyo' }),
        }),
        commandLine(ann, '2026-11-20T01:00:00Z', 'LogCall', {
          intake: { mode: 'knowledgeable', channel: 'phone' },
          subject: { kind: 'product', productId: 'copier-mx5', category: 'technical-question' },
          description: 'Paper jam',
          priority: 2,
        }),
        commandLine(sam, '2026-11-20T01:10:00Z', 'ScheduleOnSiteVisit', {
          call: 'C-000001',
          engineer: 'eve',
          plannedStart: '2026-11-22T23:00:00Z',
          plannedEnd: '2026-11-23T00:30:00Z',
        }),
      ];
      const exec = await cli(['exec', ...db], { input: `${history.join('\n')}\n` });
      expect(exec.stderr).toBe('');
      expect(exec.code).toBe(0);
      const agenda = (week: string, ...options: string[]) =>
        cli(['agenda', '--engineer', 'eve', '--week', week, ...options, ...db]);

      // When weeks 48 and 47 are shown, on Tokyo's clock and in UTC, and as JSON
      const week48 = await agenda('2026-W48');
      const week47 = await agenda('2026-W47');
      const week48Utc = await agenda('2026-W48', '--utc');
      const week48Json = json<{ timeZone: string; from: string; to: string; visits: unknown[] }>(
        await agenda('2026-W48', '--json'),
      );
      for (const run of [week48, week47, week48Utc]) expect(run.code, run.stderr).toBe(0);

      // Then week 48 is Tokyo's, holds the visit, and is free from 09:30 on Monday
      expect(week48.stdout).toContain(
        'eve, week 2026-W48 in Asia/Tokyo (calendar office-tokyo; times in Asia/Tokyo)',
      );
      expect(week48.stdout).toMatch(
        /^2026-11-23 08:00 \+09:00 +2026-11-23 09:30 \+09:00 +C-000001/m,
      );
      expect(week48.stdout).toMatch(/^2026-11-23 09:30 \+09:00 +2026-11-23 12:00 \+09:00$/m);
      // And week 47 has no visit
      expect(week47.stdout).toContain('Visits: none.');
      // And with --utc the week is still Tokyo's, its times printed in UTC
      expect(week48Utc.stdout).toContain(
        'eve, week 2026-W48 in Asia/Tokyo (calendar office-tokyo; times in UTC)',
      );
      expect(week48Utc.stdout).toMatch(/^2026-11-22 23:00 UTC +2026-11-23 00:30 UTC +C-000001/m);
      // And JSON names the zone and keeps the week's bounds as UTC instants
      expect(week48Json).toMatchObject({
        timeZone: 'Asia/Tokyo',
        from: '2026-11-22T15:00:00.000Z',
        to: '2026-11-29T15:00:00.000Z',
      });
      expect(week48Json.visits).toHaveLength(1);
    },
    childProcessBudget(5),
  );
});
