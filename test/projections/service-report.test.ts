import { describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import type { serviceReport } from '../../src/projections/service-report/index.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import type { JsonObject, JsonValue } from '../../src/store/port.js';
import { command, logCallRequest, staff } from '../support/pipeline.js';

/** A clock the test sets: each command happens when the story says. */
function story() {
  let now = new Date('2026-11-02T08:00:00Z');
  const callstream = new Callstream({ customerValidation: false, clock: () => now });
  const at = (instant: string) => (now = new Date(instant));
  return { callstream, at };
}

const week = (report: ReturnType<typeof serviceReport>, monday: string) =>
  report.backlog.find((w) => w.week === monday);

/**
 * Weeks (UTC, Monday first): 2 Nov (W45), 9 Nov (W46), 16 Nov (W47).
 * C1 reported W45, purpose hardware, group servers-l2, 90 min booked in W45, closed W46.
 * C2 reported W45, purpose install, cancelled W45.
 * C3 reported W46, purpose repair, group servers-l1: at risk and breached in W46 (escalated a day later).
 * C4 reported W47, not classified: its response at risk in W47.
 */
async function fourCalls() {
  const { callstream, at } = story();
  at('2026-11-02T09:00:00Z');
  const c1 = await callstream.execute(logCallRequest({ reportedAt: '2026-11-02T09:00:00Z' }));
  await callstream.execute(command({ type: 'ClassifyCall', call: c1.number, purpose: 'hardware' }));
  await callstream.execute(
    command({ type: 'AssignCall', call: c1.number, group: 'servers-l2', engineer: 'eve' }),
  );
  at('2026-11-03T10:00:00Z');
  const c2 = await callstream.execute(
    logCallRequest({ reportedAt: '2026-11-03T10:00:00Z', item: { serialNumber: 'SRV-2' } }),
  );
  await callstream.execute(command({ type: 'ClassifyCall', call: c2.number, purpose: 'install' }));
  await callstream.execute(command({ type: 'CancelCall', call: c2.number, reason: 'Duplicate' }));
  at('2026-11-04T11:00:00Z');
  await callstream.execute(
    command({
      type: 'BookTime',
      actor: staff.eve,
      call: c1.number,
      labourType: 'remote',
      minutes: 90,
      workDate: '2026-11-04',
    }),
  );
  await callstream.execute(
    command({
      type: 'BookTime',
      actor: staff.eve,
      call: c1.number,
      labourType: 'remote',
      minutes: 30,
      workDate: '2026-11-04',
    }),
  );
  await callstream.execute(
    command({
      type: 'CancelBooking',
      actor: staff.sam,
      call: c1.number,
      bookingId: 'B2',
      reason: 'Booked twice',
    }),
  );
  await callstream.execute(
    command({
      type: 'ResolveCall',
      actor: staff.eve,
      call: c1.number,
      solution: 'Replaced the disk',
    }),
  );
  at('2026-11-10T08:00:00Z');
  await callstream.execute(command({ type: 'CloseCall', call: c1.number }));
  const c3 = await callstream.execute(
    logCallRequest({ reportedAt: '2026-11-10T08:00:00Z', item: { serialNumber: 'SRV-3' } }),
  );
  await callstream.execute(command({ type: 'ClassifyCall', call: c3.number, purpose: 'repair' }));
  await callstream.execute(command({ type: 'AssignCall', call: c3.number, group: 'servers-l1' }));
  at('2026-11-11T09:00:00Z');
  await callstream.escalate(new Date('2026-11-11T09:00:00Z'));
  at('2026-11-16T08:00:00Z');
  const c4 = await callstream.execute(
    logCallRequest({ reportedAt: '2026-11-16T08:00:00Z', item: { serialNumber: 'SRV-4' } }),
  );
  at('2026-11-16T11:30:00Z');
  await callstream.escalate(new Date('2026-11-16T11:30:00Z'));
  return { callstream, c1, c2, c3, c4 };
}

describe('the service report (issue 19, item 12), counted week by week as events arrive', () => {
  it('counts the backlog per week: reported, closed, cancelled, and open at the end of each week', async () => {
    const { callstream } = await fourCalls();
    const report = callstream.serviceReport({
      from: new Date('2026-11-02T00:00:00Z'),
      to: new Date('2026-11-22T23:00:00Z'),
    });
    expect(report.timeZone).toBe('UTC');
    expect(
      report.backlog.map(({ week, isoWeek, reported, closed, cancelled, openAtEnd }) => [
        week,
        isoWeek,
        reported,
        closed,
        cancelled,
        openAtEnd,
      ]),
    ).toEqual([
      ['2026-11-02', '2026-W45', 2, 0, 1, 1],
      ['2026-11-09', '2026-W46', 1, 1, 0, 1],
      ['2026-11-16', '2026-W47', 1, 0, 0, 2],
    ]);
    // One week alone: the open count still comes out right, from what happened after it.
    const only = callstream.serviceReport({
      from: new Date('2026-11-09T00:00:00Z'),
      to: new Date('2026-11-09T00:00:00Z'),
    });
    expect(only.backlog).toEqual([
      {
        week: '2026-11-09',
        isoWeek: '2026-W46',
        reported: 1,
        closed: 1,
        cancelled: 0,
        openAtEnd: 1,
      },
    ]);
    // Without a range: the quarter up to the last week anything was recorded in.
    const quarter = callstream.serviceReport();
    expect([quarter.from, quarter.to, quarter.backlog.length]).toEqual([
      '2026-08-24',
      '2026-11-16',
      13,
    ]);
    expect(week(quarter, '2026-08-24')).toMatchObject({ reported: 0, openAtEnd: 0 });
    await callstream.close();
  });

  it('counts the calls of the weeks shown by purpose and where they stand now', async () => {
    const { callstream, c3 } = await fourCalls();
    const all = callstream.serviceReport({
      from: new Date('2026-11-02T00:00:00Z'),
      to: new Date('2026-11-16T00:00:00Z'),
    });
    const rows = all.byPurpose.map(({ purpose, calls, statuses }) => [
      purpose,
      calls,
      Object.entries(statuses).filter(([, n]) => n > 0),
    ]);
    expect(rows).toEqual([
      ['hardware', 1, [['Closed', 1]]],
      ['install', 1, [['Cancelled', 1]]],
      ['repair', 1, [['Assigned', 1]]],
      [null, 1, [['Registered', 1]]],
    ]);
    // Reclassified and started: the count moves, nothing is counted twice.
    await callstream.execute(
      command({ type: 'ClassifyCall', call: c3.number, purpose: 'install' }),
    );
    await callstream.execute(command({ type: 'StartWork', actor: staff.eve, call: c3.number }));
    const after = callstream.serviceReport({
      from: new Date('2026-11-09T00:00:00Z'),
      to: new Date('2026-11-09T00:00:00Z'),
    });
    expect(
      after.byPurpose.map(({ purpose, calls, statuses }) => [purpose, calls, statuses.InProcess]),
    ).toEqual([['install', 1, 1]]);
    await callstream.close();
  });

  it('counts each call once at risk and once breached, in the week first recorded, against the group handling it then', async () => {
    const { callstream } = await fourCalls();
    const report = callstream.serviceReport({
      from: new Date('2026-11-02T00:00:00Z'),
      to: new Date('2026-11-16T00:00:00Z'),
    });
    expect(
      report.serviceLevels.map(({ week, atRisk, breached, groups }) => [
        week,
        atRisk,
        breached,
        groups,
      ]),
    ).toEqual([
      ['2026-11-02', 0, 0, []],
      ['2026-11-09', 1, 1, [{ group: 'servers-l1', atRisk: 1, breached: 1 }]],
      ['2026-11-16', 1, 0, [{ group: '(unassigned)', atRisk: 1, breached: 0 }]],
    ]);
    // Escalating again later records the supervisor level: still one breached call.
    await callstream.escalate(new Date('2026-11-17T12:00:00Z'));
    const later = callstream.serviceReport({
      from: new Date('2026-11-09T00:00:00Z'),
      to: new Date('2026-11-16T00:00:00Z'),
    });
    expect(later.serviceLevels.map(({ atRisk, breached }) => [atRisk, breached])).toEqual([
      [1, 1],
      [1, 1],
    ]);
    await callstream.close();
  });

  it('counts every escalation by target and level in the week it was recorded, as the calls’ events hold them', async () => {
    const { callstream } = await fourCalls();
    await callstream.escalate(new Date('2026-11-17T12:00:00Z'));
    const recorded = new Map<string, number>();
    for await (const { type, data } of callstream.store.readAll()) {
      if (type !== 'ServiceLevelEscalated') continue;
      const { at, target, level } = data as { at: string; target: string; level: string };
      const monday = new Date(
        Date.parse(at.slice(0, 10)) - ((new Date(at).getUTCDay() + 6) % 7) * 86_400_000,
      );
      const key = `${monday.toISOString().slice(0, 10)} ${target} ${level}`;
      recorded.set(key, (recorded.get(key) ?? 0) + 1);
    }
    const report = callstream.serviceReport({
      from: new Date('2026-11-02T00:00:00Z'),
      to: new Date('2026-11-16T00:00:00Z'),
    });
    const counted = new Map<string, number>();
    for (const { week, escalations } of report.serviceLevels)
      for (const [target, levels] of Object.entries(escalations))
        for (const [level, n] of Object.entries(levels))
          if (n > 0) counted.set(`${week} ${target} ${level}`, n);
    expect(counted).toEqual(recorded);
    // C3 escalated up to its supervisor: more escalations than breached calls.
    expect([...recorded.keys()]).toContain('2026-11-16 resolution supervisor');
    expect(report.serviceLevels.find((w) => w.week === '2026-11-02')!.escalations).toEqual({
      response: { warning: 0, breach: 0, supervisor: 0 },
      resolution: { warning: 0, breach: 0, supervisor: 0 },
    });
    await callstream.close();
  });

  it('counts time booked by the week of its work date, cancelled bookings taken back', async () => {
    const { callstream } = await fourCalls();
    const report = callstream.serviceReport({
      from: new Date('2026-11-02T00:00:00Z'),
      to: new Date('2026-11-09T00:00:00Z'),
    });
    expect(report.work.map((w) => [w.week, w.bookedMinutes])).toEqual([
      ['2026-11-02', 90],
      ['2026-11-09', 0],
    ]);
    await callstream.close();
  });

  it('counts a purpose or group named like a member of every object (constructor, from a history older than the check) like any other', async () => {
    const { callstream } = await fourCalls();
    const store = new MemoryEventStore();
    const rename = (value: JsonValue): JsonValue =>
      JSON.parse(
        JSON.stringify(value)
          .replaceAll('"hardware"', '"constructor"')
          .replaceAll('"servers-l1"', '"toString"'),
      ) as JsonValue;
    for await (const event of callstream.store.readAll()) {
      await store.appendToStream(
        event.streamName,
        [
          {
            id: event.id,
            type: event.type,
            data: rename(event.data),
            metadata: rename(event.metadata) as JsonObject,
          },
        ],
        {
          expectedRevision: event.revision === 0n ? 'no_stream' : event.revision - 1n,
        },
      );
    }
    const copy = new Callstream({ store, customerValidation: false, projectionMode: 'manual' });
    await copy.catchUp();
    const range = { from: new Date('2026-11-02T00:00:00Z'), to: new Date('2026-11-16T00:00:00Z') };
    const report = copy.serviceReport(range);
    expect(report.byPurpose.find((row) => row.purpose === 'constructor')).toMatchObject({
      calls: 1,
      statuses: { Closed: 1 },
    });
    expect(report.byPurpose.map((row) => row.purpose)).toEqual([
      'constructor',
      'install',
      'repair',
      null,
    ]);
    expect(report.serviceLevels[1]!.groups).toEqual([
      { group: 'toString', atRisk: 1, breached: 1 },
    ]);
    expect(Object.getPrototypeOf({}).constructor).toBe(Object);
    await copy.close();
    await callstream.close();
  });

  it('rebuilt from the first event, the report is the one kept up to date event by event', async () => {
    const { callstream } = await fourCalls();
    const verified = await callstream.verify();
    expect(verified.documents).toBeGreaterThan(10);
    expect(verified.differences).toEqual([]);
    await callstream.close();
  });
});
