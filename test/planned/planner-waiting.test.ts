/**
 * Planned work the system cannot accept waits for an agent, and says why (A6, E3): the
 * planner's own acceptance, refused, is recorded on its request (RequestLeftWaiting) as the
 * acceptance at once of an inbox is, so the inbox shows the reason. Through the facade, on a
 * real SQLite file.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { Callstream } from '../../src/callstream.js';
import { requestStreamName, type Actor } from '../../src/domain/index.js';
import { temporaryDatabase } from '../support/files.js';

const sam: Actor = { id: 'sam', role: 'supervisor' };
const tmp = temporaryDatabase();
afterAll(() => tmp.remove());

/** Globex, whose contract for 2026 covers nothing, and its extinguisher EXT-9, inspected quarterly from 15 January. */
async function uncoveredExtinguisher(callstream: Callstream): Promise<void> {
  const commands: Array<[string, Record<string, unknown>]> = [
    ['SetInboxes', { mode: 'per-channel', autoAccept: [] }],
    ['RegisterCustomer', { customerId: 'globex', name: 'Globex' }],
    ['AddSite', { customerId: 'globex', siteId: 'hq', name: 'HQ', city: 'Lille', country: 'FR' }],
    [
      'RegisterContract',
      { contractId: 'globex-2026', customerId: 'globex', from: '2026-01-01', until: '2026-12-31' },
    ],
    [
      'RegisterEquipment',
      {
        serialNumber: 'EXT-9',
        item: 'extinguisher-6kg',
        customerId: 'globex',
        siteId: 'hq',
        from: '2025-06-01',
      },
    ],
    [
      'DefineMaintenancePlan',
      {
        planId: 'fire-extinguishers',
        name: 'Portable fire extinguishers (EN 3)',
        scope: { item: 'extinguisher-6kg' },
        from: '2026-01-01',
        tasks: [
          {
            taskId: 'inspection',
            name: 'Quarterly inspection',
            calendar: { kind: 'interval', every: 3, unit: 'month', first: '2026-01-15' },
          },
        ],
      },
    ],
  ];
  for (const [type, fields] of commands)
    await callstream.executeJson({
      type,
      commandId: uuid(),
      actor: sam,
      at: '2026-01-01T07:00:00Z',
      ...fields,
    });
}

async function eventTypes(callstream: Callstream, requestId: string): Promise<string[]> {
  const types: string[] = [];
  for await (const event of callstream.store.readStream(requestStreamName(requestId)))
    types.push(event.type);
  return types;
}

describe('planned work the system cannot accept (A6, E3)', () => {
  it('waits in the planner inbox with the reason, recorded once however often the planner tries again', async () => {
    const callstream = await Callstream.open({ file: tmp.path });
    await uncoveredExtinguisher(callstream);
    const until = new Date('2026-02-28T00:00:00Z');
    const report = await callstream.runPlanner(until);
    expect(report.waiting.map((o) => o.reason)).toEqual(['ChargeableWorkNotConfirmed']);
    const [waiting] = callstream.inbox({ inbox: 'planner' });
    expect(waiting).toMatchObject({
      status: 'waiting',
      waitingFor: {
        code: 'ChargeableWorkNotConfirmed',
        message: expect.stringMatching(/^Not covered: preventive-maintenance on EXT-9/),
      },
    });
    // The next run tries the acceptance again: refused for the same reason, it records nothing new.
    expect((await callstream.runPlanner(until)).waiting).toHaveLength(1);
    expect(await eventTypes(callstream, waiting!.requestId)).toEqual([
      'RequestReceived',
      'RequestLeftWaiting',
    ]);
    await callstream.close();

    // The reason is in the history: a read model rebuilt from it shows it too.
    const reopened = await Callstream.open({ file: tmp.path });
    await reopened.catchUp();
    expect(reopened.inbox({ inbox: 'planner' })).toMatchObject([
      { requestId: waiting!.requestId, waitingFor: { code: 'ChargeableWorkNotConfirmed' } },
    ]);
    expect((await reopened.verify()).differences).toEqual([]);
    await reopened.close();
  });

  it('is tried again at the instant it fell due, whatever due time or zone a later run is given', async () => {
    const file = temporaryDatabase();
    const callstream = await Callstream.open({ file: file.path });
    await uncoveredExtinguisher(callstream);
    const until = new Date('2026-02-28T00:00:00Z');
    const [first] = (await callstream.runPlanner(until, { timeZone: 'UTC' })).waiting;
    expect(first?.dueAt).toEqual(new Date('2026-01-15T08:00:00Z'));

    // Given the request received at 08:00, when a run falls due at 07:30 in Paris (06:30 UTC),
    // then the acceptance is still judged at 08:00: judged at 06:30, before the request was
    // received, it was refused as a call reported after it is logged (ReportedInFuture),
    // recorded on the request as why it waits, dated before the request itself.
    const later = await callstream.runPlanner(until, {
      timeZone: 'Europe/Paris',
      dueTime: '07:30',
    });
    expect(later.waiting).toMatchObject([
      { requestId: first!.requestId, reason: 'ChargeableWorkNotConfirmed' },
    ]);
    expect(later.waiting[0]!.dueAt).toEqual(first!.dueAt);
    expect(await eventTypes(callstream, first!.requestId)).toEqual([
      'RequestReceived',
      'RequestLeftWaiting',
    ]);
    await callstream.close();
    file.remove();
  });
});
