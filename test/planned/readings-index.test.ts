import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { Callstream } from '../../src/callstream.js';
import { PLANNED_WORK_PROJECTION } from '../../src/commands/planner-index.js';
import { counterReadingAt, counterReadingsSince } from '../../src/commands/planner-readings.js';
import {
  DomainError,
  meterStreamName,
  usageCrossings,
  type Actor,
} from '../../src/domain/index.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import type { EventStore } from '../../src/store/port.js';

const feed: Actor = { id: 'feed', role: 'system' };

/**
 * The oracle: a counter's readings as its stream records them up to a position, in order,
 * with the usage counted so far (undefined for a gauge or a meter never registered).
 */
async function recordedReadings(store: EventStore, meterId: string, toPosition?: bigint) {
  let counter = false;
  const readings: Array<{ at: Date; total: number }> = [];
  for await (const event of store.readStream(meterStreamName('COP-1'))) {
    if (toPosition !== undefined && event.position > toPosition) break;
    const data = event.data as {
      meterId: string;
      kind?: string;
      readAt?: string;
      value?: number;
      total?: number;
    };
    if (data.meterId !== meterId) continue;
    if (event.type === 'MeterRegistered') counter = data.kind === 'counter';
    if (event.type === 'ReadingRecorded')
      readings.push({ at: new Date(data.readAt!), total: data.total ?? data.value! });
  }
  return counter ? readings : undefined;
}
const START = Date.parse('2026-03-01T00:00:00Z');
const MINUTE = 60_000;
/** Two counters, a gauge, and a meter registered only when the sequence says so (or never). */
const meterIds = ['copies', 'hours', 'temp', 'spare'] as const;

/**
 * What one piece of equipment's meters are told: readings a few minutes apart or out of
 * order, going up or back, some as replacements; thresholds that trip and re-arm; alarms;
 * meters registered (again: refused). Refused commands write nothing.
 */
const meterAction = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('RegisterMeter' as const),
      meterId: fc.constantFrom(...meterIds),
      kind: fc.constantFrom('counter' as const, 'gauge' as const),
    }),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      type: fc.constant('RecordReading' as const),
      meterId: fc.constantFrom(...meterIds),
      minutes: fc.integer({ min: -30, max: 120 }),
      change: fc.integer({ min: -50, max: 400 }),
      replacement: fc.option(
        fc.record({
          finalValue: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }),
          initialValue: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }),
        }),
        { nil: undefined, freq: 2 },
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('SetThreshold' as const),
      meterId: fc.constantFrom(...meterIds),
      high: fc.integer({ min: 100, max: 3000 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ type: 'RaiseAlarm' as const }) },
);

describe('the planner’s index of counters’ readings (E1, E2)', () => {
  // Counters replaced, all runs together: the sequences must reach them.
  let replaced = 0;
  it('gives what the meters’ whole history gives: the readings the marks after any instant are judged by, and the last reading at any position of the log', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(meterAction, { minLength: 10, maxLength: 40, size: 'max' }),
        fc.array(fc.integer({ min: -60, max: 6000 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(100, 250, 1000),
        async (actions, afterMinutes, every) => {
          const store = new MemoryEventStore();
          const callstream = await Callstream.open({ store });
          const values = new Map<string, number>();
          let minute = 0;
          let alarms = 0;
          const positions: bigint[] = [];
          for (const [meterId, kind] of [
            ['copies', 'counter'],
            ['hours', 'counter'],
            ['temp', 'gauge'],
          ] as const)
            await callstream.execute({
              actor: feed,
              commandId: uuid(),
              serialNumber: 'COP-1',
              at: new Date(START).toISOString(),
              type: 'RegisterMeter',
              meterId,
              kind,
              unit: 'u',
            });
          for (const action of actions) {
            minute += action.type === 'RecordReading' ? action.minutes : 1;
            const readAt = new Date(START + minute * MINUTE);
            const device = {
              actor: feed,
              commandId: uuid(),
              serialNumber: 'COP-1',
              // Received a day after the latest instant read, so no reading is in the future.
              at: new Date(START + 24 * 60 * MINUTE + Math.max(minute, 0) * MINUTE).toISOString(),
            };
            try {
              if (action.type === 'RegisterMeter')
                await callstream.execute({ ...device, ...action, unit: 'u' });
              else if (action.type === 'SetThreshold')
                await callstream.execute({ ...device, ...action, thresholdId: 'hi' });
              else if (action.type === 'RaiseAlarm')
                await callstream.execute({
                  ...device,
                  type: 'RaiseAlarm',
                  alarmId: `A-${++alarms}`,
                  code: 'JAM',
                  message: 'Paper jam',
                });
              else {
                const value = (values.get(action.meterId) ?? 0) + action.change;
                await callstream.execute({
                  ...device,
                  type: 'RecordReading',
                  meterId: action.meterId,
                  value,
                  readAt: readAt.toISOString(),
                  ...(action.replacement ? { replacement: action.replacement } : {}),
                });
                values.set(action.meterId, value);
                if (action.replacement) replaced++;
              }
            } catch (error) {
              if (!(error instanceof DomainError)) throw error; // only the meters' rules may say no
            }
            positions.push((await store.headPosition()) ?? 0n);
          }
          await callstream.duePlannedWork(new Date(START)); // catches the index up
          for (const meterId of meterIds) {
            const full = await recordedReadings(store, meterId);
            const indexed = (after?: Date) =>
              counterReadingsSince(
                callstream.readModels,
                PLANNED_WORK_PROJECTION,
                'COP-1',
                meterId,
                after,
              );
            expect(indexed()).toEqual(full);
            for (const m of afterMinutes) {
              const after = new Date(START + m * MINUTE);
              const since = indexed(after);
              // From the last reading at or before `after`, or the first one.
              const from = full ? full.findLastIndex((r) => r.at <= after) : -1;
              expect(since).toEqual(full?.slice(Math.max(from, 0)));
              // So the marks reached after `after` are the same, judged against the same readings.
              const marks = (points: ReturnType<typeof indexed>) =>
                usageCrossings(points ?? [], every)
                  .filter((crossing) => crossing.reading.at > after)
                  .map(({ mark, skipped, reading }) => ({ mark, skipped, reading }));
              expect(marks(since)).toEqual(marks(full));
            }
            for (const position of positions) {
              const then = await recordedReadings(store, meterId, position);
              expect(
                counterReadingAt(
                  callstream.readModels,
                  PLANNED_WORK_PROJECTION,
                  'COP-1',
                  meterId,
                  position,
                ),
              ).toEqual(then?.[then.length - 1]);
            }
          }
          await callstream.close();
        },
      ),
      { numRuns: 100 },
    );
    expect(replaced).toBeGreaterThan(20);
  }, 300_000);
});
