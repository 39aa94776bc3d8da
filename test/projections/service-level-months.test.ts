import fc from 'fast-check';
import { v4 as uuid } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { Callstream } from '../../src/callstream.js';
import { serviceLevelOf } from '../../src/projections/board.js';
import {
  callsProjection,
  CALLS_PROJECTION,
  type CallSummary,
} from '../../src/projections/calls.js';
import type { Period } from '../../src/projections/in-period.js';
import { ProjectionRunner } from '../../src/projections/runner.js';
import {
  countJudged,
  emptyServiceLevelTally,
  SERVICE_LEVEL_MONTHS,
  UNSETTLED_CALLS,
  statisticsDimensions,
  statisticsKeyOf,
  type ServiceLevelTally,
  type StatisticsDimension,
} from '../../src/projections/service-level-months.js';
import type { ReadModelStore } from '../../src/projections/types.js';
import { embeddedReadModelStores } from '../support/event-stores.js';
import { history, onReadModels, play } from '../support/histories.js';
import { staff } from '../support/pipeline.js';

/**
 * C4 at the size of years: breach statistics read a whole month from tallies of its settled
 * calls (targets done for good, or cancelled) and judge only the calls not settled, unless
 * a settled call of the month changed after the instant asked, when the month is read call
 * by call. Whatever the calls went through, at whatever instant and over whatever period,
 * that gives exactly what judging every call as it stood then gives.
 */

const DAY = 86_400_000;
const MINUTE = 60_000;
/** The stepping clock's start: every command a minute after the last. */
const START = Date.parse('2026-11-23T09:00:00Z');

/** The reference: every call the store holds, rebuilt as of the instant and judged then. */
async function judgedOneByOne(
  callstream: Callstream,
  readModels: ReadModelStore,
  asOf: Date,
  by: StatisticsDimension,
  period: Period,
): Promise<Record<string, ServiceLevelTally>> {
  const from = period.from?.getTime() ?? -Infinity;
  const to = Math.min(period.to?.getTime() ?? Infinity, asOf.getTime() + 1);
  const tallies = new Map<string, ServiceLevelTally>();
  for (const [callId] of readModels.all<CallSummary>(CALLS_PROJECTION, 'calls')) {
    const summary = await callstream.summary(callId, asOf);
    if (!summary || summary.cancelled) continue;
    const reported = Date.parse(summary.reportedAt);
    if (reported < from || reported >= to) continue;
    const key = statisticsKeyOf[by](summary);
    const tally = tallies.get(key) ?? emptyServiceLevelTally();
    tallies.set(key, tally);
    countJudged(tally, serviceLevelOf(summary, asOf));
  }
  return Object.fromEntries(tallies);
}

/** Before, during and after the history's commands, at month boundaries and far off. */
const instant = fc.oneof(
  fc.integer({ min: -5, max: 90 }).map((minutes) => new Date(START + minutes * MINUTE)),
  fc.integer({ min: -120, max: 60 }).map((days) => new Date(START + days * DAY)),
  fc.constantFrom('2026-09-01', '2026-10-01', '2026-11-01', '2026-12-01').map((d) => new Date(d)),
);
const period: fc.Arbitrary<Period> = fc
  .tuple(fc.option(instant, { nil: undefined }), fc.option(instant, { nil: undefined }))
  .map(([a, b]) => (a && b && b < a ? [b, a] : [a, b]))
  .map(([from, to]) => ({ ...(from ? { from } : {}), ...(to ? { to } : {}) }));

describe.each(embeddedReadModelStores)(
  'service-level statistics by month on %s read models',
  (_, open) => {
    it('give at any instant, for any history and period, what judging every call as it stood then gives; a rebuild keeps the same tallies', async () => {
      await fc.assert(
        fc.asyncProperty(
          history,
          // The four calls reported up to three months back: their months differ.
          fc.array(fc.integer({ min: 0, max: 90 }), { minLength: 4, maxLength: 4 }),
          fc.array(fc.tuple(instant, period), { minLength: 1, maxLength: 4 }),
          (actions, daysBack, questions) =>
            onReadModels(open, async (callstream, readModels) => {
              await play(callstream, actions, (i) => ({
                reportedAt: new Date(START - daysBack[i]! * DAY),
              }));
              // Between the commands too (a minute apart): calls settled, cancelled or taken
              // back after the instant were not yet, then.
              const during = Array.from({ length: 9 }, (_, k) => new Date(START + k * 8 * MINUTE));
              const asked: Array<readonly [Date, Period]> = [
                ...[...during, new Date(START + 200 * MINUTE)].map((asOf) => [asOf, {}] as const),
                ...questions,
              ];
              for (const [asOf, range] of asked)
                for (const by of statisticsDimensions)
                  expect(
                    await callstream.serviceLevelStatistics(asOf, by, range),
                    `${by} as of ${asOf.toISOString()} ${JSON.stringify(range)}`,
                  ).toEqual(await judgedOneByOne(callstream, readModels, asOf, by, range));
              const report = await new ProjectionRunner(callstream.store, readModels, [
                callsProjection(callstream.store),
              ]).verify();
              expect(report.differences).toEqual([]);
            }),
        ),
        { numRuns: 25 },
      );
    });

    it('tallies a call once its targets are done, lists it while they are not, and takes it back when its solution is rejected', () =>
      onReadModels(open, async (callstream, readModels) => {
        const [call] = await play(callstream, []);
        const run = (type: string, actor: (typeof staff)[keyof typeof staff], fields = {}) =>
          callstream.execute({ type, commandId: uuid(), call: call!, actor, ...fields } as never);
        const unsettled = () =>
          [...readModels.all<{ callId: string }>(CALLS_PROJECTION, UNSETTLED_CALLS)].map(
            ([, row]) => row.callId,
          );
        const settled = () =>
          [
            ...readModels.all<{ dimension: string; key: string; calls: number }>(
              CALLS_PROJECTION,
              SERVICE_LEVEL_MONTHS,
            ),
          ]
            .filter(([, row]) => row.dimension === 'group')
            .map(([, row]) => `${row.key} ${row.calls}`);
        expect(unsettled()).toContain(call);
        expect(settled()).toEqual([]);
        await run('AssignCall', staff.ann, { engineer: 'eve', group: 'l1' });
        await run('StartWork', staff.eve);
        await run('ResolveCall', staff.eve, { solution: 'Replaced the fuser' });
        expect(unsettled()).not.toContain(call);
        expect(settled()).toEqual(['l1 1']);
        await run('RejectSolution', staff.carl, { reason: 'Still jams' });
        expect(unsettled()).toContain(call);
        expect(settled()).toEqual([]);
      }));
  },
);
