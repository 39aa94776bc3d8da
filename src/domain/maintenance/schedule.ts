import { z } from 'zod';
import { dayNumberOf, isoDateOf } from '../calendar/civil.js';
import { day, id } from '../shared/schema.js';

/**
 * When a maintenance task falls due (E1): by the calendar — every N days, weeks, months or
 * years, on fixed dates, or on the same dates every year, optionally only within a season —
 * and/or by usage, every N units of a meter. Pure functions of days (YYYY-MM-DD): no clock,
 * no time zone; the planner turns a due day into an instant.
 */

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A month and day that come back every year (MM-DD). 02-29 falls on 02-28 in common years. */
export const monthDay = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'A month and day, MM-DD')
  .refine(
    (value) => Number(value.slice(3)) <= DAYS_IN_MONTH[Number(value.slice(0, 2)) - 1]!,
    'No such day in that month',
  );

export const intervalUnits = ['day', 'week', 'month', 'year'] as const;
export type IntervalUnit = (typeof intervalUnits)[number];

/**
 * - interval: `first`, then every `every` units after it. Without `first`, the first
 *   occurrence is one interval after the day the task starts to apply to the equipment.
 *   Months and years count from `first` itself (Jan 31 + 1 month = Feb 28, + 2 = Mar 31),
 *   so short months never make the series drift.
 * - dates: these days, once.
 * - yearly: these month-days, every year.
 */
export const calendarScheduleSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('interval'),
    every: z.number().int().min(1).max(1000),
    unit: z.enum(intervalUnits),
    first: day.optional(),
  }),
  z.strictObject({ kind: z.literal('dates'), dates: z.array(day).min(1).max(1000) }),
  z.strictObject({ kind: z.literal('yearly'), dates: z.array(monthDay).min(1).max(366) }),
]);
export type CalendarSchedule = z.output<typeof calendarScheduleSchema>;

/** The days of the year a task is due in, both ends inclusive; `from` after `until` wraps the new year (10-01 … 03-31). */
export const seasonSchema = z.strictObject({ from: monthDay, until: monthDay });
export type Season = z.output<typeof seasonSchema>;

/** Every `every` units the meter counts (copies, operating hours, …). */
export const usageScheduleSchema = z.strictObject({
  meterId: id,
  every: z.number().positive().max(1e12),
});
export type UsageSchedule = z.output<typeof usageScheduleSchema>;

