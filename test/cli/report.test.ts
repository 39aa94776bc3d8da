import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportPage } from '../../src/cli/shared/report-page.js';
import {
  reportStatuses,
  type ReportStatus,
  type ServiceReport,
} from '../../src/projections/service-report/index.js';
import { childProcessBudget, cli, json } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';

const statuses = (given: Partial<Record<ReportStatus, number>>): Record<ReportStatus, number> =>
  Object.fromEntries(reportStatuses.map((s) => [s, given[s] ?? 0])) as Record<ReportStatus, number>;

/** Two weeks, with ids as hostile as a history may hold: markup, and names every object has. */
const report: ServiceReport = {
  timeZone: 'Europe/Paris',
  from: '2026-11-16',
  to: '2026-11-23',
  backlog: [
    {
      week: '2026-11-16',
      isoWeek: '2026-W47',
      reported: 17,
      closed: 5,
      cancelled: 2,
      openAtEnd: 31,
    },
    {
      week: '2026-11-23',
      isoWeek: '2026-W48',
      reported: 13,
      closed: 21,
      cancelled: 0,
      openAtEnd: 23,
    },
  ],
  byPurpose: [
    {
      purpose: '<script>alert(1)</script>',
      statuses: statuses({ InProcess: 4, Closed: 7 }),
      calls: 11,
    },
    { purpose: 'constructor', statuses: statuses({ Registered: 3 }), calls: 3 },
    { purpose: null, statuses: statuses({ Cancelled: 2 }), calls: 2 },
  ],
  serviceLevels: [
    {
      week: '2026-11-16',
      isoWeek: '2026-W47',
      atRisk: 6,
      breached: 4,
      escalations: {
        response: { warning: 2, breach: 1, supervisor: 0 },
        resolution: { warning: 4, breach: 3, supervisor: 1 },
      },
      groups: [{ group: 'constructor', atRisk: 6, breached: 4 }],
    },
    {
      week: '2026-11-23',
      isoWeek: '2026-W48',
      atRisk: 9,
      breached: 0,
      escalations: {
        response: { warning: 5, breach: 0, supervisor: 0 },
        resolution: { warning: 4, breach: 0, supervisor: 0 },
      },
      groups: [
        { group: '<img src=x onerror=alert(2)>', atRisk: 8, breached: 0 },
        { group: 'constructor', atRisk: 1, breached: 0 },
      ],
    },
  ],
  work: [
    {
      week: '2026-11-16',
      isoWeek: '2026-W47',
      bookedMinutes: 600,
      byCurrency: [
        {
          currency: 'EUR',
          minutes: { warranty: 60, contract: 300, chargeable: 120, waived: 60 },
          amount: { warranty: 8500, contract: 42500, chargeable: 17000, waived: 8550 },
        },
      ],
    },
    {
      week: '2026-11-23',
      isoWeek: '2026-W48',
      bookedMinutes: 90,
      byCurrency: [
        {
          currency: 'JPY',
          minutes: { warranty: 0, contract: 0, chargeable: 90, waived: 0 },
          amount: { warranty: 0, contract: 0, chargeable: 12000, waived: 0 },
        },
      ],
    },
  ],
};

