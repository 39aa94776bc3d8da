import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CommandPipeline } from '../../src/commands/pipeline.js';
import {
  agendaStreamName,
  overlaps,
  type AgendaEvent,
  type Conflict,
} from '../../src/domain/index.js';
import { encodeEvents } from '../../src/streams/index.js';
import { command, logCallRequest, staff, testPipeline } from '../support/pipeline.js';
import { steppingClock } from '../support/clock.js';
import { defineEngineer } from './support.js';

const SLOT_MS = 15 * 60_000;
const MONDAY = Date.parse('2026-11-02T00:00:00.000Z'); // 2026-W45
/** A visit as slots of 15 minutes from MONDAY: anywhere in five weeks, up to seven days long. */
const window = fc.record({
  start: fc.integer({ min: 0, max: 5 * 7 * 96 }),
  length: fc.integer({ min: 1, max: 7 * 96 }),
});
interface Window {
  start: number;
  length: number;
}
const span = ({ start, length }: Window) => ({
  start: new Date(MONDAY + start * SLOT_MS),
  end: new Date(MONDAY + (start + length) * SLOT_MS),
});
const override = { reason: 'Test' };

/** The conflicts with other visits a visit booked with an override recorded (callNumbers, sorted). */
function visitsInTheWay(result: { events: ReadonlyArray<{ data: unknown }> }): string[] {
  const data = result.events[0]!.data as { override?: { conflicts: Conflict[] } };
  return (data.override?.conflicts ?? [])
    .flatMap((c) => (c.kind === 'visit' ? [c.callNumber] : []))
    .sort();
}

/** Visits booked by an older callstream, in the engineer's own stream (see agenda-weeks.test.ts). */
async function bookAsOlderVersion(
  pipeline: CommandPipeline,
  store: ReturnType<typeof testPipeline>['store'],
  visits: ReadonlyArray<{ callId: string; number: string; window: Window }>,
) {
  const events: AgendaEvent[] = [];
  for (const { callId, number, window: w } of visits) {
    const { start, end } = span(w);
    const result = await pipeline.execute(
      command({
        type: 'ScheduleOnSiteVisit',
        actor: staff.sam,
        call: number,
        engineer: 'eve',
        plannedStart: start.toISOString(),
        plannedEnd: end.toISOString(),
      }),
    );
    const at = result.state.transfers.T1!.openedAt;
    events.push({
      type: 'VisitBooked',
      data: { at, engineerId: 'eve', callNumber: number, callId, transferId: 'T1', start, end },
    });
  }
  if (events.length === 0) return;
  const id = '0b7f3c1e-5a2d-4e8f-9b6a-1c2d3e4f5a6b';
  const stream = agendaStreamName('eve');
  await store.appendToStream(
    stream,
    encodeEvents(events, stream, {
      actor: staff.sam,
      occurredAt: new Date('2026-11-23T09:00:00.000Z'),
      commandId: id,
      commandType: 'ScheduleOnSiteVisit',
      correlationId: id,
      causationId: id,
    }),
    { expectedRevision: 'no_stream' },
  );
}

describe('week streams find what one list of every visit finds (issue 13)', () => {
  it('names the same visits in the way of a new one, after bookings, moves across weeks and cancellations, old and new form', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(window, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 2 }),
        fc.array(fc.record({ visit: fc.nat(), to: window, cancel: fc.boolean() }), {
          maxLength: 6,
        }),
        window,
        async (windows, older, changes, probe) => {
          // The calls are reported before MONDAY: no visit is planned before its call.
          const { pipeline, store } = testPipeline({
            clock: steppingClock('2026-11-01T09:00:00.000Z'),
          });
          const calls: Array<{ callId: string; number: string; window: Window }> = [];
          for (const w of [...windows, probe]) {
            const { callId, number } = await pipeline.execute(logCallRequest());
            calls.push({ callId, number, window: w });
          }
          const visits = calls.slice(0, windows.length);
          const legacy = visits.slice(0, Math.min(older, visits.length));
          await bookAsOlderVersion(pipeline, store, legacy);
          await pipeline.execute(defineEngineer());
          // The one list: every visit still booked, by call number.
          const booked = new Map<string, Window>(legacy.map((v) => [v.number, v.window]));
          for (const v of visits.slice(legacy.length)) {
            const { start, end } = span(v.window);
            await pipeline.execute(
              command({
                type: 'ScheduleOnSiteVisit',
                actor: staff.sam,
                call: v.number,
                engineer: 'eve',
                plannedStart: start.toISOString(),
                plannedEnd: end.toISOString(),
                override,
              }),
            );
            booked.set(v.number, v.window);
          }
          for (const change of changes) {
            const { number } = visits[change.visit % visits.length]!;
            if (!booked.has(number)) continue;
            if (change.cancel) {
              await pipeline.execute(
                command({
                  type: 'CancelTransfer',
                  actor: staff.sam,
                  call: number,
                  transferId: 'T1',
                  reason: 'Not needed',
                }),
              );
              booked.delete(number);
            } else {
              const { start, end } = span(change.to);
              await pipeline.execute(
                command({
                  type: 'RescheduleOnSiteVisit',
                  actor: staff.sam,
                  call: number,
                  transferId: 'T1',
                  plannedStart: start.toISOString(),
                  plannedEnd: end.toISOString(),
                  reason: 'Moved',
                  override,
                }),
              );
              booked.set(number, change.to);
            }
          }
          const { start, end } = span(probe);
          const result = await pipeline.execute(
            command({
              type: 'ScheduleOnSiteVisit',
              actor: staff.sam,
              call: calls.at(-1)!.number,
              engineer: 'eve',
              plannedStart: start.toISOString(),
              plannedEnd: end.toISOString(),
              override,
            }),
          );
          const expected = [...booked]
            .filter(([, w]) => {
              const other = span(w);
              return overlaps(other.start, other.end, start, end);
            })
            .map(([number]) => number)
            .sort();
          expect(visitsInTheWay(result)).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });
});
