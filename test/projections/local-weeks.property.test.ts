import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWeeks,
  weekOfInstant,
  weekOfIsoName,
  weekSpan,
} from '../../src/projections/service-report/weeks.js';

/**
 * The organisation's weeks (the service report's, the agenda's): the span of a week is exactly
 * the instants weekOfInstant names it, in any zone, across changes of the clocks.
 */
const zones = [
  'UTC',
  'Europe/Paris',
  'Asia/Tokyo',
  'America/New_York',
  // Clocks back at 01:00 on Monday 24 September 2001: midnight shown twice.
  'Asia/Jerusalem',
  // Half-hour changes, a quarter-hour offset, changes at midnight, a day skipped (30 December 2011).
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'America/Santiago',
  'Pacific/Apia',
];

describe("the organisation's weeks", () => {
  it('names a week by its Monday, from its ISO name', () => {
    expect(weekOfIsoName('2026-W48')).toBe('2026-11-23');
    expect(weekOfIsoName('2026-W53')).toBe('2026-12-28');
    expect(() => weekOfIsoName('2025-W53')).toThrow(
      expect.objectContaining({ code: 'InvalidWeek' }),
    );
  });

  it('runs Monday 00:00 to Monday 00:00 on the zone’s clock: 167 or 169 hours when the clocks change', () => {
    const hours = (zone: string, week: string) => {
      const { from, to } = weekSpan(zone, week);
      return (to.getTime() - from.getTime()) / 3_600_000;
    };
    expect(weekSpan('Europe/Paris', '2026-03-23')).toEqual({
      from: new Date('2026-03-22T23:00:00Z'),
      to: new Date('2026-03-29T22:00:00Z'),
    });
    expect(hours('Europe/Paris', '2026-03-23')).toBe(167);
    expect(hours('Europe/Paris', '2026-10-19')).toBe(169);
    expect(hours('America/New_York', '2026-11-02')).toBe(168);
    expect(weekSpan('Asia/Tokyo', '2026-11-23').from).toEqual(new Date('2026-11-22T15:00:00Z'));
    // Midnight shown twice: the week starts at its first showing, where its Monday starts.
    expect(weekSpan('Asia/Jerusalem', '2001-09-24').from).toEqual(new Date('2001-09-23T21:00:00Z'));
  });

  it('holds exactly the instants weekOfInstant names it, in any zone', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.date({
          min: new Date('1970-01-05T00:00:00Z'),
          max: new Date('2040-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        (zone, at) => {
          const week = weekOfInstant(zone, at);
          const { from, to } = weekSpan(zone, week);
          expect(from <= at && at < to).toBe(true);
          // Its bounds: the first instant of the week and the first of the next.
          expect(weekOfInstant(zone, from)).toBe(week);
          expect(weekOfInstant(zone, new Date(from.getTime() - 1))).toBe(addWeeks(week, -1));
          expect(weekOfInstant(zone, to)).toBe(addWeeks(week, 1));
          expect(weekOfInstant(zone, new Date(to.getTime() - 1))).toBe(week);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