/** The days a task applies to one piece of equipment, both inclusive. */
export interface DayWindow {
  readonly start: string;
  readonly until: string;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : DAYS_IN_MONTH[month - 1]!;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** `isoDay` plus `months` months; a day the target month lacks becomes its last day. */
export function addMonths(isoDay: string, months: number): string {
  const index = Number(isoDay.slice(0, 4)) * 12 + Number(isoDay.slice(5, 7)) - 1 + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const dayOfMonth = Math.min(Number(isoDay.slice(8, 10)), daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
}

export const addDays = (isoDay: string, days: number): string =>
  isoDateOf(dayNumberOf(isoDay) + days);

/** The day falls within the season (any day, without one). */
export function inSeason(season: Season | undefined, isoDay: string): boolean {
  if (!season) return true;
  const monthAndDay = isoDay.slice(5);
  return season.from <= season.until
    ? season.from <= monthAndDay && monthAndDay <= season.until
    : monthAndDay >= season.from || monthAndDay <= season.until;
}

/** The first occurrence of an interval schedule for a task that applies from `start`. */
export function firstOccurrence(
  schedule: Extract<CalendarSchedule, { kind: 'interval' }>,
  start: string,
): string {
  if (schedule.first !== undefined) return schedule.first;
  const { every, unit } = schedule;
  return unit === 'day' || unit === 'week'
    ? addDays(start, every * (unit === 'week' ? 7 : 1))
    : addMonths(start, every * (unit === 'year' ? 12 : 1));
}

/**
 * The days a calendar schedule is due within the window, in order, each once, restricted
 * to the season. Intervals jump straight to the first occurrence in the window, so a plan
 * anchored years ago costs nothing for the years before. `from` leaves out the days before
 * it without moving the schedule: an interval without `first` still counts from the
 * window's start.
 */
export function calendarDueDays(
  schedule: CalendarSchedule,
  window: DayWindow,
  season?: Season,
  from?: string,
): string[] {
  const { until } = window;
  const start = from !== undefined && from > window.start ? from : window.start;
  if (until < start) return [];
  const due: string[] = [];
  switch (schedule.kind) {
    case 'interval': {
      const first = firstOccurrence(schedule, window.start);
      if (schedule.unit === 'day' || schedule.unit === 'week') {
        const step = schedule.every * (schedule.unit === 'week' ? 7 : 1);
        const origin = dayNumberOf(first);
        const last = dayNumberOf(until);
        let n = origin + Math.max(0, Math.ceil((dayNumberOf(start) - origin) / step)) * step;
        for (; n <= last; n += step) due.push(isoDateOf(n));
      } else {
        const step = schedule.every * (schedule.unit === 'year' ? 12 : 1);
        const monthsBefore = monthIndex(start) - monthIndex(first);
        // The occurrence in the month of `start` may still lie before it: begin one step earlier and skip.
        let k = Math.max(0, Math.floor(monthsBefore / step) - 1);
        for (
          let next = addMonths(first, k * step);
          next <= until;
          next = addMonths(first, ++k * step)
        ) {
          if (next >= start) due.push(next);
        }
      }
      break;
    }
    case 'dates':
      due.push(...[...new Set(schedule.dates)].filter((d) => start <= d && d <= until).sort());
      break;
    case 'yearly': {
      const days = new Set<string>();
      for (let year = Number(start.slice(0, 4)); year <= Number(until.slice(0, 4)); year++) {
        for (const md of schedule.dates) {
          const month = Number(md.slice(0, 2));
          const dayOfMonth = Math.min(Number(md.slice(3)), daysInMonth(year, month));
          const d = `${String(year).padStart(4, '0')}-${md.slice(0, 2)}-${String(dayOfMonth).padStart(2, '0')}`;
          if (start <= d && d <= until) days.add(d);
        }
      }
      due.push(...[...days].sort());
      break;
    }
  }
  return due.filter((d) => inSeason(season, d));
}

function monthIndex(isoDay: string): number {
  return Number(isoDay.slice(0, 4)) * 12 + Number(isoDay.slice(5, 7)) - 1;
}

/** A counter reading as usage schedules see it: when, and the usage counted so far (across meter replacements). */
export interface UsagePoint {
  readonly at: Date;
  readonly total: number;
}

/** A usage mark reached: the reading that reached it, and the marks it jumped over at once. */
export interface UsageCrossing {
  /** The highest multiple of `every` the reading reached: the occurrence's identity. */
  readonly mark: number;
  /** Marks reached by the same reading below `mark`: one visit serves them all. */
  readonly skipped: number;
  readonly reading: UsagePoint;
  /** The reading's position in the series. */
  readonly index: number;
}

/**
 * The usage marks (multiples of `every` of the counted usage) the readings reach, in order:
 * a reading reaches a mark when the previous reading was below it. The first reading is the
 * baseline and reaches nothing. One reading makes at most one occurrence, for the highest
 * mark it reached: a counter read rarely does not ask for the same service three times.
 */
export function usageCrossings(points: readonly UsagePoint[], every: number): UsageCrossing[] {
  const crossings: UsageCrossing[] = [];
  for (let i = 1; i < points.length; i++) {
    const before = Math.floor(points[i - 1]!.total / every);
    const now = Math.floor(points[i]!.total / every);
    if (now > before)
      crossings.push({
        mark: now * every,
        skipped: now - before - 1,
        reading: points[i]!,
        index: i,
      });
  }
  return crossings;
}
