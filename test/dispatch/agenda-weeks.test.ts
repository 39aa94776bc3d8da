import { describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import {
  agendaStreamName,
  agendaWeekStreamName,
  type AgendaEvent,
} from '../../src/domain/index.js';
import { encodeEvents } from '../../src/streams/index.js';
import { collect } from '../store/contract.js';
import { steppingClock } from '../support/clock.js';
import { command, logCallRequest, staff } from '../support/pipeline.js';
import { defineEngineer, refusal, scheduleAt, training, tuesday } from './support.js';

/** The visits of eve's agenda in week streams; visits booked by an older callstream in her own stream. */
const visit = scheduleAt;
const move = (call: string, start: string, end: string, extra: object = {}) =>
  command({
    type: 'RescheduleOnSiteVisit',
    actor: staff.sam,
    call,
    transferId: 'T1',
    plannedStart: start,
    plannedEnd: end,
    reason: 'Customer asked',
    ...extra,
  });
const absence = (absenceId: string, from: string, until: string) =>
  training(from, until, absenceId);
const override = { override: { reason: 'Customer insists' } };

async function setUp(calls: number, engineer = true) {
  // Calls reported the Friday before 2026-W48, the week of the visits (none before its call).
  const callstream = await Callstream.open({
    customerValidation: false,
    clock: steppingClock('2026-11-20T09:00:00.000Z'),
  });
  if (engineer) await callstream.execute(defineEngineer());
  const numbers: string[] = [];
  for (let i = 0; i < calls; i++) numbers.push((await callstream.execute(logCallRequest())).number);
  const types = async (stream: string) =>
    (await collect(callstream.store.readStream(stream))).map((e) => e.type);
  const week = (w: string) => types(agendaWeekStreamName('eve', w));
  const visits = async (w: string) =>
    (await callstream.agenda('eve', w)).visits.map((v) => [v.callNumber, v.start, v.end]);
  return { callstream, numbers, types, week, visits };
}

describe("an engineer's agenda in week streams (issue 13)", () => {
  it('books a visit in the week it starts in, moves it there within the week, and from one week to another releases it there and books it in the new week', async () => {
    const { callstream, numbers, week, visits } = await setUp(1);
    const [a] = numbers as [string];
    await callstream.execute(visit(a, tuesday('09:00'), tuesday('10:00')));
    await callstream.execute(move(a, tuesday('10:00'), tuesday('11:00')));
    expect(await week('2026-W48')).toEqual(['VisitBooked', 'VisitMoved']);
    const moved = await callstream.execute(
      move(a, '2026-12-01T09:00:00.000Z', '2026-12-01T10:00:00.000Z'),
    );
    expect(await week('2026-W48')).toEqual(['VisitBooked', 'VisitMoved', 'VisitReleased']);
    expect(await week('2026-W49')).toEqual(['VisitBooked']);
    const [booked] = await collect(
      callstream.store.readStream(agendaWeekStreamName('eve', '2026-W49')),
    );
    expect(booked!.data).toMatchObject({ callNumber: a, transferId: 'T1' });
    // Written with the call's event: the same command, one position after the other.
    expect(booked!.metadata).toMatchObject({ commandType: 'RescheduleOnSiteVisit' });
    expect(booked!.position).toBeLessThan(moved.position);
    expect(await visits('2026-W48')).toEqual([]);
    expect(await visits('2026-W49')).toEqual([
      [a, '2026-12-01T09:00:00.000Z', '2026-12-01T10:00:00.000Z'],
    ]);
    await callstream.close();
  });

  it('finds a visit that started the week before and reaches into this week, for a visit and for an absence', async () => {
    const { callstream, numbers } = await setUp(2);
    const [a, b] = numbers as [string, string];
    // Friday 15:00 of 2026-W48 to Monday 10:00 of 2026-W49, over the weekend: overridden.
    await callstream.execute(
      visit(a, '2026-11-27T15:00:00.000Z', '2026-11-30T10:00:00.000Z', override),
    );
    const error = await refusal(
      callstream.execute(visit(b, '2026-11-30T09:00:00.000Z', '2026-11-30T10:00:00.000Z')),
    );
    expect(error.code).toBe('VisitOverlaps');
    expect(error.details).toMatchObject({ conflicts: [{ kind: 'visit', callNumber: a }] });
    const recorded = await callstream.execute(
      absence('training-1', '2026-11-30T08:00:00.000Z', '2026-12-01T00:00:00.000Z'),
    );
    expect(recorded.events[0]!.data).toMatchObject({
      visitsInTheWay: [{ callNumber: a, transferId: 'T1' }],
    });
    await callstream.close();
  });

  it('refuses a visit longer than seven days (VisitTooLong), and writes nothing', async () => {
    const { callstream, numbers, types } = await setUp(2);
    const [a, b] = numbers as [string, string];
    const error = await refusal(
      callstream.execute(
        visit(a, '2026-11-23T08:00:00.000Z', '2026-11-30T08:00:01.000Z', override),
      ),
    );
    expect(error.code).toBe('VisitTooLong');
    expect(error.details).toMatchObject({ maxDays: 7 });
    expect(await types(agendaWeekStreamName('eve', '2026-W48'))).toEqual([]);
    // Exactly seven days is a visit (overridden: it spans a weekend).
    await callstream.execute(
      visit(a, '2026-11-23T08:00:00.000Z', '2026-11-30T08:00:00.000Z', override),
    );
    // A move may not stretch it either; nor may a visit of an engineer master data does not know.
    const stretched = await refusal(
      callstream.execute(move(a, '2026-11-23T08:00:00.000Z', '2026-12-01T08:00:00.000Z', override)),
    );
    expect(stretched.code).toBe('VisitTooLong');
    const unknown = await refusal(
      callstream.execute(
        command({
          type: 'ScheduleOnSiteVisit',
          actor: staff.sam,
          call: b,
          engineer: 'zoe',
          plannedStart: '2026-11-23T08:00:00.000Z',
          plannedEnd: '2026-12-23T08:00:00.000Z',
        }),
      ),
    );
    expect(unknown.code).toBe('VisitTooLong');
    await callstream.close();
  });

  it('refuses a visit before its call was reported (VisitBeforeCall), scheduled or moved, and writes nothing', async () => {
    const { callstream, numbers, week } = await setUp(1);
    const [a] = numbers as [string];
    const head = await callstream.store.headPosition();
    const error = await refusal(
      callstream.execute(visit(a, '1999-01-04T09:00:00.000Z', '1999-01-04T10:00:00.000Z')),
    );
    expect(error.code).toBe('VisitBeforeCall');
    // Nothing anywhere: no visit on the call, no booking in 1999's week, no notification.
    expect(await callstream.store.headPosition()).toBe(head);
    expect(await week('1999-W01')).toEqual([]);
    await callstream.execute(visit(a, tuesday('09:00'), tuesday('10:00')));
    const booked = await callstream.store.headPosition();
    const moved = await refusal(
      callstream.execute(move(a, '1999-01-04T09:00:00.000Z', '1999-01-04T10:00:00.000Z')),
    );
    expect(moved.code).toBe('VisitBeforeCall');
    expect(await callstream.store.headPosition()).toBe(booked);
    expect(await week('2026-W48')).toEqual(['VisitBooked']);
    await callstream.close();
  });

  it('refuses a visit on a cancelled call as any change to it, before the agenda or the dates are looked at', async () => {
    const { callstream, numbers } = await setUp(1);
    const [a] = numbers as [string];
    await callstream.execute(
      command({ type: 'CancelCall', actor: staff.sam, call: a, reason: 'Logged twice' }),
    );
    const head = await callstream.store.headPosition();
    for (const [start, end] of [
      [tuesday('09:00'), tuesday('10:00')],
      ['1999-01-04T09:00:00.000Z', '1999-01-04T10:00:00.000Z'],
    ] as const) {
      const error = await refusal(callstream.execute(visit(a, start, end)));
      expect(error.code).toBe('InvalidTransition');
    }
    expect(await callstream.store.headPosition()).toBe(head);
    await callstream.close();
  });
});

describe('visits booked before week streams, in the engineer’s own stream (issue 13)', () => {
  /**
   * A store as an older callstream left it: eve's visits booked in agenda-eve. The calls are
   * scheduled while eve is unknown to master data (so nothing is booked now), and their
   * bookings written as the older version wrote them; then eve is defined.
   */
  async function olderStore() {
    const setup = await setUp(4, false);
    const { callstream, numbers } = setup;
    const [a, b] = numbers as [string, string];
    await callstream.execute(visit(a, tuesday('09:00'), tuesday('10:00')));
    await callstream.execute(visit(b, tuesday('13:00'), tuesday('14:00')));
    const stream = agendaStreamName('eve');
    const booked = await Promise.all(
      [a, b].map(async (number) => {
        const call = await callstream.call(number);
        const t1 = call.transfers.T1!;
        if (t1.kind !== 'on-site') throw new Error('an on-site visit');
        const event: AgendaEvent = {
          type: 'VisitBooked',
          data: {
            at: t1.openedAt,
            engineerId: 'eve',
            callNumber: number,
            callId: call.id,
            transferId: 'T1',
            start: t1.plannedStart,
            end: t1.plannedEnd,
          },
        };
        return event;
      }),
    );
    const envelope = {
      actor: staff.sam,
      // When the older version booked them: the later schedule's instant.
      occurredAt: new Date(Math.max(...booked.map((event) => event.data.at.getTime()))),
      commandId: '6f1c2a57-3b0e-4d7a-9c1e-2f4b5a6c7d8e',
      commandType: 'ScheduleOnSiteVisit',
      correlationId: '6f1c2a57-3b0e-4d7a-9c1e-2f4b5a6c7d8e',
      causationId: '6f1c2a57-3b0e-4d7a-9c1e-2f4b5a6c7d8e',
    };
    await callstream.store.appendToStream(stream, encodeEvents(booked, stream, envelope), {
      expectedRevision: 'no_stream',
    });
    await callstream.execute(defineEngineer());
    return setup;
  }

  it('shows them in the read model, checks visits and absences against them', async () => {
    const { callstream, numbers, visits } = await olderStore();
    const [a, b, c] = numbers as [string, string, string];
    expect(await visits('2026-W48')).toEqual([
      [a, tuesday('09:00'), tuesday('10:00')],
      [b, tuesday('13:00'), tuesday('14:00')],
    ]);
    const error = await refusal(callstream.execute(visit(c, tuesday('09:30'), tuesday('10:30'))));
    expect(error.details).toMatchObject({ conflicts: [{ kind: 'visit', callNumber: a }] });
    const recorded = await callstream.execute(
      absence('training-1', tuesday('13:30'), tuesday('15:00')),
    );
    expect(recorded.events[0]!.data).toMatchObject({
      visitsInTheWay: [{ callNumber: b, transferId: 'T1' }],
    });
    await callstream.close();
  });

  it('moves one out of the engineer’s stream into its week, and releases one there, leaving history as it was', async () => {
    const { callstream, numbers, types, week, visits } = await olderStore();
    const [a, b, c] = numbers as [string, string, string];
    await callstream.execute(move(a, tuesday('10:00'), tuesday('11:00')));
    await callstream.execute(
      command({
        type: 'CancelTransfer',
        actor: staff.sam,
        call: b,
        transferId: 'T1',
        reason: 'Fixed remotely',
      }),
    );
    expect(await types(agendaStreamName('eve'))).toEqual([
      'VisitBooked',
      'VisitBooked',
      'VisitReleased',
      'VisitReleased',
    ]);
    expect(await week('2026-W48')).toEqual(['VisitBooked']);
    expect(await visits('2026-W48')).toEqual([[a, tuesday('10:00'), tuesday('11:00')]]);
    // Its old time is free, its new one taken.
    await callstream.execute(visit(c, tuesday('09:00'), tuesday('10:00')));
    const error = await refusal(
      callstream.execute(visit(numbers[3]!, tuesday('10:30'), tuesday('11:30'))),
    );
    expect(error.details).toMatchObject({ conflicts: [{ kind: 'visit', callNumber: a }] });
    await callstream.close();
  });
});
