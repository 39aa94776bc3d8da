import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  type CalendarDefinition,
  type Pause,
  type Weekday,
  addWorkingTime,
  addWorkingTimeWithPauses,
  alwaysOpen,
  isWorkingTime,
  nextWorkingInstant,
  parseCalendar,
  weekdays,
  workingTimeBetween,
  workingTimeBetweenExcluding,
} from '../../../src/domain/calendar/index.js';

/**
 * Properties over random calendars in zones with unusual rules: DST at midnight (Havana,
 * Santiago), 30-minute DST (Lord Howe), +12:45/+13:45 (Chatham), no DST (Kolkata, UTC),
 * and instants drawn near their clock changes.
 */
const zones = [
  'Europe/Paris',
  'Europe/Rome',
  'America/New_York',
  'America/Havana',
  'America/Santiago',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Asia/Kolkata',
  'UTC',
] as const;

const clock = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** A day's hours: sorted distinct minute boundaries, taken in pairs. */
const dayHours = fc
  .uniqueArray(
    fc.oneof(
      fc.integer({ min: 0, max: 96 }).map((q) => q * 15),
      fc.integer({ min: 0, max: 1440 }),
    ),
    { maxLength: 6 },
  )
  .map((bounds) => {
    const sorted = [...bounds].sort((a, b) => a - b);
    const intervals: Array<{ from: string; to: string }> = [];
    for (let i = 0; i + 1 < sorted.length; i += 2)
      intervals.push({ from: clock(sorted[i] ?? 0), to: clock(sorted[i + 1] ?? 0) });
    return intervals;
  });

const FIRST_DAY = Date.UTC(2025, 0, 1) / DAY_MS;
const LAST_DAY = Date.UTC(2027, 11, 31) / DAY_MS;

const businessCalendar: fc.Arbitrary<CalendarDefinition> = fc
  .record({
    timeZone: fc.constantFrom(...zones),
    week: fc.tuple(dayHours, dayHours, dayHours, dayHours, dayHours, dayHours, dayHours),
    holidays: fc.uniqueArray(fc.integer({ min: FIRST_DAY, max: LAST_DAY }), {
      maxLength: 40,
      size: 'max',
    }),
  })
  .filter(({ week }) => week.some((intervals) => intervals.length > 0))
  .map(({ timeZone, week, holidays }) =>
    parseCalendar({
      kind: 'business-hours',
      id: 'random',
      timeZone,
      workingHours: Object.fromEntries(weekdays.map((weekday, i) => [weekday, week[i]])),
      holidays: holidays.map((day) => new Date(day * DAY_MS).toISOString().slice(0, 10)),
    }),
  );

/** Clock changes of 2026 in the zones above (approximate instants: draws land within days of them). */
const clockChanges = [
  '2026-03-29T01:00Z',
  '2026-10-25T01:00Z',
  '2026-03-08T07:00Z',
  '2026-11-01T06:00Z',
  '2026-03-08T05:00Z',
  '2026-11-01T05:00Z',
  '2026-04-05T03:00Z',
  '2026-09-06T04:00Z',
  '2026-04-04T15:00Z',
  '2026-10-03T15:30Z',
  '2026-04-04T14:00Z',
  '2026-09-26T14:00Z',
].map((iso) => new Date(iso).getTime());

const instantMs = fc.oneof(
  fc.integer({ min: FIRST_DAY * DAY_MS, max: LAST_DAY * DAY_MS }),
  fc
    .tuple(fc.constantFrom(...clockChanges), fc.integer({ min: -3 * DAY_MS, max: 3 * DAY_MS }))
    .map(([change, delta]) => change + delta),
);
const instant = instantMs.map((ms) => new Date(ms));
const duration = fc.oneof(
  fc.integer({ min: 0, max: 2 * HOUR_MS }),
  fc.integer({ min: 0, max: 30 * DAY_MS }),
);
const positiveDuration = duration.filter((ms) => ms > 0);

