import fc from 'fast-check';
import { v4 as uuid } from 'uuid';
import { describe, expect, it } from 'vitest';
import {
  analyticsDimensions,
  countCall,
  emptyTally,
  withoutZeros,
  type AnalyticsDimension,
  type Tally,
} from '../../src/projections/analytics-rows.js';
import { callAnalytics } from '../../src/projections/analytics.js';
import { ANALYTICS_MONTHS } from '../../src/projections/analytics-months.js';
import { callsProjection, CALLS_PROJECTION } from '../../src/projections/calls.js';
import { callsReportedIn, type Period } from '../../src/projections/in-period.js';
import { ProjectionRunner } from '../../src/projections/runner.js';
import type { ReadModelStore } from '../../src/projections/types.js';
import { embeddedReadModelStores } from '../support/event-stores.js';
import { history, onReadModels, play } from '../support/histories.js';
import { staff } from '../support/pipeline.js';

/**
 * C5 at the size of years: analytics reads whole months from tallies the calls projection
 * keeps as calls change, and the part of a month at either end of a period from the calls.
 * Whatever the calls went through and wherever a period starts and ends, that gives what
 * adding up every call of the period gives, and a rebuild gives the same tallies.
 */

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-23T09:00:00Z');

/** The reference: every call of the period, added up one by one. */
function walked(readModels: ReadModelStore, by: AnalyticsDimension, period: Period) {
  const rows = new Map<string, Tally>();
  for (const call of callsReportedIn(readModels, period)) {
    countCall(call, by, (key) => {
      let row = rows.get(key);
      if (!row) rows.set(key, (row = emptyTally()));
      return row;
    });
  }
  return Object.fromEntries(
    [...rows].map(([key, row]) => [
      key,
      {
        ...withoutZeros(row),
        warrantyShare:
          row.calls === 0 ? 0 : Math.round((row.underWarranty / row.calls) * 1000) / 1000,
      },
    ]),
  );
}

/** Month boundaries, days inside months, and instants before and after every call. */
const instant = fc.oneof(
  fc.constantFrom('2026-05-01', '2026-07-01', '2026-09-01', '2026-11-01', '2026-12-01'),
  fc.constantFrom('2026-06-15T12:00:00Z', '2026-08-31T23:59:59.999Z', '2026-11-23T08:00:00Z'),
  fc.constantFrom('1999-01-01', '2100-01-01'),
  fc.integer({ min: -220, max: 10 }).map((days) => new Date(NOW + days * DAY).toISOString()),
);
const period: fc.Arbitrary<Period> = fc
  .tuple(fc.option(instant, { nil: undefined }), fc.option(instant, { nil: undefined }))
  .map(([from, to]) => ({
    ...(from ? { from: new Date(from) } : {}),
    ...(to ? { to: new Date(to) } : {}),
  }));

describe.each(embeddedReadModelStores)('analytics by month on %s read models', (_, open) => {
  it('gives for any history and any period what adding up its calls gives, and a rebuild keeps the same tallies', async () => {
    await fc.assert(
      fc.asyncProperty(
        history,
        // The four calls reported up to seven months back: periods cut across months.
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 4, maxLength: 4 }),
        fc.array(period, { minLength: 1, maxLength: 6 }),
        (actions, daysBack, periods) =>
          onReadModels(open, async (callstream, readModels) => {
            await play(callstream, actions, (i) => ({
              reportedAt: new Date(NOW - daysBack[i]! * DAY),
            }));
            for (const by of analyticsDimensions)
              for (const range of [{}, ...periods])
                expect(
                  callAnalytics(readModels, by, range),
                  `${by} ${JSON.stringify(range)}`,
                ).toEqual(walked(readModels, by, range));
            const report = await new ProjectionRunner(callstream.store, readModels, [
              callsProjection(callstream.store),
            ]).verify();
            expect(report.differences).toEqual([]);
          }),
      ),
      { numRuns: 30 },
    );
  });

  it('keeps a row per dimension, month and key, and deletes one its calls all moved away from', () =>
    onReadModels(open, async (callstream, readModels) => {
      const calls = await play(callstream, []);
      const rows = () =>
        [
          ...readModels.all<{ dimension: string; month: string; key: string; calls: number }>(
            CALLS_PROJECTION,
            ANALYTICS_MONTHS,
          ),
        ]
          .map(([, row]) => `${row.dimension} ${row.month} ${row.key} ${row.calls}`)
          .filter((row) => row.startsWith('purpose'))
          .sort();
      const classify = (call: string) =>
        callstream.execute({
          type: 'ClassifyCall',
          commandId: uuid(),
          call,
          purpose: 'printing',
          actor: staff.ann,
        });
      expect(rows()).toEqual(['purpose 2026-11 (unclassified) 4']);
      await classify(calls[0]!);
      expect(rows()).toEqual(['purpose 2026-11 (unclassified) 3', 'purpose 2026-11 printing 1']);
      for (const call of calls.slice(1)) await classify(call);
      expect(rows()).toEqual(['purpose 2026-11 printing 4']);
    }));
});
