import { DomainError } from '../shared/errors.js';
import { DAY_MS, MINUTE_MS, dayNumberOf, minutesOfClock, weekdayIndexOf } from './civil.js';
import { type CalendarDefinition, parseCalendar, weekdaysFromSunday } from './schema.js';
import { type ZoneRules, offsetSegments, zoneRules } from './zone.js';

/**
 * A calendar made ready for arithmetic, and its working time cut into UTC days.
 *
 * Definition: an instant is working time when its local wall-clock reading in the
 * calendar's zone falls in a working interval of its local weekday, and its local date is
 * not a holiday. The working time of each UTC day is computed once (from the zone's
 * constant-offset segments of that day) as a sorted list of disjoint instant intervals,
 * and cached. UTC days, rather than local days, are the unit because they always follow
 * one another without gap or overlap, even when a local day lasts 23 or 25 hours, or
 * when clocks go back over midnight.
 */
export interface CompiledCalendar {
  readonly alwaysOpen: boolean;
  readonly zone: ZoneRules;
  /** Per weekday (0 = Sunday): flat [fromMinute, toMinute, …], sorted, touching intervals merged. */
  readonly weekly: ReadonlyArray<readonly number[]>;
  readonly holidays: ReadonlySet<number>;
  /** How many UTC days in a row may have no working time at all; beyond, something is wrong. */
  readonly maxClosedDays: number;
  readonly days: Map<number, WorkingDay>;
}

/** The working time of one UTC day: flat [start, end, start, end, …] in epoch milliseconds, and its total. */
export interface WorkingDay {
  readonly bounds: readonly number[];
  readonly total: number;
}

/** Instants supported: years 0001 to 9999, with a day of margin for the arithmetic around them. */
export const MIN_INSTANT_MS = -62_135_596_800_000 + DAY_MS; // 0001-01-02T00:00:00Z
export const MAX_INSTANT_MS = 253_402_214_400_000 - 1; // 9999-12-30T23:59:59.999Z

const MAX_CACHED_DAYS = 100_000;
const MAX_CACHED_CALENDARS = 1_000;
const byObject = new WeakMap<CalendarDefinition, CompiledCalendar>();
const byContent = new Map<string, CompiledCalendar>();

/**
 * The compiled form of a calendar, cached by object and by content (definitions read from
 * events are new objects with the same content: they share one cache of days).
 * Validates the definition once; throws DomainError `InvalidCalendar`.
 */
export function compile(calendar: CalendarDefinition): CompiledCalendar {
  const known = byObject.get(calendar);
  if (known) return known;
  const key = JSON.stringify(calendar);
  let compiled = byContent.get(key);
  if (!compiled) {
    compiled = build(parseCalendar(calendar));
    if (byContent.size >= MAX_CACHED_CALENDARS) byContent.clear();
    byContent.set(key, compiled);
  }
  byObject.set(calendar, compiled);
  return compiled;
}

function build(calendar: CalendarDefinition): CompiledCalendar {
  const zone = zoneRules(calendar.timeZone);
  if (calendar.kind === 'always-open') {
    return {
      alwaysOpen: true,
      zone,
      weekly: [],
      holidays: new Set(),
      maxClosedDays: 0,
      days: new Map(),
    };
  }
  const weekly = weekdaysFromSunday.map((weekday) => {
    const intervals = calendar.workingHours[weekday]
      .map((interval) => [minutesOfClock(interval.from), minutesOfClock(interval.to)] as const)
      .sort((a, b) => a[0] - b[0]);
    const flat: number[] = [];
    for (const [from, to] of intervals) {
      if (flat.length > 0 && flat[flat.length - 1] === from) flat[flat.length - 1] = to;
      else flat.push(from, to);
    }
    return flat;
  });
  const holidays = new Set(calendar.holidays.map(dayNumberOf));
  // Open at least once a week; each holiday can close one more week; a DST gap may swallow
  // a short interval once a year. Days are UTC days, one more at each end.
  const maxClosedDays = 7 * (holidays.size + 3) + 2;
  return { alwaysOpen: false, zone, weekly, holidays, maxClosedDays, days: new Map() };
}

/** The working time of UTC day `utcDay`. */
export function workingDay(calendar: CompiledCalendar, utcDay: number): WorkingDay {
  const cached = calendar.days.get(utcDay);
  if (cached) return cached;
  const dayStart = utcDay * DAY_MS;
  const dayEnd = dayStart + DAY_MS;
  const segments = offsetSegments(calendar.zone, utcDay);
  const bounds: number[] = [];
  let total = 0;
  for (let s = 0; s < segments.length; s += 2) {
    const from = segments[s] ?? dayStart;
    const offset = segments[s + 1] ?? 0;
    const to = segments[s + 2] ?? dayEnd;
    // Within a segment, local wall time = instant + offset, increasing with the instant.
    const firstLocalDay = Math.floor((from + offset) / DAY_MS);
    const lastLocalDay = Math.floor((to + offset - 1) / DAY_MS);
    for (let localDay = firstLocalDay; localDay <= lastLocalDay; localDay++) {
      if (calendar.holidays.has(localDay)) continue;
      const intervals = calendar.weekly[weekdayIndexOf(localDay)] ?? [];
      const localMidnight = localDay * DAY_MS - offset; // as an instant, in this segment's offset
      for (let i = 0; i < intervals.length; i += 2) {
        const start = Math.max(localMidnight + (intervals[i] ?? 0) * MINUTE_MS, from);
        const end = Math.min(localMidnight + (intervals[i + 1] ?? 0) * MINUTE_MS, to);
        if (start >= end) continue;
        total += end - start;
        if (bounds.length > 0 && bounds[bounds.length - 1] === start)
          bounds[bounds.length - 1] = end;
        else bounds.push(start, end);
      }
    }
  }
  const day: WorkingDay = { bounds, total };
  if (calendar.days.size >= MAX_CACHED_DAYS) calendar.days.clear();
  calendar.days.set(utcDay, day);
  return day;
}

export function checkInstant(ms: number, what: string): number {
  if (!Number.isFinite(ms))
    throw new DomainError('InvalidInstant', `${what} is not a valid instant`, { what });
  if (ms < MIN_INSTANT_MS || ms > MAX_INSTANT_MS) {
    throw new DomainError('InstantOutOfRange', `${what} is outside the years 0001 to 9999`, {
      what,
      at: ms,
    });
  }
  return ms;
}

export function checkDuration(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new DomainError(
      'InvalidDuration',
      'A duration is a finite, non-negative number of milliseconds',
      { durationMs: ms },
    );
  }
  return ms;
}

export function closedTooLong(calendar: CompiledCalendar, utcDay: number): DomainError {
  return new DomainError(
    'CalendarNeverOpens',
    `No working time for ${calendar.maxClosedDays} days from ${new Date(utcDay * DAY_MS).toISOString()}`,
    {
      timeZone: calendar.zone.timeZone,
    },
  );
}