/** The cells of the table with this caption, row by row, as text. */
function tableRows(page: string, caption: string): string[][] {
  const start = page.indexOf(`<caption>${caption}`);
  expect(start, `a table "${caption}"`).toBeGreaterThan(0);
  const body = page.slice(start, page.indexOf('</table>', start));
  return [...body.matchAll(/<tr>(.*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((c) =>
      c[1]!.replace(/<[^>]+>/g, '').trim(),
    ),
  );
}

describe('the service report page (issue 19, item 12)', () => {
  const page = reportPage(report, { generatedAt: new Date('2026-11-30T10:00:00Z') });

  it('is self-contained: inline CSS and SVG, no script, nothing fetched from anywhere', () => {
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<(img|link|iframe|object|embed)\b/i);
    const markup = page.replace(/"[^"]*"/g, '""'); // attribute values are text: an escaped id may say src=
    expect(markup).not.toMatch(/<[a-z][^>]*\s(src|href)=|url\(|@import/i);
    for (const address of page.match(/https?:\/\/[^"\s]*/g) ?? [])
      expect(address).toBe('http://www.w3.org/2000/svg'); // a namespace name, never fetched
  });

  it('draws the four charts, each with the numbers it draws in a table beside it', () => {
    expect(page.match(/<svg /g)).toHaveLength(4);
    for (const id of ['backlog', 'purposes', 'service-levels', 'work'])
      expect(page).toContain(`<section id="${id}">`);
    expect(tableRows(page, 'Backlog per week')).toEqual([
      ['Week', 'Reported', 'Closed', 'Cancelled', 'Open at end'],
      ['2026-W47 16 Nov', '17', '5', '2', '31'],
      ['2026-W48 23 Nov', '13', '21', '0', '23'],
      ['Total', '30', '26', '2', ''],
    ]);
    expect(tableRows(page, 'At risk and breached per week').slice(1)).toEqual([
      ['2026-W47 16 Nov', '6', '4'],
      ['2026-W48 23 Nov', '9', '0'],
    ]);
    expect(tableRows(page, 'Booked hours per week').slice(1)).toEqual([
      ['2026-W47 16 Nov', '10.0', '1.0', '5.0', '2.0', '1.0', '1.0'],
      ['2026-W48 23 Nov', '1.5', '0.0', '0.0', '1.5', '0.0', '0.0'],
      ['Total', '11.5', '1.0', '5.0', '3.5', '1.0', '1.0'],
      ['Share of booked', '', '9 %', '43 %', '30 %', '9 %', '9 %'],
    ]);
    // Money in each currency's own decimals.
    expect(tableRows(page, 'Value of the billed work').slice(1)).toEqual([
      ['EUR', '€85.00 11 %', '€425.00 56 %', '€170.00 22 %', '€85.50 11 %', '€765.50'],
      ['JPY', '¥0 0 %', '¥0 0 %', '¥12,000 100 %', '¥0 0 %', '¥12,000'],
    ]);
    expect(page).toContain('Monday to Sunday in Europe/Paris');
    expect(page).toContain('<strong>At risk</strong>: the escalation process recorded');
  });

  it('escapes ids that look like markup and counts ids named like members of every object as any other', () => {
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(tableRows(page, 'Calls by purpose and status')).toEqual([
      ['Purpose', 'Registered', 'In process', 'Closed', 'Cancelled', 'Calls'],
      ['&lt;script&gt;alert(1)&lt;/script&gt;', '0', '4', '7', '0', '11'],
      ['constructor', '3', '0', '0', '0', '3'],
      ['(not classified)', '0', '0', '0', '2', '2'],
      ['Total', '3', '4', '7', '2', '16'],
    ]);
    expect(tableRows(page, 'At risk / breached, by group and week').slice(1)).toEqual([
      ['constructor', '6/4', '1/0', '7/4'],
      ['&lt;img src=x onerror=alert(2)&gt;', '', '8/0', '8/0'],
    ]);
  });

  it('is dated on the organisation’s wall clock, or in the zone asked for (--utc)', () => {
    expect(page).toContain('<footer>Generated 2026-11-30 11:00 +01:00 from');
    const utc = reportPage(report, { generatedAt: new Date('2026-11-30T10:00:00Z'), zone: 'UTC' });
    expect(utc).toContain('<footer>Generated 2026-11-30 10:00 UTC from');
  });

  it('says so when nothing is recorded', () => {
    const empty = reportPage(
      {
        timeZone: 'UTC',
        from: null,
        to: null,
        backlog: [],
        byPurpose: [],
        serviceLevels: [],
        work: [],
      },
      { generatedAt: new Date() },
    );
    expect(empty).toContain('No calls are recorded yet');
    expect(empty).not.toContain('<svg');
  });
});

describe('callstream report, run as a user would', () => {
  const tmp = temporaryDatabase();
  const db = tmp.path;

  beforeAll(
    async () => {
      const run = await cli(['demo', '--calls', '40', '--seed', '5', '--db', db, '--json']);
      expect(run.code, run.stderr).toBe(0);
    },
    childProcessBudget(1, { demoCalls: 40 }),
  );
  afterAll(() => tmp.remove());

  it(
    'writes the page, prints the weeks, and gives the same numbers as JSON',
    async () => {
      const file = join(tmp.dir, 'report.html');
      const run = await cli(['report', '--db', db, '--html', file, '--weeks', '8']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(
        /^Weeks \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d \(Monday to Sunday, Europe\/Paris\)/,
      );
      expect(run.stdout).toContain(`Wrote ${file}`);
      const page = readFileSync(file, 'utf8');
      expect(page.match(/<svg /g)).toHaveLength(4);
      const data = json<ServiceReport>(await cli(['report', '--db', db, '--weeks', '8', '--json']));
      expect(data.backlog).toHaveLength(8);
      const reported = data.backlog.reduce((n, w) => n + w.reported, 0);
      expect(reported).toBeGreaterThan(0);
      expect(tableRows(page, 'Backlog per week').at(-1)![1]).toBe(String(reported));
      const last = data.backlog.at(-1)!;
      expect(run.stdout).toMatch(
        new RegExp(
          `${last.isoWeek} +${last.reported} +${last.closed} +${last.cancelled} +${last.openAtEnd} `,
        ),
      );
    },
    childProcessBudget(2),
  );

  it(
    'refuses to write over the database, its journal, or another callstream database, and leaves them as they were',
    async () => {
      const size = statSync(db).size;
      for (const target of [db, `${db}-wal`]) {
        const run = await cli(['report', '--db', db, '--html', target]);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain('it is the database');
      }
      expect(statSync(db).size).toBe(size);
      const other = join(tmp.dir, 'other.db');
      const copy = await cli(['demo', '--calls', '1', '--db', other, '--json']);
      expect(copy.code, copy.stderr).toBe(0);
      const run = await cli(['report', '--db', db, '--html', other]);
      expect([run.code, run.stderr]).toEqual([
        2,
        expect.stringContaining('it is a callstream database'),
      ]);
    },
    childProcessBudget(4, { demoCalls: 1 }),
  );

  it(
    'says what is wrong with a range, writing nothing',
    async () => {
      const file = join(tmp.dir, 'never.html');
      const backwards = await cli([
        'report',
        '--db',
        db,
        '--html',
        file,
        '--from',
        '2026-11-23T00:00:00Z',
        '--to',
        '2026-11-01T00:00:00Z',
      ]);
      expect([backwards.code, backwards.stderr]).toEqual([
        2,
        expect.stringContaining(
          'Invalid service report query: to: ends before it begins (to is before from)\n',
        ),
      ]);
      const both = await cli([
        'report',
        '--db',
        db,
        '--from',
        '2026-11-01T00:00:00Z',
        '--weeks',
        '3',
      ]);
      expect([both.code, both.stderr]).toEqual([2, expect.stringContaining('--from or --weeks')]);
      expect(existsSync(file)).toBe(false);
      writeFileSync(file, 'kept');
      const tooMany = await cli(['report', '--db', db, '--html', file, '--weeks', '9999']);
      expect(tooMany.code).toBe(2);
      expect(readFileSync(file, 'utf8')).toBe('kept');
    },
    childProcessBudget(3),
  );
});
