import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { officeCalendar } from '../../src/domain/index.js';
import { childProcessBudget, cli, json } from '../support/cli.js';
import {
  acmeInParis,
  commandLine,
  oneCallHistory,
  standardPrices,
} from '../support/cli-history.js';
import { temporaryDatabase } from '../support/files.js';

const tmp = temporaryDatabase();
const page = temporaryDatabase('c1.html');
const desk = temporaryDatabase();
const planned = temporaryDatabase();
const billed = temporaryDatabase();
afterAll(() => {
  for (const file of [tmp, page, desk, planned, billed]) file.remove();
});

const sam = { id: 'sam', role: 'supervisor' };
const ann = { id: 'ann', role: 'agent' };

/**
 * A file whose organisation works from Paris (SetTimeZone), holding the history `lines`: the
 * zone is set before that history begins, as the organisation's log runs forward in time.
 */
async function parisHistory(db: string, lines: readonly string[]): Promise<void> {
  const zone = commandLine(sam, '2026-01-01T00:00:00Z', 'SetTimeZone', {
    timeZone: 'Europe/Paris',
  });
  const run = await cli(['exec', '--db', db], { input: `${[zone, ...lines].join('\n')}\n` });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
}

/** A call about a copier logged by phone at `at`. */
const logCall = (at: string, description: string) =>
  commandLine(ann, at, 'LogCall', {
    intake: { mode: 'knowledgeable', channel: 'phone' },
    subject: { kind: 'product', productId: 'copier-mx5', category: 'technical-question' },
    description,
    priority: 2,
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

  it(
    'prints an engineer’s week, the escalation run, the log’s old and new times and the day a call was archived in Paris time, and in UTC with --utc',
    async () => {
      // Given eve working Paris office hours, a visit planned for Tuesday 09:00 in Paris
      // (08:00 UTC), an absence from Friday midnight in Paris, and a call archived at
      // 00:30 on 24 November in Paris, still 23 November in UTC
      const db = ['--db', desk.path];
      await parisHistory(desk.path, [
        commandLine(sam, '2026-11-01T08:00:00Z', 'DefineEngineer', {
          engineerId: 'eve',
          from: '2026-01-01',
          groups: ['field'],
          skills: [],
          areas: [],
          calendar: officeCalendar({ id: 'office-paris', timeZone: 'Europe/Paris' }),
        }),
        logCall('2026-11-23T09:00:00Z', '2026-11-23T08:00:00.000Z'),
        commandLine(sam, '2026-11-23T09:10:00Z', 'ScheduleOnSiteVisit', {
          call: 'C-000001',
          engineer: 'eve',
          plannedStart: '2026-11-24T08:00:00Z',
          plannedEnd: '2026-11-24T09:30:00Z',
        }),
        commandLine(sam, '2026-11-23T09:15:00Z', 'RecordAbsence', {
          engineerId: 'eve',
          absenceId: 'training-1',
          absence: 'training',
          from: '2026-11-26T23:00:00Z',
          until: '2026-11-28T23:00:00Z',
        }),
        logCall('2026-11-23T09:05:00Z', 'Toner question'),
        commandLine(ann, '2026-11-23T09:30:00Z', 'ResolveCall', {
          call: 'C-000002',
          solution: 'Explained',
        }),
        commandLine(ann, '2026-11-23T09:31:00Z', 'CloseCall', { call: 'C-000002' }),
        commandLine(sam, '2026-11-23T23:30:00Z', 'ArchiveCall', { call: 'C-000002' }),
      ]);
      const week = ['agenda', '--engineer', 'eve', '--week', '2026-W48', ...db];
      const escalate = ['sla', 'escalate', '--as-of', '2026-11-23T09:40:00Z', ...db];

      // When the week, an escalation run, the call's log and the history are printed
      const agenda = await cli(week);
      const judged = await cli(escalate);
      const log = await cli(['log', 'C-000001', ...db]);
      const archive = await cli(['history', ...db]);

      // Then on Paris's wall clock, with the offset
      expect(agenda.stdout).toContain(
        'eve, week 2026-W48 in Europe/Paris (calendar office-paris; times in Europe/Paris)',
      );
      expect(agenda.stdout).toMatch(
        /^2026-11-24 09:00 \+01:00 +2026-11-24 10:30 \+01:00 +C-000001/m,
      );
      expect(agenda.stdout).toMatch(
        /^2026-11-27 00:00 \+01:00 +2026-11-29 00:00 \+01:00 +training-1/m,
      );
      expect(agenda.stdout).toMatch(/^2026-11-23 08:00 \+01:00 +2026-11-23 12:00 \+01:00$/m);
      expect(judged.stdout).toContain('Judged 1 open call(s) as of 2026-11-23 10:40 +01:00');
      // A time in the log's Old and New columns (a due time, a planned visit) is the At column's
      expect(log.stdout).toMatch(/Service level · Response due +— +2026-11-23 12:00 \+01:00 /);
      expect(log.stdout).toMatch(/Transfer T1 · Planned start +— +2026-11-24 09:00 \+01:00 /);
      // ... and a text is the text as typed, even one that reads exactly as a stored instant
      expect(log.stdout).toMatch(/Description +— +2026-11-23T08:00:00.000Z /);
      expect(archive.stdout).toMatch(/^C-000002 .* 2026-11-24 +Explained/m);
      for (const run of [agenda, judged, log, archive]) {
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).not.toMatch(/\d UTC/);
      }
      const stored = /\d\d:\d\d:\d\d(\.\d+)?Z/;
      for (const run of [agenda, judged, archive]) expect(run.stdout).not.toMatch(stored);
      expect(log.stdout.split('\n').filter((row) => stored.test(row))).toEqual([
        expect.stringMatching(/ Description /),
      ]);

      // When they are printed with --utc, Then in UTC; the week is still Paris's, as report's are
      const agendaUtc = await cli([...week, '--utc']);
      expect(agendaUtc.stdout).toMatch(/^2026-11-24 08:00 UTC +2026-11-24 09:30 UTC +C-000001/m);
      expect(agendaUtc.stdout).toContain(
        'eve, week 2026-W48 in Europe/Paris (calendar office-paris; times in UTC)',
      );
      expect(agendaUtc.stdout).toMatch(/^2026-11-23 07:00 UTC +2026-11-23 11:00 UTC$/m);
      expect((await cli([...escalate, '--utc'])).stdout).toContain(
        'Judged 1 open call(s) as of 2026-11-23 09:40 UTC',
      );
      const logUtc = await cli(['log', 'C-000001', '--utc', ...db]);
      expect(logUtc.stdout).toMatch(/Transfer T1 · Planned start +— +2026-11-24 08:00 UTC /);
      expect((await cli(['history', '--utc', ...db])).stdout).toMatch(
        /^C-000002 .* 2026-11-23 +Explained/m,
      );
      // And JSON keeps the instants in UTC
      const logJson = json<{ rows: Array<{ field: string; new: unknown }> }>(
        await cli(['log', 'C-000001', '--json', ...db]),
      );
      expect(logJson.rows.find((r) => r.field.endsWith('plannedStart'))?.new).toBe(
        '2026-11-24T08:00:00.000Z',
      );
    },
    childProcessBudget(13),
  );

  it(
    'prints the inbox and the planner’s due times in Paris time, and in UTC with --utc',
    async () => {
      // Given a yearly service due on 20 November (08:00 in Paris, 07:00 UTC) of an
      // extinguisher whose contract has ended, and a request received at 10:20 in Paris
      const db = ['--db', planned.path];
      await parisHistory(planned.path, [
        // The contract ended in June: the service in November is refused, and waits in the inbox.
        ...acmeInParis({
          contractId: 'acme-2026',
          until: '2026-06-30',
          service: 'preventive-maintenance',
        }),
        commandLine(sam, '2026-01-01T07:00:02Z', 'RegisterEquipment', {
          serialNumber: 'EXT-1',
          item: 'extinguisher-6kg',
          customerId: 'acme',
          siteId: 'paris',
          from: '2025-06-01',
        }),
        commandLine(sam, '2026-01-01T07:00:03Z', 'DefineMaintenancePlan', {
          planId: 'ext',
          name: 'Fire extinguishers',
          scope: { item: 'extinguisher-6kg' },
          from: '2026-01-01',
          tasks: [
            {
              taskId: 'service',
              name: 'Yearly service',
              calendar: { kind: 'yearly', dates: ['11-20'] },
            },
          ],
        }),
        commandLine(ann, '2026-11-23T09:20:00Z', 'SubmitRequest', {
          requestId: 'r1',
          channel: 'web-form',
          sender: { email: 'jo@nowhere.example' },
          summary: 'Printer down',
          body: 'The printer is down',
        }),
      ]);
      const until = ['--until', '2026-11-22T00:00:00Z'];

      // When what is due is previewed, the planner runs and the inboxes are read
      const due = await cli(['plan', 'due', ...until, ...db]);
      const dueUtc = await cli(['plan', 'due', ...until, '--utc', ...db]);
      const run = await cli(['plan', 'run', ...until, ...db]);
      const inbox = await cli(['inbox', '--status', 'waiting,refused', ...db]);
      const inboxUtc = await cli(['inbox', '--status', 'waiting,refused', '--utc', ...db]);

      // Then on Paris's wall clock, with the offset; in UTC with --utc
      expect(due.stdout).toMatch(/^2026-11-20 08:00 \+01:00 +ext +service +EXT-1/m);
      expect(dueUtc.stdout).toMatch(/^2026-11-20 07:00 UTC +ext +service +EXT-1/m);
      expect(run.stdout).toContain('Planner run until 2026-11-22 01:00 +01:00: ');
      expect(run.stdout).toMatch(
        /^2026-11-20 08:00 \+01:00 +planner +EXT-1 +acme +refused: no-active-contract/m,
      );
      expect(inbox.stdout).toMatch(/^r1 +shared +2026-11-23 10:20 \+01:00 +jo@nowhere.example/m);
      expect(inbox.stdout).toMatch(/ 2026-11-20 08:00 \+01:00 +acme +Planned maintenance/);
      expect(inboxUtc.stdout).toMatch(/^r1 +shared +2026-11-23 09:20 UTC /m);
      for (const shown of [due, run, inbox]) {
        expect(shown.code, shown.stderr).toBe(0);
        expect(shown.stdout).not.toMatch(/\d UTC|\d\d:\d\d:\d\d(\.\d+)?Z/);
      }
      // --utc goes with the actions that print times, as their help says
      const list = await cli(['plan', 'list', '--utc', ...db]);
      expect(list.code).toBe(2);
      expect(list.stderr).toContain('--utc goes with "plan run", "plan due", not with "plan list"');
    },
    childProcessBudget(9),
  );

  it(
    'prints when a call’s invoice and credit note were issued in Paris time, and in UTC with --utc',
    async () => {
      // Given an invoice issued at 00:30 on 24 November in Paris and waived at 09:00
      const db = ['--db', billed.path];
      const bill = { id: 'bill', role: 'billing' };
      await parisHistory(billed.path, [
        oneCallHistory({ at: '2026-11-23T09:00:00Z' }),
        ...standardPrices('closing'),
        commandLine({ id: 'eve', role: 'engineer' }, '2026-11-23T10:00:00Z', 'BookTime', {
          call: 'C-000001',
          labourType: 'remote',
          minutes: 30,
        }),
        commandLine(ann, '2026-11-23T10:30:00Z', 'ResolveCall', {
          call: 'C-000001',
          solution: 'Restarted',
        }),
        commandLine(ann, '2026-11-23T11:00:00Z', 'CloseCall', { call: 'C-000001' }),
        commandLine(bill, '2026-11-23T23:00:00Z', 'BillCall', { call: 'C-000001' }),
        commandLine(bill, '2026-11-23T23:30:00Z', 'IssueInvoice', { call: 'C-000001' }),
        commandLine(bill, '2026-11-24T08:00:00Z', 'CreditInvoice', {
          call: 'C-000001',
          reason: 'Goodwill',
          waive: true,
        }),
      ]);

      // When the call's invoice is printed
      const invoice = await cli(['billing', 'invoice', 'C-000001', ...db]);
      const invoiceUtc = await cli(['billing', 'invoice', 'C-000001', '--utc', ...db]);

      // Then its documents are dated on Paris's wall clock; in UTC with --utc
      expect(invoice.code, invoice.stderr).toBe(0);
      expect(invoice.stdout).toMatch(/^2026-11-24 00:30 \+01:00 +INV-000001 +INV-000001 /m);
      expect(invoice.stdout).toMatch(
        /^2026-11-24 09:00 \+01:00 +CN-000001 +INV-000001 .* waived: Goodwill/m,
      );
      expect(invoice.stdout).not.toMatch(/\d\d:\d\d:\d\d(\.\d+)?Z/);
      expect(invoiceUtc.stdout).toMatch(/^2026-11-23 23:30 UTC +INV-000001 /m);
    },
    childProcessBudget(4),
  );
});
