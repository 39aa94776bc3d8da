/**
 * Automatic work refused by the validation (E3) waits in its inbox with its reason; once the
 * cause is gone an agent accepts it (docs/planned-work.md). The planner names the equipment's
 * owner: the agent's acceptance validates that customer, not a sender to recognise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childProcessBudget, cli, json } from '../support/cli.js';
import { acmeInParis, commandLine } from '../support/cli-history.js';
import { temporaryDatabase } from '../support/files.js';

const tmp = temporaryDatabase();
const db = tmp.path;
afterAll(() => tmp.remove());

const sam = { id: 'sam', role: 'supervisor' };
const ann = { id: 'ann', role: 'agent' };
const line = commandLine;

interface Outcome {
  requestId: string;
  dueAt: string;
  call?: string;
  reason?: string;
}

describe('automatic work refused, then accepted by an agent (real child process)', () => {
  beforeAll(async () => {
    const setup = [
      // The contract ends in the middle of the plan.
      ...acmeInParis({
        contractId: 'acme-jan',
        until: '2026-01-31',
        service: 'preventive-maintenance',
      }),
      line(sam, '2026-01-02T08:00:04Z', 'RegisterEquipment', {
        serialNumber: 'EXT-1',
        item: 'extinguisher-6kg',
        customerId: 'acme',
        siteId: 'paris',
        from: '2025-06-01',
      }),
      line(sam, '2026-01-02T08:00:05Z', 'DefineMaintenancePlan', {
        planId: 'ext',
        name: 'Fire extinguishers',
        scope: { item: 'extinguisher-6kg' },
        from: '2026-01-01',
        tasks: [
          {
            taskId: 'inspection',
            name: 'Monthly inspection',
            calendar: { kind: 'interval', every: 1, unit: 'month', first: '2026-01-15' },
            service: 'preventive-maintenance',
          },
        ],
      }),
    ].join('\n');
    const run = await cli(['exec', '--db', db], { input: `${setup}\n` });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  }, childProcessBudget(1));

  it(
    'takes the refused occurrence on for the equipment’s owner once the contract is renewed',
    async () => {
      const planned = await cli(['plan', 'run', '--until', '2026-02-28T23:59:59Z', '--db', db]);
      expect(planned.code).toBe(0);
      // Times with their zone, as every other table shows them.
      expect(planned.stdout).toMatch(
        /^2026-02-15 08:00 UTC +planner +EXT-1 +acme +refused: no-active-contract/m,
      );
      const run = json<{ created: Outcome[]; refused: Outcome[] }>(
        await cli(['plan', 'run', '--until', '2026-02-28T23:59:59Z', '--db', db, '--json']),
      );
      expect(run.created).toEqual([]); // the first run did the work
      const inbox = json<{ rows: Array<{ requestId: string; status: string }> }>(
        await cli(['inbox', '--inbox', 'shared', '--status', 'refused', '--db', db, '--json']),
      );
      expect(inbox.rows).toHaveLength(1);
      const requestId = inbox.rows[0]!.requestId;
      const renewed = await cli(['exec', '--db', db], {
        input: [
          line(sam, '2026-03-02T08:00:00Z', 'RenewContract', {
            contractId: 'acme-jan',
            until: '2026-12-31',
          }),
          line(ann, '2026-03-02T08:05:00Z', 'AcceptRequest', { requestId }),
        ].join('\n'),
      });
      const results = renewed.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { ok: boolean; result?: { state: { status: string } } });
      expect(results.map((r) => r.ok)).toEqual([true, true]);
      expect(results[1]!.result!.state.status).toBe('accepted');
      const after = await cli(['inbox', '--status', 'accepted', '--db', db]);
      expect(after.stdout).toMatch(/call C-000002/);
    },
    childProcessBudget(5),
  );
});
