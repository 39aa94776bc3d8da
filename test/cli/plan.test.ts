import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { childProcessBudget, cli, json } from '../support/cli.js';
import { temporaryDatabase } from '../support/files.js';

const tmp = temporaryDatabase();
const db = tmp.path;
afterAll(() => tmp.remove());

const sam = { id: 'sam', role: 'supervisor' };
const line = (type: string, fields: Record<string, unknown>) =>
  JSON.stringify({ type, commandId: uuid(), actor: sam, at: '2026-01-01T07:00:00Z', ...fields });

interface Outcome {
  serialNumber: string;
  channel: string;
  dueAt: string;
  call?: string;
  reason?: string;
}
interface Report {
  until: string;
  handled: number;
  created: Outcome[];
  refused: Outcome[];
  waiting: Outcome[];
  unchanged: number;
  devices: { handled: number; created: Outcome[] };
}

describe('callstream plan and meter (real child process)', () => {
  beforeAll(async () => {
    // The CLI validates customers: master data first, as an administrator would record it.
    const setup = [
      line('RegisterCustomer', { customerId: 'acme', name: 'Acme' }),
      line('AddSite', {
        customerId: 'acme',
        siteId: 'paris',
        name: 'Acme Paris',
        city: 'Paris',
        country: 'FR',
      }),
      line('RegisterContract', {
        contractId: 'acme-2026',
        customerId: 'acme',
        from: '2026-01-01',
        until: '2026-09-30',
      }),
      line('AddCoverageLine', {
        contractId: 'acme-2026',
        service: 'preventive-maintenance',
        scope: { siteId: 'paris' },
        share: 100,
      }),
      line('AddCoverageLine', {
        contractId: 'acme-2026',
        service: 'on-site-repair',
        scope: { siteId: 'paris' },
        share: 100,
      }),
      line('AddCoverageLine', {
        contractId: 'acme-2026',
        service: 'remote-support',
        scope: { siteId: 'paris' },
        share: 100,
      }),
      line('RegisterEquipment', {
        serialNumber: 'EXT-1',
        item: 'extinguisher-6kg',
        customerId: 'acme',
        siteId: 'paris',
        from: '2025-06-01',
      }),
      line('RegisterEquipment', {
        serialNumber: 'COP-1',
        item: 'copier-mx5',
        customerId: 'acme',
        siteId: 'paris',
        from: '2025-06-01',
      }),
      line('DefineMaintenancePlan', {
        planId: 'ext',
        name: 'Fire extinguishers',
        scope: { item: 'extinguisher-6kg' },
        from: '2026-01-01',
        tasks: [
          {
            taskId: 'inspection',
            name: 'Quarterly inspection',
            calendar: { kind: 'interval', every: 3, unit: 'month', first: '2026-01-15' },
          },
          {
            taskId: 'service',
            name: 'Yearly service',
            calendar: { kind: 'yearly', dates: ['06-30'] },
          },
        ],
      }),
      line('RegisterMeter', {
        serialNumber: 'COP-1',
        meterId: 'copies',
        unit: 'copies',
        kind: 'counter',
      }),
      line('SetThreshold', {
        serialNumber: 'COP-1',
        meterId: 'copies',
        thresholdId: 'drum',
        high: 100_000,
        description: 'Drum end of life',
      }),
    ].join('\n');
    const run = await cli(['exec', '--db', db], { input: `${setup}\n` });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  }, childProcessBudget(1));

  it(
    'previews what is due, then runs the planner until an instant, and a second run creates nothing',
    async () => {
      const due = json<{ occurrences: Array<{ dueDay: string; taskId: string }> }>(
        await cli(['plan', 'due', '--until', '2026-12-31T23:59:59Z', '--db', db, '--json']),
      );
      expect(due.occurrences.map((o) => `${o.dueDay} ${o.taskId}`)).toEqual([
        '2026-01-15 inspection',
        '2026-04-15 inspection',
        '2026-06-30 service',
        '2026-07-15 inspection',
        '2026-10-15 inspection',
      ]);

      // A run goes no further than the clock: work is requested dated as it falls due, and a
      // call dated next year would refuse every change until then.
      const ahead = await cli(['plan', 'run', '--until', '2099-01-31T00:00:00Z', '--db', db]);
      expect(ahead.code).toBe(1);
      expect(ahead.stderr).toMatch(
        /until: 2099-01-31T00:00:00.000Z lies .* ahead of this system's clock/,
      );

      const first = json<Report>(
        await cli(['plan', 'run', '--until', '2026-11-30T00:00:00Z', '--db', db, '--json']),
      );
      expect(first.created.map((o) => o.dueAt.slice(0, 10))).toEqual([
        '2026-01-15',
        '2026-04-15',
        '2026-06-30',
        '2026-07-15',
      ]);
      // Beyond the contract: refused, recorded on the request with its reason.
      expect(first.refused).toMatchObject([
        { serialNumber: 'EXT-1', reason: 'no-active-contract', dueAt: '2026-10-15T08:00:00.000Z' },
      ]);
      const again = json<Report>(
        await cli(['plan', 'run', '--until', '2026-11-30T00:00:00Z', '--db', db, '--json']),
      );
      // The second run starts where the first stopped: nothing left to ask for.
      expect(again).toMatchObject({ handled: 0, created: [], refused: [], unchanged: 0 });
      const left = json<{ occurrences: unknown[] }>(
        await cli(['plan', 'due', '--until', '2026-11-30T00:00:00Z', '--db', db, '--json']),
      );
      expect(left.occurrences).toEqual([]);
      expect(
        (await cli(['plan', 'due', '--until', '2026-11-30T00:00:00Z', '--db', db])).stdout,
      ).toMatch(/Nothing is due by 2026-11-30 00:00 UTC that the planner has not planned yet/);
      // A preview looks as far ahead as asked.
      const coming = json<{ occurrences: Array<{ dueDay: string }> }>(
        await cli(['plan', 'due', '--until', '2027-01-31T00:00:00Z', '--db', db, '--json']),
      );
      expect(coming.occurrences.map((o) => o.dueDay)).toEqual(['2027-01-15']);

      const refused = json<{ rows: Array<{ channel: string; refusal: { reason: string } }> }>(
        await cli(['inbox', '--db', db, '--json']),
      );
      expect(refused.rows).toMatchObject([
        { channel: 'planner', refusal: { reason: 'no-active-contract' } },
      ]);
      const text = await cli([
        'plan',
        'run',
        '--until',
        '2026-11-30T00:00:00Z',
        '--from-start',
        '--db',
        db,
      ]);
      expect(text.stdout).toMatch(
        /0 call\(s\) created, 0 refused and recorded, 0 waiting for an agent, 5 handled before/,
      );
    },
    childProcessBudget(9),
  );

  it(
    'records readings and makes one call when the threshold is reached, whatever is read or replayed after',
    async () => {
      const read = (value: number, at: string, ...extra: string[]) =>
        cli([
          'meter',
          'read',
          '--serial',
          'COP-1',
          '--meter',
          'copies',
          '--value',
          String(value),
          '--at',
          at,
          ...extra,
          '--db',
          db,
          '--json',
        ]);
      expect((await read(98_000, '2026-03-01T10:00:00Z')).code).toBe(0);
      const crossing = json<{
        recorded: { events: Array<{ type: string }> };
        devices: { created: Outcome[] };
      }>(await read(100_500, '2026-03-08T10:00:00Z'));
      expect(crossing.recorded.events.map((e) => e.type)).toEqual([
        'ReadingRecorded',
        'ThresholdCrossed',
      ]);
      expect(crossing.devices.created).toMatchObject([
        { channel: 'meter', serialNumber: 'COP-1', dueAt: '2026-03-08T10:00:00.000Z' },
      ]);
      const replayed = json<{ recorded: { duplicate: boolean }; devices: { created: Outcome[] } }>(
        await read(100_500, '2026-03-08T10:00:00Z'),
      );
      expect(replayed).toMatchObject({ recorded: { duplicate: true }, devices: { created: [] } });
      expect(
        json<{ devices: { created: Outcome[] } }>(await read(104_000, '2026-03-15T10:00:00Z'))
          .devices.created,
      ).toEqual([]);

      const backwards = await read(300, '2026-03-22T10:00:00Z');
      expect(backwards.code).toBe(1);
      expect(JSON.parse(backwards.stderr)).toMatchObject({
        error: { code: 'CounterWentBackwards' },
      });
      const replaced = json<{
        recorded: { events: Array<{ type: string; data: { total?: number } }> };
      }>(await read(300, '2026-03-22T10:00:00Z', '--replacement'));
      expect(replaced.recorded.events.map((e) => e.type)).toEqual([
        'ReadingRecorded',
        'ThresholdRearmed',
      ]);
      expect(replaced.recorded.events[0]!.data.total).toBe(104_300);

      const show = json<{ call: { intake: { channel: string }; description: string } }>(
        await cli(['show', crossing.devices.created[0]!.call!, '--db', db, '--json']),
      );
      expect(show.call.intake.channel).toBe('meter');
      expect(show.call.description).toMatch(/Drum end of life/);
    },
    childProcessBudget(8),
  );

  it(
    'turns a device alarm into one call, also when the device sends it twice',
    async () => {
      const alarm = () =>
        cli([
          'meter',
          'alarm',
          '--serial',
          'COP-1',
          '--alarm-id',
          'JAM-7',
          '--code',
          'PAPER-JAM',
          '--message',
          'Paper jam in tray 2',
          '--at',
          '2026-04-01T09:00:00Z',
          '--db',
          db,
          '--json',
        ]);
      const first = json<{ devices: { created: Outcome[] } }>(await alarm());
      expect(first.devices.created).toMatchObject([{ channel: 'alarm', serialNumber: 'COP-1' }]);
      const second = json<{ recorded: { duplicate: boolean }; devices: { created: Outcome[] } }>(
        await alarm(),
      );
      expect(second).toMatchObject({ recorded: { duplicate: true }, devices: { created: [] } });
    },
    childProcessBudget(2),
  );

  it(
    'records a reading or an alarm taken before another meter of the device was read: --at says when it was taken, the recording is now',
    async () => {
      const setup = [
        line('RegisterEquipment', {
          serialNumber: 'COP-2',
          item: 'copier-mx5',
          customerId: 'acme',
          siteId: 'paris',
          from: '2025-06-01',
        }),
        line('RegisterMeter', {
          serialNumber: 'COP-2',
          meterId: 'copies',
          unit: 'copies',
          kind: 'counter',
        }),
        line('RegisterMeter', {
          serialNumber: 'COP-2',
          meterId: 'hours',
          unit: 'h',
          kind: 'counter',
        }),
      ].join('\n');
      expect((await cli(['exec', '--db', db], { input: `${setup}\n` })).code).toBe(0);
      const meter = (...args: string[]) =>
        cli(['meter', ...args, '--serial', 'COP-2', '--db', db, '--json']);
      const read = (meterId: string, value: number, at: string) =>
        meter('read', '--meter', meterId, '--value', String(value), '--at', at);
      // The copies meter is read by the device each morning; the engineer's hour reading of
      // the afternoon before is typed in after it.
      expect((await read('copies', 5_000, '2026-05-02T06:00:00Z')).code).toBe(0);
      const hours = await read('hours', 1_200, '2026-05-01T16:00:00Z');
      expect(hours.stderr).toBe('');
      const recorded = json<{
        recorded: { events: Array<{ type: string; data: { readAt: string } }> };
      }>(hours).recorded.events;
      expect(recorded.map((e) => [e.type, e.data.readAt])).toEqual([
        ['ReadingRecorded', '2026-05-01T16:00:00.000Z'],
      ]);
      const alarm = await meter(
        'alarm',
        ...['--alarm-id', 'JAM-9', '--code', 'PAPER-JAM', '--message', 'Paper jam in tray 1'],
        ...['--at', '2026-05-01T15:00:00Z'],
      );
      expect(alarm.stderr).toBe('');
      expect(alarm.code).toBe(0);
    },
    childProcessBudget(4),
  );

  it(
    'lists plans, explains itself, and refuses a run without an instant',
    async () => {
      const list = json<{ rows: Array<{ id: string; tasks: Record<string, unknown> }> }>(
        await cli(['plan', 'list', '--db', db, '--json']),
      );
      expect(list.rows.map((p) => [p.id, Object.keys(p.tasks)])).toEqual([
        ['ext', ['inspection', 'service']],
      ]);
      const noUntil = await cli(['plan', 'run', '--db', db]);
      expect(noUntil.code).toBe(2);
      expect(noUntil.stderr).toMatch(/--until is required/);
      for (const command of ['plan', 'meter']) {
        const help = await cli([command, '--help']);
        expect(help.code, command).toBe(0);
        expect(help.stdout).toMatch(/Usage: callstream/);
        // Both default to the zone the organisation recorded, as the library does.
        expect(help.stdout).toMatch(/--time-zone ZONE .*default: the organisation’s/);
      }
      expect((await cli(['--help'])).stdout).toMatch(/plan\s+Maintenance plans/);
    },
    childProcessBudget(5),
  );
});
