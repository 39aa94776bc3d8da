/**
 * An alarm episode whose request was refused (E2, E3) still gets its call: a repeat of the
 * same code, once the cause is gone, is validated under the rules in force then. An episode
 * that has its call stays one call (docs/planned-work.md, Alarms).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childProcessBudget, cli, json } from '../support/cli.js';
import { acmeInParis, commandLine } from '../support/cli-history.js';
import { temporaryDatabase } from '../support/files.js';

const tmp = temporaryDatabase();
const db = tmp.path;
afterAll(() => tmp.remove());

const sam = { id: 'sam', role: 'supervisor' };

interface Outcome {
  requestId: string;
  dueAt: string;
  call?: string;
  reason?: string;
}
interface Alarmed {
  recorded: { events: Array<{ type: string; data: { repeatOf?: string } }> };
  devices: { handled: number; created: Outcome[]; refused: Outcome[]; calls: Outcome[] };
}

const alarm = (alarmId: string, at: string, ...extra: string[]) =>
  cli([
    'meter',
    'alarm',
    '--serial',
    'UPS-1',
    '--alarm-id',
    alarmId,
    '--code',
    'ON-BATTERY',
    '--message',
    'Mains lost, running on battery',
    '--at',
    at,
    '--db',
    db,
    ...extra,
  ]);

describe('a refused alarm episode, then the block is lifted (real child process, SQLite file)', () => {
  beforeAll(async () => {
    const setup = [
      ...acmeInParis({ contractId: 'acme-2026', until: '2026-12-31', service: 'remote-support' }),
      commandLine(sam, '2026-01-02T08:00:04Z', 'RegisterEquipment', {
        serialNumber: 'UPS-1',
        item: 'ups-3000',
        customerId: 'acme',
        siteId: 'paris',
        from: '2025-06-01',
      }),
      commandLine(sam, '2026-02-01T08:00:00Z', 'PlaceBlock', {
        customerId: 'acme',
        blockId: 'B-PAY',
        reason: 'non-payment',
        from: '2026-02-01',
      }),
    ].join('\n');
    const run = await cli(['exec', '--db', db], { input: `${setup}\n` });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  }, childProcessBudget(1));

  it(
    'makes the call for a repeat once the customer may have one, and one call only for the episode',
    async () => {
      const first = json<Alarmed>(await alarm('A-1', '2026-02-05T03:00:00Z', '--json'));
      expect(first.devices.refused).toMatchObject([{ reason: 'blocked' }]);

      const lifted = await cli(['exec', '--db', db], {
        input: `${commandLine(sam, '2026-02-09T10:00:00Z', 'ReleaseBlock', {
          customerId: 'acme',
          blockId: 'B-PAY',
          until: '2026-02-08',
        })}\n`,
      });
      expect(lifted.code).toBe(0);

      // Not cleared: the device repeats the same code, part of the episode that has no call yet.
      const again = await alarm('A-2', '2026-02-10T03:00:00Z');
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/AlarmRaised/);
      expect(again.stdout).toMatch(/1 call\(s\) created/);
      expect(again.stdout).toMatch(/alarm +UPS-1 +acme +call C-000001/);

      // The episode has its call now: a further repeat joins it.
      const third = json<Alarmed>(await alarm('A-3', '2026-02-10T03:10:00Z', '--json'));
      expect(third.recorded.events[0]!.data.repeatOf).toBe('A-1');
      expect(third.devices).toMatchObject({ handled: 0, created: [], refused: [] });

      const board = json<{ rows: unknown[] }>(await cli(['board', '--db', db, '--json']));
      expect(board.rows).toHaveLength(1);
    },
    childProcessBudget(5),
  );
});
