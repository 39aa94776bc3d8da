import { afterAll, describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { childProcessBudget, cli, json } from '../support/cli.js';
import { oneCallHistory, standardPrices } from '../support/cli-history.js';
import { temporaryDatabase } from '../support/files.js';

const tmp = temporaryDatabase();
afterAll(() => tmp.remove());

const sam = { id: 'sam', role: 'supervisor' };
const eve = { id: 'eve', role: 'engineer' };
const command = (type: string, actor: object, fields: Record<string, unknown>) => ({
  type,
  commandId: uuid(),
  actor,
  ...fields,
});

/** acme's call logged on 23 November at 08:00, and the price list and policy it is billed by. */
const history = [
  oneCallHistory({ at: '2026-11-23T08:00:00Z' }),
  ...standardPrices('resolution'),
].join('\n');

describe('callstream billing run (real child process)', () => {
  it(
    'bills and issues as of the instant given, never before the call’s last change, and refuses an instant that is none',
    async () => {
      const db = tmp.path;
      const logged = await cli(['exec', '--db', db], {
        input: history,
      });
      const replies = logged.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { ok: boolean; result: { state: { number: string } } });
      expect(replies.map((r) => r.ok)).toEqual([true, true, true, true, true]);
      const number = replies[2]!.result.state.number;
      const work = [
        command('BookTime', eve, {
          call: number,
          at: '2026-11-23T09:00:00Z',
          labourType: 'remote',
          minutes: 30,
        }),
        command('ResolveCall', eve, {
          call: number,
          at: '2026-11-23T10:00:00Z',
          solution: 'Restarted',
        }),
      ];
      const worked = await cli(['exec', '--db', db], {
        input: work.map((c) => JSON.stringify(c)).join('\n'),
      });
      expect(worked.stdout).not.toMatch(/"ok":false/);

      // Before the resolution: refused for that call, named, exit 1; nothing billed.
      const early = await cli(['billing', 'run', '--at', '2026-11-23T09:30:00Z', '--db', db]);
      expect(early.code, early.stdout + early.stderr).toBe(1);
      expect(early.stdout).toMatch(
        new RegExp(`${number}\\s+OutOfOrder: BillCall dated 2026-11-23T09:30:00.000Z comes before`),
      );

      const run = json<{ billed: number; issued: number; refusals: unknown[] }>(
        await cli([
          'billing',
          'run',
          '--issue',
          '--at',
          '2026-11-30T18:00:00Z',
          '--db',
          db,
          '--json',
        ]),
      );
      expect(run).toMatchObject({ billed: 1, issued: 1, refusals: [] });
      const invoice = json(await cli(['billing', 'invoice', number, '--db', db, '--json']));
      expect(invoice).toMatchObject({
        status: 'issued',
        proposedAt: '2026-11-30T18:00:00.000Z',
        issuedAt: '2026-11-30T18:00:00.000Z',
        totals: { chargeable: 4000 },
      });

      // A goodwill credit: the call's invoice shows it beside the invoice it reverses.
      const credit = command('CreditInvoice', sam, {
        call: number,
        at: '2026-12-01T09:00:00Z',
        reason: 'Goodwill',
        waive: true,
      });
      const credited = await cli(['exec', '--db', db], { input: JSON.stringify(credit) });
      expect(credited.stdout).toMatch(/"ok":true/);
      const shown = await cli(['billing', 'invoice', number, '--db', db]);
      expect(shown.stdout).toMatch(/INV-000001 — call .* \(waived\)/);
      expect(shown.stdout).toMatch(/CN-000001\s+INV-000001\s+-EUR 40\.00\s+waived: Goodwill/);

      const typo = await cli(['billing', 'run', '--at', 'end of month', '--db', db]);
      expect(typo.code).toBe(2);
      expect(typo.stderr).toMatch(/--at/);
    },
    childProcessBudget(8),
  );
});
