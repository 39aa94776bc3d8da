import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { childProcessBudget, cli, json } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';

const tmp = temporaryDatabase();
const db = tmp.path;
afterAll(() => tmp.remove());

describe('callstream CLI (real child process)', () => {
  let demo: Record<string, unknown>;
  beforeAll(
    async () => {
      const run = await cli(['demo', '--calls', '40', '--seed', '3', '--db', db, '--json']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      demo = json(run);
    },
    childProcessBudget(1, { demoCalls: 40 }),
  );

  it('demo drives calls through their whole life and summarises them', () => {
    expect(demo).toMatchObject({ seed: 3, callsRequested: 40, unexpected: {} });
    const calls = demo.calls as {
      total: number;
      byStatus: Record<string, number>;
      byCoverage: Record<string, number>;
    };
    const intake = demo.intake as { requests: number; refusals: Record<string, number> };
    // Refused requests make no call: the calls are the accepted ones (and reopened successors).
    expect(calls.total).toBeGreaterThanOrEqual(25);
    expect(intake.requests).toBeGreaterThan(10);
    expect(Object.keys(calls.byCoverage)).toContain('covered');
    expect(Object.keys(calls.byStatus).length).toBeGreaterThan(1);
    expect(demo.events).toBeGreaterThan(200);
  });

  it(
    'demo is deterministic for a seed and idempotent on the same file',
    async () => {
      const again = json(await cli(['demo', '--calls', '40', '--seed', '3', '--db', db, '--json']));
      expect(again.written).toBe(0); // every command id was seen: nothing new written
      expect(again.events).toBe(demo.events);
      expect(again.calls).toEqual(demo.calls);
      const other = temporaryDatabase();
      const fresh = json(
        await cli(['demo', '--calls', '40', '--seed', '3', '--db', other.path, '--json']),
      );
      expect(fresh.calls).toEqual(demo.calls);
      const a = json<{ rows: unknown[] }>(
        await cli(['history', '--db', db, '--json', '--limit', '1000']),
      );
      const b = json<{ rows: unknown[] }>(
        await cli(['history', '--db', other.path, '--json', '--limit', '1000']),
      );
      expect(b.rows).toEqual(a.rows);
      other.remove();
    },
    childProcessBudget(4, { demoCalls: 80 }),
  );

  it(
    'demo on a file holding another run (other calls, another seed) says so, writes nothing, and the first run still resumes',
    async () => {
      for (const [calls, seed, says] of [
        [
          '41',
          '3',
          'holds the history of another demo run (other --calls than --calls 41 --seed 3)',
        ],
        [
          '40',
          '4',
          "holds a history that is not this demo run's (another seed's, or one of its own)",
        ],
      ] as const) {
        const other = await cli(['demo', '--calls', calls, '--seed', seed, '--db', db]);
        expect(other.code).toBe(2);
        expect(other.stderr).toContain(says);
      }
      const again = json(await cli(['demo', '--calls', '40', '--seed', '3', '--db', db, '--json']));
      expect([again.written, again.events]).toEqual([0, demo.events]);
    },
    childProcessBudget(3, { demoCalls: 120 }),
  );

  it(
    'demo prints a human summary without --json, and progress lines on a stderr that is no terminal',
    async () => {
      const other = temporaryDatabase();
      const run = await cli(['demo', '--calls', '5', '--db', other.path]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/by status/);
      // stderr is a pipe here, not a terminal: progress comes as whole lines, the last at 100 %.
      expect(run.stderr).toMatch(/^steps \[#+\] 100% \d+\/\d+$/m);
      expect(run.stderr).not.toContain('\r');
      expect(run.stdout).toMatch(/service levels/);
      other.remove();
    },
    childProcessBudget(1, { demoCalls: 5 }),
  );

  it(
    'board, show and history read the read models, with filters',
    async () => {
      const board = json<{
        rows: Array<{ number: string; status: string; serviceLevelState: string }>;
      }>(await cli(['board', '--db', db, '--json', '--as-of', '2026-12-01T00:00:00Z']));
      expect(board.rows.length).toBeGreaterThan(0);
      const status = board.rows[0]!.status;
      const filtered = json<{ rows: Array<{ status: string }> }>(
        await cli(['board', '--db', db, '--json', '--status', status]),
      );
      expect(filtered.rows.every((r) => r.status === status)).toBe(true);
      // A board is of open calls: a status no open call has is a usage error, not an empty board.
      const closed = await cli(['board', '--db', db, '--status', 'Closed']);
      expect(closed.code).toBe(2);
      expect(closed.stderr).toMatch(/--status takes Registered, .*Accepted; not "Closed"/);
      const breached = json<{ rows: Array<{ serviceLevelState: string }> }>(
        await cli([
          'board',
          '--db',
          db,
          '--json',
          '--sla',
          'breached',
          '--as-of',
          '2026-12-01T00:00:00Z',
        ]),
      );
      expect(breached.rows.every((r) => r.serviceLevelState === 'breached')).toBe(true);
      const shown = json<{ call: { number: string; status: string } }>(
        await cli(['show', board.rows[0]!.number, '--db', db, '--json']),
      );
      expect(shown.call).toMatchObject({ number: board.rows[0]!.number, status });
      const history = json<{ rows: Array<{ status: string }> }>(
        await cli(['history', '--db', db, '--json']),
      );
      expect(history.rows.every((r) => r.status === 'Archived')).toBe(true);
      const text = await cli(['board', '--db', db, '--limit', '3']);
      expect(text.stdout).toMatch(/Number\s+Status/);
      const accepted = json<{ rows: Array<{ status: string; callNumber: string | null }> }>(
        await cli(['inbox', '--status', 'accepted', '--db', db, '--json']),
      );
      expect(accepted.rows.length).toBeGreaterThan(0);
      expect(accepted.rows.every((e) => e.status === 'accepted' && e.callNumber)).toBe(true);
      const billingTotals = json<{
        by: string;
        rows: Array<{
          key: string;
          calls: number;
          total: number;
          warranty: number;
          contract: number;
          chargeable: number;
        }>;
      }>(await cli(['billing', '--by', 'customer', '--db', db, '--json']));
      expect(billingTotals.rows.length).toBeGreaterThan(0);
      for (const t of billingTotals.rows)
        expect(t.warranty + t.contract + t.chargeable).toBe(t.total);
      // A period after every invoice: nothing in it.
      expect(
        json(await cli(['billing', '--from', '2099-01-01T00:00:00Z', '--db', db, '--json'])),
      ).toMatchObject({ by: 'contract', from: '2099-01-01T00:00:00.000Z', to: null, rows: [] });
      const ready = await cli(['billing', 'ready', '--db', db]);
      expect(ready.code).toBe(0);
      const byPurpose = json<{ rows: Array<{ key: string; calls: number }> }>(
        await cli(['analytics', '--by', 'purpose', '--db', db, '--json']),
      );
      expect(byPurpose.rows.reduce((n, r) => n + r.calls, 0)).toBe(
        (demo.calls as { total: number }).total,
      );
    },
    childProcessBudget(15),
  );

  it(
    'show --json has one shape, now and as of an instant: the call and its summary as they stood then',
    async () => {
      interface Shown {
        summary: { number: string; status: string };
        call: { status: string };
      }
      const now = json<Shown>(await cli(['show', 'C-000001', '--db', db, '--json']));
      const logged = json<{ rows: Array<{ at: string }> }>(
        await cli(['log', 'C-000001', '--db', db, '--json']),
      ).rows[0]!.at;
      const then = json<Shown & { asOf: string }>(
        await cli(['show', 'C-000001', '--db', db, '--json', '--as-of', logged]),
      );
      expect(Object.keys(then).sort()).toEqual(['asOf', ...Object.keys(now)].sort());
      expect(Object.keys(then.summary).sort()).toEqual(Object.keys(now.summary).sort());
      expect(then.summary).toMatchObject({ number: 'C-000001', status: then.call.status });
      // Not today's summary: the call has moved on since it was logged.
      expect(then.summary.status).not.toBe(now.summary.status);
    },
    childProcessBudget(3),
  );

  it(
    'log shows every change, as of an instant, and writes a self-contained customer page',
    async () => {
      const internal = json<{ rows: Array<{ field: string; at: string; eventType: string }> }>(
        await cli(['log', 'C-000001', '--db', db, '--json']),
      );
      expect(internal.rows.find((e) => e.field === 'number')).toMatchObject({
        eventType: 'CallLogged',
      });
      const asOf = internal.rows[0]!.at;
      const early = json<{ rows: Array<{ at: string }> }>(
        await cli(['log', 'C-000001', '--db', db, '--json', '--as-of', asOf]),
      );
      expect(early.rows.every((e) => e.at <= asOf)).toBe(true);
      expect(early.rows.length).toBeLessThan(internal.rows.length);
      const page = join(tmp.dir, 'c1.html');
      const customer = json<{
        rows: Array<{ field: string; actor: { name?: string; role: string } }>;
      }>(
        await cli([
          'log',
          'C-000001',
          '--db',
          db,
          '--json',
          '--audience',
          'customer',
          '--html',
          page,
        ]),
      );
      expect(
        customer.rows.some(
          (e) =>
            /^(notes|bookings|dispatch|evaluation)\./.test(e.field) ||
            e.field === 'diagnosis.cause',
        ),
      ).toBe(false);
      const html = readFileSync(page, 'utf8');
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).toContain('Your service call C-000001');
      expect(html).toContain('<span class="what">Call logged</span>');
      expect(html).not.toMatch(/<script|<link|src=|url\(|https?:\/\//i);
    },
    childProcessBudget(3),
  );

  it(
    'exec runs JSON lines through the pipeline: one result or typed error per line, invalid input writes nothing',
    async () => {
      const other = temporaryDatabase();
      const actor = { id: 'ann', role: 'agent' };
      const sam = { id: 'sam', role: 'supervisor' };
      const logCall = {
        type: 'LogCall',
        commandId: uuid(),
        actor,
        intake: { mode: 'knowledgeable', channel: 'phone' },
        subject: { kind: 'customer', customerId: 'acme' },
        description: 'Printer offline',
        chargeable: true,
      };
      const lines = [
        JSON.stringify({
          type: 'RegisterCustomer',
          commandId: uuid(),
          actor: sam,
          customerId: 'acme',
          name: 'Acme',
        }),
        JSON.stringify({
          type: 'RegisterContract',
          commandId: uuid(),
          actor: sam,
          contractId: 'acme-1',
          customerId: 'acme',
          from: '2026-01-01',
          until: '2030-12-31',
        }),
        JSON.stringify(logCall),
        '{not json',
        JSON.stringify({ type: 'ResolveCall', commandId: uuid(), actor, call: 'C-000001' }),
        JSON.stringify({ type: 'AcceptSolution', commandId: uuid(), actor, call: 'C-000001' }),
        JSON.stringify(logCall),
      ].join('\n');
      const run = await cli(['exec', '--db', other.path], { input: lines });
      expect(run.code).toBe(1);
      const replies = run.stdout
        .trim()
        .split('\n')
        .map(
          (l) =>
            JSON.parse(l) as {
              ok: boolean;
              line: number;
              result?: { number: string; revision: string; duplicate: boolean };
              error?: { code: string; issues?: Array<{ path: string }> };
            },
        );
      expect(replies.map((r) => r.ok)).toEqual([true, true, true, false, false, false, true]);
      expect(replies[2]!.result).toMatchObject({
        number: 'C-000001',
        revision: '2',
        duplicate: false,
      });
      expect(replies[3]!.error!.code).toBe('ValidationError');
      expect(replies[4]!.error).toMatchObject({
        code: 'ValidationError',
        issues: [{ path: 'solution' }],
      });
      expect(replies[5]!.error!.code).toBe('InvalidTransition');
      expect(replies[6]!.result).toMatchObject({ number: 'C-000001', duplicate: true });
      const log = json<{ rows: unknown[] }>(
        await cli(['log', 'C-000001', '--db', other.path, '--json']),
      );
      expect(new Set((log.rows as Array<{ eventType: string }>).map((e) => e.eventType))).toEqual(
        new Set(['CallLogged', 'CoverageDetermined', 'PrioritySet']),
      );
      other.remove();
    },
    childProcessBudget(2),
  );

  it(
    'schema prints JSON Schema for every command and event, marking personal data',
    async () => {
      const schema = json<{
        commands: Record<string, { properties: Record<string, unknown> }>;
        events: Record<
          string,
          { properties: Record<string, { properties?: Record<string, Record<string, unknown>> }> }
        >;
      }>(await cli(['schema', '--json']));
      expect(Object.keys(schema.commands)).toContain('LogCall');
      expect(Object.keys(schema.events)).toContain('RmaAuthorised');
      expect(schema.events.CallLogged!.properties.reporter!.properties!.email).toMatchObject({
        'x-personal-data': true,
      });
      // What a contract's days mean is said where a caller reads it (issue 14).
      expect(schema.commands.RegisterContract!.properties.until).toMatchObject({
        description: expect.stringMatching(/last day of validity, inclusive.*organisation's zone/),
      });
      expect(schema.events.CallLogged!.properties.at).toMatchObject({
        type: 'string',
        format: 'date-time',
      });
      const one = json(await cli(['schema', '--command', 'BookTime']));
      expect(one.properties).toHaveProperty('labourType');
      // A type nobody defined, one every object has, or two at once: usage errors.
      for (const args of [
        ['--command', 'Bogus'],
        ['--command', 'constructor'],
        ['--command', 'BookTime', '--event', 'TimeBooked'],
      ]) {
        const refused = await cli(['schema', ...args]);
        expect(refused.code, args.join(' ')).toBe(2);
        expect(refused.stderr).toMatch(/No command type|one schema at a time/);
      }
    },
    childProcessBudget(5),
  );

  it(
    'replay rebuilds every projection and finds them identical to the live ones',
    async () => {
      const run = await cli(['replay', '--db', db, '--json']);
      expect(run.code).toBe(0);
      expect(json(run)).toMatchObject({ identical: true, differences: [] });
      expect(json<{ events: number }>(run).events).toBeGreaterThan(200);
      expect(json<{ peakRssMb: number }>(run).peakRssMb).toBeGreaterThan(0);
    },
    childProcessBudget(1),
  );

  it(
    'fails clearly: usage errors exit 2, missing data exits 2, unknown calls exit 1, --help exits 0',
    async () => {
      expect((await cli(['frobnicate'])).code).toBe(2);
      const missing = await cli(['board', '--db', join(tmp.dir, 'nothing-here.db')]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/No callstream database/);
      expect(existsSync(join(tmp.dir, 'nothing-here.db'))).toBe(false);
      const unknown = await cli(['show', 'C-999999', '--db', db, '--json']);
      expect(unknown.code).toBe(1);
      expect(JSON.parse(unknown.stderr)).toMatchObject({ error: { code: 'CallNotFound' } });
      expect((await cli(['board', '--bogus', '--db', db])).code).toBe(2);
      // A number is digits: not hex (16) or an exponent (100).
      for (const limit of ['0x10', '1e2', '2.5']) {
        const loose = await cli(['board', '--limit', limit, '--db', db]);
        expect(loose.code, limit).toBe(2);
        expect(loose.stderr).toContain(`--limit must be an integer from 0 to`);
      }
      // An empty value (an unset shell variable) would match nothing, silently.
      const empty = await cli(['board', '--engineer', '', '--db', db]);
      expect(empty.code).toBe(2);
      expect(empty.stderr).toContain('--engineer needs a value, not an empty one');
      // An option of one value given twice would answer another question than one of them.
      const twice = await cli([
        'board',
        '--as-of',
        '2026-11-23T10:00:00Z',
        '--as-of',
        '2026-11-24T10:00:00Z',
        '--db',
        db,
      ]);
      expect(twice.code).toBe(2);
      expect(twice.stderr).toContain('--as-of is given twice: give it once');
      expect((await cli(['board', '--json', '--json', '--db', db])).code).toBe(0); // a flag twice says nothing else
      // Every status the library knows, joined too.
      expect((await cli(['inbox', '--status', 'joined', '--db', db])).code).toBe(0);
      // A value outside the query's domain is the option's fault: a usage error, not an empty board.
      const noSuchPriority = await cli(['board', '--priority', '0', '--db', db]);
      expect(noSuchPriority.code).toBe(2);
      expect(noSuchPriority.stderr).toMatch(
        /^callstream: Invalid board query: priority: expected a priority, a whole number from 1 to 9, or a list of them$/m,
      );
      // A period that ends before it begins is refused, as billing and sla stats refuse it, not an empty table.
      const backwards = await cli([
        'analytics',
        '--from',
        '2026-11-05T00:00:00Z',
        '--to',
        '2026-11-01T00:00:00Z',
        '--db',
        db,
      ]);
      expect(backwards.code).toBe(2);
      expect(backwards.stdout).toBe('');
      expect(backwards.stderr).toMatch(
        /^callstream: Invalid analytics query: to: ends before it begins \(to is before from\)$/m,
      );
      const noServer = await cli(['board', '--store', 'eventstoredb', '--db', db], {
        env: { EVENTSTORE_CONNECTION_STRING: '' },
      });
      expect(noServer.code).toBe(2);
      expect(noServer.stderr).toMatch(/EVENTSTORE_CONNECTION_STRING/);
      for (const command of [
        'demo',
        'exec',
        'inbox',
        'board',
        'show',
        'history',
        'log',
        'analytics',
        'sla',
        'replay',
        'schema',
      ]) {
        const help = await cli([command, '--help']);
        expect(help.code, command).toBe(0);
        expect(help.stdout).toMatch(/Usage: callstream/);
      }
    },
    childProcessBudget(19),
  );

  it(
    'takes the database from CALLSTREAM_DB',
    async () => {
      const run = await cli(['history', '--json', '--limit', '1'], { env: { CALLSTREAM_DB: db } });
      expect(run.code).toBe(0);
    },
    childProcessBudget(1),
  );
});
