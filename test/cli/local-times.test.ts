import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { childProcessBudget, cli, json } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';

const tmp = temporaryDatabase();
const page = temporaryDatabase('c1.html');
afterAll(() => {
  tmp.remove();
  page.remove();
});

/**
 * An organisation works in its own zone (SetTimeZone, `callstream policy time-zone`): the
 * board, a call's card and its log print times on that wall clock with the offset, so
 * nobody converts from UTC; `--utc` prints them in UTC, and JSON keeps ISO instants in UTC.
 */
describe('times in the organisation’s zone (real child process)', () => {
  it(
    'prints the board, show and the log in Paris time with the offset, and in UTC with --utc',
    async () => {
      // Given an organisation in Europe/Paris and a call logged at 09:00 UTC (10:00 in Paris)
      const db = ['--db', tmp.path];
      const zone = await cli(['policy', 'time-zone', 'Europe/Paris', ...db]);
      expect(zone.code, zone.stderr).toBe(0);
      const logged = await cli(['exec', ...db], {
        input: JSON.stringify({
          type: 'LogCall',
          commandId: randomUUID(),
          actor: { id: 'ann', role: 'agent' },
          at: '2026-11-23T09:00:00Z',
          intake: { mode: 'knowledgeable', channel: 'phone' },
          subject: { kind: 'product', productId: 'copier-mx5', category: 'technical-question' },
          description: 'Toner question',
          priority: 2,
        }),
      });
      expect(logged.stdout).toContain('"ok":true');
      const asOf = ['--as-of', '2026-11-23T09:30:00Z'];

      // When the board, the call and its log are printed
      const board = await cli(['board', ...asOf, ...db]);
      const shown = await cli(['show', 'C-000001', ...db]);
      const log = await cli([
        'log',
        'C-000001',
        '--audience',
        'customer',
        '--html',
        page.path,
        ...db,
      ]);

      // Then their times are Paris's, with the offset, and the zone is named
      expect(board.stdout).toContain('service levels as of 2026-11-23 10:30 +01:00 (Europe/Paris)');
      expect(shown.stdout).toMatch(/times in Europe\/Paris/);
      expect(shown.stdout).toMatch(/Reported\s+2026-11-23 10:00 \+01:00 by phone/);
      expect(log.stdout).toContain('2026-11-23 10:00 +01:00');
      expect(readFileSync(page.path, 'utf8')).toContain('>2026-11-23 10:00 +01:00</time>');
      for (const run of [board, shown, log]) expect(run.stdout).not.toMatch(/\d UTC/);

      // When they are printed with --utc, Then in UTC; and JSON stays in UTC
      const utc = await cli(['show', 'C-000001', '--utc', ...db]);
      expect(utc.stdout).toMatch(/Reported\s+2026-11-23 09:00 UTC by phone/);
      expect(utc.stdout).not.toContain('Europe/Paris');
      const boardUtc = await cli(['board', ...asOf, '--utc', ...db]);
      expect(boardUtc.stdout).toContain('service levels as of 2026-11-23 09:30 UTC');
      const shownJson = json<{ call: { reportedAt: string } }>(
        await cli(['show', 'C-000001', '--json', ...db]),
      );
      expect(shownJson.call.reportedAt).toBe('2026-11-23T09:00:00.000Z');
    },
    childProcessBudget(9),
  );
});