/** Pauses around a start: some overlapping, some open-ended. */
const pausesAround = (start: Date): fc.Arbitrary<Pause[]> =>
  fc
    .array(
      fc.record({
        offset: fc.integer({ min: -2 * DAY_MS, max: 20 * DAY_MS }),
        length: fc.option(fc.integer({ min: 0, max: 5 * DAY_MS }), { freq: 8 }),
      }),
      { maxLength: 4 },
    )
    .map((specs) =>
      specs.map(({ offset, length }) => {
        const from = start.getTime() + offset;
        return { from: new Date(from), to: length === null ? undefined : new Date(from + length) };
      }),
    );

const withPauses = instant.chain((start) => fc.tuple(fc.constant(start), pausesAround(start)));
const plus = (date: Date, ms: number) => new Date(date.getTime() + ms);

describe('working-time properties', () => {
  it('addWorkingTime is never earlier than the start', () => {
    fc.assert(
      fc.property(businessCalendar, instant, duration, (calendar, start, d) => {
        expect(addWorkingTime(calendar, start, d).getTime()).toBeGreaterThanOrEqual(
          start.getTime(),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('exactly the duration elapses by the due instant, and one millisecond less just before it (the due instant is the earliest)', () => {
    fc.assert(
      fc.property(businessCalendar, instant, positiveDuration, (calendar, start, d) => {
        const due = addWorkingTime(calendar, start, d);
        expect(workingTimeBetween(calendar, start, due)).toBe(d);
        expect(workingTimeBetween(calendar, start, plus(due, -1))).toBe(d - 1);
      }),
      { numRuns: 300 },
    );
  });

  it('the clock starts at the next opening: one millisecond of work ends one millisecond after it', () => {
    fc.assert(
      fc.property(businessCalendar, instant, (calendar, start) => {
        const opening = nextWorkingInstant(calendar, start);
        expect(isWorkingTime(calendar, opening)).toBe(true);
        expect(workingTimeBetween(calendar, start, opening)).toBe(0);
        expect(addWorkingTime(calendar, start, 1).getTime()).toBe(opening.getTime() + 1);
      }),
      { numRuns: 200 },
    );
  });

  it('workingTimeBetween is additive over any split point, and 0 when to <= from', () => {
    fc.assert(
      fc.property(businessCalendar, instant, instant, instant, (calendar, a, b, c) => {
        const [from, split, to] = [a, b, c].sort((x, y) => x.getTime() - y.getTime()) as [
          Date,
          Date,
          Date,
        ];
        expect(workingTimeBetween(calendar, from, to)).toBe(
          workingTimeBetween(calendar, from, split) + workingTimeBetween(calendar, split, to),
        );
        expect(workingTimeBetween(calendar, to, from)).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('matches a minute-by-minute count of the wall clock (an independent, slow oracle)', () => {
    const formats = new Map<string, Intl.DateTimeFormat>();
    const wall = (timeZone: string, ms: number) => {
      let format = formats.get(timeZone);
      if (!format) {
        format = new Intl.DateTimeFormat('en-CA', {
          timeZone,
          hourCycle: 'h23',
          weekday: 'long',
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
        });
        formats.set(timeZone, format);
      }
      const parts = Object.fromEntries(
        format.formatToParts(ms).map((part) => [part.type, part.value]),
      );
      return {
        date: `${parts.year}-${parts.month}-${parts.day}`,
        weekday: String(parts.weekday).toLowerCase() as Weekday,
        minute: Number(parts.hour) * 60 + Number(parts.minute),
      };
    };
    const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
    fc.assert(
      fc.property(
        businessCalendar,
        instantMs,
        fc.integer({ min: 0, max: 3 * 24 * 60 }),
        (calendar, fromMs, span) => {
          if (calendar.kind !== 'business-hours') return;
          const from = Math.floor(fromMs / MINUTE_MS) * MINUTE_MS;
          let expected = 0;
          for (let t = from; t < from + span * MINUTE_MS; t += MINUTE_MS) {
            const local = wall(calendar.timeZone, t);
            if (calendar.holidays.includes(local.date)) continue;
            if (
              calendar.workingHours[local.weekday].some(
                (i) => minutesOf(i.from) <= local.minute && local.minute < minutesOf(i.to),
              )
            )
              expected += MINUTE_MS;
          }
          expect(
            workingTimeBetween(calendar, new Date(from), new Date(from + span * MINUTE_MS)),
          ).toBe(expected);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('24×7 is wall time, and so is a round-the-clock business calendar in any zone', () => {
    const roundTheClock = (timeZone: string) =>
      parseCalendar({
        kind: 'business-hours',
        id: 'all-day',
        timeZone,
        workingHours: Object.fromEntries(
          weekdays.map((w) => [w, [{ from: '00:00', to: '24:00' }]]),
        ),
      });
    fc.assert(
      fc.property(fc.constantFrom(...zones), instant, instant, duration, (timeZone, a, b, d) => {
        for (const calendar of [alwaysOpen, roundTheClock(timeZone)]) {
          expect(workingTimeBetween(calendar, a, b)).toBe(Math.max(0, b.getTime() - a.getTime()));
          expect(addWorkingTime(calendar, a, d).getTime()).toBe(a.getTime() + d);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('pause properties', () => {
  it('a pause never increases the elapsed working time, and overlapping pauses are not subtracted twice', () => {
    fc.assert(
      fc.property(
        businessCalendar,
        withPauses,
        fc.integer({ min: 0, max: 25 * DAY_MS }),
        (calendar, [from, pauses], length) => {
          const to = plus(from, length);
          const elapsed = workingTimeBetweenExcluding(calendar, from, to, pauses);
          expect(elapsed).toBeGreaterThanOrEqual(0);
          expect(elapsed).toBeLessThanOrEqual(workingTimeBetween(calendar, from, to));
          expect(workingTimeBetweenExcluding(calendar, from, to, [...pauses, ...pauses])).toBe(
            elapsed,
          );
          expect(workingTimeBetweenExcluding(calendar, from, to, [])).toBe(
            workingTimeBetween(calendar, from, to),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('elapsed time with pauses is additive over a split point too', () => {
    fc.assert(
      fc.property(
        businessCalendar,
        withPauses,
        fc.integer({ min: 0, max: 25 * DAY_MS }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (calendar, [from, pauses], length, share) => {
          const to = plus(from, length);
          const split = plus(from, Math.floor(length * share));
          expect(workingTimeBetweenExcluding(calendar, from, to, pauses)).toBe(
            workingTimeBetweenExcluding(calendar, from, split, pauses) +
              workingTimeBetweenExcluding(calendar, split, to, pauses),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('pauses never make a clock due earlier; exactly the duration elapses outside them; no due time only under an open pause', () => {
    fc.assert(
      fc.property(businessCalendar, withPauses, duration, (calendar, [start, pauses], d) => {
        const due = addWorkingTimeWithPauses(calendar, start, d, pauses);
        const unpaused = addWorkingTime(calendar, start, d);
        if (due === undefined) {
          expect(pauses.some((pause) => pause.to === undefined)).toBe(true);
          return;
        }
        expect(due.getTime()).toBeGreaterThanOrEqual(unpaused.getTime());
        expect(workingTimeBetweenExcluding(calendar, start, due, pauses)).toBe(d);
        if (d > 0)
          expect(workingTimeBetweenExcluding(calendar, start, plus(due, -1), pauses)).toBe(d - 1);
      }),
      { numRuns: 300 },
    );
  });

  it('a pause outside working hours changes nothing', () => {
    fc.assert(
      fc.property(businessCalendar, instant, duration, (calendar, start, d) => {
        // The closed span right after the next closing (if any) is a pause that stops nothing.
        const opening = nextWorkingInstant(calendar, start);
        // The end of the working interval at `opening`: the longest run of wall time that is all working time.
        let lo = 0;
        let hi = 8 * DAY_MS;
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (workingTimeBetween(calendar, opening, plus(opening, mid)) === mid) lo = mid;
          else hi = mid;
        }
        const closing = opening.getTime() + lo;
        expect(isWorkingTime(calendar, new Date(closing))).toBe(false);
        const reopening = nextWorkingInstant(calendar, new Date(closing));
        const pause = [{ from: new Date(closing), to: reopening }];
        expect(addWorkingTimeWithPauses(calendar, start, d, pause)).toEqual(
          addWorkingTime(calendar, start, d),
        );
      }),
      { numRuns: 100 },
    );
  });
});
