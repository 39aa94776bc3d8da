import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsRow } from '../../src/projections/analytics.js';
import { childProcessBudget, cli, json } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';

const tmp = temporaryDatabase();
const db = tmp.path;
afterAll(() => tmp.remove());

type Row = AnalyticsRow & { key: string };
interface Report {
  by: string;
  rows: Row[];
}

const analytics = async (...args: string[]): Promise<Report> => {
  const run = await cli(['analytics', ...args, '--db', db, '--json']);
  expect(run.stderr).toBe('');
  return json<Report>(run);
};

/** What the rows add up to: the same whichever way they are cut. */
const totals = (report: Report) => ({
  minutes: report.rows.reduce((n, r) => n + r.minutes, 0),
  costs: report.rows.reduce((n, r) => n + Object.values(r.costs).reduce((a, b) => a + b, 0), 0),
  resolved: report.rows.reduce((n, r) => n + r.resolved, 0),
});

describe('callstream analytics --by engineer|group (real child process)', () => {
  beforeAll(
    async () => {
      const run = await cli(['demo', '--calls', '20', '--seed', '3', '--db', db, '--json']);
      expect(run.code).toBe(0);
    },
    childProcessBudget(1, { demoCalls: 20 }),
  );

  it(
    'shows who did the work: time and costs by the engineer or group that booked them, the calls each worked and resolved',
    async () => {
      const byPurpose = await analytics('--by', 'purpose');
      const byEngineer = await analytics('--by', 'engineer');
      const byGroup = await analytics('--by', 'group');
      expect(byEngineer.by).toBe('engineer');
      // The demo's engineers book time on their calls, and solve others without booking.
      expect(byEngineer.rows.filter((r) => r.minutes > 0).length).toBeGreaterThan(2);
      expect(totals(byPurpose).minutes).toBeGreaterThan(0);
      // Every minute, cost and solution counts once, whichever way the rows cut them.
      expect(totals(byEngineer)).toEqual(totals(byPurpose));
      expect(totals(byGroup)).toEqual(totals(byPurpose));
      const calls = byPurpose.rows.reduce((n, r) => n + r.calls, 0);
      for (const row of [...byEngineer.rows, ...byGroup.rows]) {
        expect(row.calls).toBeLessThanOrEqual(calls);
        expect(Object.values(row.minutesByLabour).reduce((a, b) => a + b, 0)).toBe(row.minutes);
        expect(row.underWarranty + row.notCovered).toBeLessThanOrEqual(row.calls);
      }
      // Most calls first.
      const counted = byEngineer.rows.map((r) => r.calls);
      expect(counted).toEqual([...counted].sort((a, b) => b - a));

      const text = await cli(['analytics', '--by', 'engineer', '--db', db]);
      expect(text.code).toBe(0);
      const [header, , first] = text.stdout.split('\n');
      expect(header).toMatch(
        /^engineer\s+Calls\s+Hours\s+Hours by labour\s+Costs\s+Under warranty\s+Not covered\s+Resolved$/,
      );
      const top = byEngineer.rows[0]!;
      const hours = (minutes: number) => Math.round(minutes / 6) / 10;
      const labour = Object.entries(top.minutesByLabour)
        .sort((a, b) => b[1] - a[1])
        .map(([type, minutes]) => `${type} ${hours(minutes)}`)
        .join(', ');
      expect(labour).not.toBe('');
      expect(first).toMatch(
        new RegExp(
          `^${top.key}\\s+${top.calls}\\s+${hours(top.minutes)}\\s+${labour}\\s.*\\s${top.resolved}$`,
        ),
      );
    },
    childProcessBudget(4),
  );

  it(
    'counts the calls reported in --from/--to: a period cut in two adds up to the whole',
    async () => {
      const shown = json<{ summary: { reportedAt: string } }>(
        await cli(['show', 'C-000010', '--db', db, '--json']),
      );
      const cut = shown.summary.reportedAt;
      const whole = await analytics('--by', 'engineer');
      const before = await analytics('--by', 'engineer', '--to', cut);
      const after = await analytics('--by', 'engineer', '--from', cut);
      expect(before.rows.length).toBeGreaterThan(0);
      expect(after.rows.length).toBeGreaterThan(0);
      for (const row of whole.rows) {
        const parts = [before, after].map((part) => part.rows.find((r) => r.key === row.key));
        for (const field of ['calls', 'minutes', 'resolved', 'underWarranty'] as const)
          expect((parts[0]?.[field] ?? 0) + (parts[1]?.[field] ?? 0), `${row.key} ${field}`).toBe(
            row[field],
          );
      }
      expect((await analytics('--by', 'group', '--from', '2099-01-01T00:00:00Z')).rows).toEqual([]);
    },
    childProcessBudget(5),
  );

  it(
    'keeps its rows when an engineer is forgotten: it counts their work by staff id and never held their name',
    async () => {
      const before = await analytics('--by', 'engineer');
      const engineer = before.rows[0]!.key;
      const exported = json<Array<{ records: Array<{ values: Record<string, string> }> }>>(
        await cli(['person', 'export', `user:${engineer}`, '--db', db, '--json']),
      );
      const name = exported[0]!.records.find((r) => r.values['metadata.actor.name'])?.values[
        'metadata.actor.name'
      ];
      expect(name).toMatch(/\w+ \w+/);
      const forgotten = await cli([
        'person',
        'forget',
        `user:${engineer}`,
        '--reason',
        'DSR-2026-007',
        '--db',
        db,
      ]);
      expect(forgotten.code).toBe(0);
      const after = await analytics('--by', 'engineer');
      expect(after).toEqual(before);
      expect(JSON.stringify(after)).not.toContain(name!);
    },
    childProcessBudget(4),
  );

  it(
    'names the dimensions in its help and refuses one it does not know',
    async () => {
      const help = await cli(['analytics', '--help']);
      expect(help.stdout).toContain(
        'Usage: callstream analytics [--by purpose|product|contract|customer|engineer|group]',
      );
      const bogus = await cli(['analytics', '--by', 'technician', '--db', db]);
      expect(bogus.code).toBe(2);
      expect(bogus.stderr).toMatch(
        /^callstream: --by takes purpose, product, contract, customer, engineer, group$/m,
      );
    },
    childProcessBudget(2),
  );
});
