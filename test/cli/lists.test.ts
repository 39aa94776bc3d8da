/**
 * One JSON shape for every list, and tables people can read (issue 19 item 10): `{ rows,
 * total, truncated }` everywhere, a cut table says so, numbers and money right-aligned with the
 * currency's own decimals, times with their zone, a call card for `show`, and board rows that
 * name their calendar instead of carrying it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { money, page, table } from '../../src/cli/shared/output.js';
import { childProcessBudget, cli, json } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';

const tmp = temporaryDatabase();
const db = tmp.path;
afterAll(() => tmp.remove());

interface ListJson {
  rows: Array<Record<string, unknown>>;
  total: number;
  truncated: boolean;
}

const isList = (value: unknown): value is ListJson =>
  typeof value === 'object' &&
  value !== null &&
  Array.isArray((value as ListJson).rows) &&
  typeof (value as ListJson).total === 'number' &&
  typeof (value as ListJson).truncated === 'boolean';

describe('lists and tables', () => {
  it('shows money with the currency’s own decimals and right-aligns numbers and money', () => {
    expect(money(23150, 'EUR').text).toBe('EUR 231.50');
    expect(money(23150, 'JPY').text).toBe('JPY 23,150');
    expect(money(5, 'KWD').text).toBe('KWD 0.005');
    const text = table(
      ['Call', 'Minutes', 'Amount'],
      [
        ['C-1', 5, money(900, 'EUR')],
        ['C-22', 120, money(123456, 'EUR')],
      ],
    );
    expect(text.split('\n')).toEqual([
      'Call  Minutes        Amount',
      '----  -------  ------------',
      'C-1         5      EUR 9.00',
      'C-22      120  EUR 1,234.56',
    ]);
  });

  it('says a page is cut only when it is', () => {
    expect(page([1, 2], 2)).toEqual({ rows: [1, 2], total: 2, truncated: false });
    expect(page([1, 2], 139)).toEqual({ rows: [1, 2], total: 139, truncated: true });
    expect(page([1, 2], 10_000, 10_000)).toEqual({
      rows: [1, 2],
      total: 10_000,
      truncated: true,
      totalAtLeast: true,
    });
  });

  describe('on a demo database (real child processes)', () => {
    beforeAll(
      async () => {
        const run = await cli(['demo', '--calls', '60', '--seed', '5', '--db', db]);
        expect(run.code).toBe(0);
      },
      childProcessBudget(1, { demoCalls: 60 }),
    );

    it(
      'gives every list as { rows, total, truncated }, total counting what the limit cut',
      async () => {
        const lists = [
          ['board'],
          ['history'],
          ['inbox', '--status', 'accepted'],
          ['analytics'],
          ['billing'],
          ['billing', 'ready'],
          ['billing', 'allowances'],
          ['sla', 'stats'],
          ['plan', 'list'],
          ['log', 'C-000001'],
        ];
        for (const args of lists) {
          const run = await cli([...args, '--db', db, '--json']);
          expect(run.code, args.join(' ')).toBe(0);
          const document: unknown = json(run);
          expect(isList(document), `${args.join(' ')}: ${run.stdout.slice(0, 200)}`).toBe(true);
          expect((document as ListJson).truncated, args.join(' ')).toBe(false);
        }
        const accepted = json<ListJson>(
          await cli(['inbox', '--status', 'accepted', '--db', db, '--json']),
        );
        expect(accepted.total).toBeGreaterThan(2);
        const cut = json<ListJson>(
          await cli(['inbox', '--status', 'accepted', '--limit', '2', '--db', db, '--json']),
        );
        expect(cut).toMatchObject({ total: accepted.total, truncated: true });
        expect(cut.rows).toHaveLength(2);
        const text = await cli(['inbox', '--status', 'accepted', '--limit', '2', '--db', db]);
        expect(text.stdout).toContain(`2 of ${accepted.total} requests; --limit N to see more`);
        const board = json<ListJson>(await cli(['board', '--db', db, '--json']));
        expect(board.total).toBeGreaterThan(1);
        const oneRow = await cli(['board', '--limit', '1', '--db', db]);
        expect(oneRow.stdout).toContain(`1 of ${board.total} calls; --limit N to see more`);
        // --limit 0: the count alone, for a script or a wall counter.
        const counted = json<ListJson>(await cli(['board', '--limit', '0', '--db', db, '--json']));
        expect(counted).toMatchObject({ rows: [], total: board.total, truncated: true });
        const countedText = await cli([
          'inbox',
          '--status',
          'accepted',
          '--limit',
          '0',
          '--db',
          db,
        ]);
        expect(countedText.stdout).toBe(`${accepted.total} requests; --limit 0 shows none\n`);
      },
      childProcessBudget(16),
    );

    it(
      'lists the calls an allowance went to, a page at a time, counted in full',
      async () => {
        const lines = json<ListJson>(await cli(['billing', 'allowances', '--db', db, '--json']));
        const used = lines.rows.find((line) => (line.calls as number) > 1);
        expect(used, JSON.stringify(lines.rows)).toBeDefined();
        const key = used!.key as string;
        const args = ['billing', 'allowances', key, '--limit', '1', '--db', db];
        const calls = json<ListJson>(await cli([...args, '--json']));
        expect(calls).toMatchObject({ total: used!.calls, truncated: true });
        expect(calls.rows).toEqual([
          expect.objectContaining({ key, number: expect.stringMatching(/^C-\d+$/) }),
        ]);
        const text = await cli(args);
        expect(text.stdout).toMatch(/^Call +Billed +Hours +Visits\n/);
        expect(text.stdout).toContain(`1 of ${used!.calls as number}`);
        for (const mixed of [
          ['billing', 'allowances', '--limit', '5'],
          ['billing', 'allowances', key, '--contract', 'acme'],
        ]) {
          const refused = await cli([...mixed, '--db', db]);
          expect([refused.code, refused.stderr], mixed.join(' ')).toEqual([
            2,
            expect.stringContaining('or a KEY and --limit N'),
          ]);
        }
        const unknown = await cli(['billing', 'allowances', 'nobody.L9.2026', '--db', db]);
        expect([unknown.code, unknown.stderr]).toEqual([
          2,
          expect.stringContaining('No allowance'),
        ]);
      },
      childProcessBudget(6),
    );

    it(
      'keeps board rows small: the service-level clock names its calendar',
      async () => {
        const board = json<ListJson>(await cli(['board', '--db', db, '--json']));
        const clocks = board.rows
          .map((row) => row.clock)
          .filter((clock): clock is Record<string, unknown> => clock !== null);
        expect(clocks.length).toBeGreaterThan(0);
        for (const clock of clocks) expect(typeof clock.calendar).toBe('string');
      },
      childProcessBudget(1),
    );

    it(
      'shows a call as a card a person reads, and the whole state with --json',
      async () => {
        const card = await cli(['show', 'C-000001', '--db', db]);
        expect(card.code).toBe(0);
        expect(card.stdout).toMatch(/^C-000001 — \w+/);
        expect(card.stdout).toMatch(/\nDescription {4}\S/);
        // The demo company works from Paris: its times, with their offset.
        expect(card.stdout).toMatch(/\nReported {7}\d{4}-\d\d-\d\d \d\d:\d\d \+0[12]:00 by /);
        expect(card.stdout).not.toContain('"bookings"');
        const state = json<{ call: { number: string } }>(
          await cli(['show', 'C-000001', '--db', db, '--json']),
        );
        expect(state.call.number).toBe('C-000001');
      },
      childProcessBudget(2),
    );
  });
});
