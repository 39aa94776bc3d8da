import { DAY_MS } from './civil.js';
import {
  type CompiledCalendar,
  MAX_INSTANT_MS,
  checkDuration,
  checkInstant,
  closedTooLong,
  compile,
  workingDay,
} from './compiled.js';
import type { CalendarDefinition } from './schema.js';

/**
 * Working-time arithmetic: service-level clocks that run only in working hours.
 * Instants are Dates given by the caller; durations are milliseconds, never rounded.
 * The walk goes UTC day by UTC day (each day's working intervals cached), interval by
 * interval, skipping whole days by their total: never minute by minute.
 */

/**
 * The instant at which `durationMs` of working time has elapsed after `start`: the
 * earliest instant T with workingTimeBetween(start, T) === durationMs.
 *
 * - A start outside working hours counts from the next opening.
 * - When the duration runs out exactly at a closing time, the closing time is returned
 *   (4 hours from Friday evening with a 08:00–12:00 morning is Monday 12:00, not 13:00).
 * - A zero duration returns `start` itself, even at a closed time: no working time has to
 *   elapse, so nothing is waited for (and workingTimeBetween(start, start) is 0).
 */
export function addWorkingTime(
  calendar: CalendarDefinition,
  start: Date,
  durationMs: number,
): Date {
  return new Date(
    addWorkingMs(
      compile(calendar),
      checkInstant(start.getTime(), 'start'),
      checkDuration(durationMs),
    ),
  );
}

/** Working milliseconds in [from, to); 0 when `to` is not after `from`. */
export function workingTimeBetween(calendar: CalendarDefinition, from: Date, to: Date): number {
  return workingMsBetween(
    compile(calendar),
    checkInstant(from.getTime(), 'from'),
    checkInstant(to.getTime(), 'to'),
  );
}

/** Whether `at` is working time (instants at an opening count, instants at a closing do not). */
export function isWorkingTime(calendar: CalendarDefinition, at: Date): boolean {
  const compiled = compile(calendar);
  const ms = checkInstant(at.getTime(), 'at');
  if (compiled.alwaysOpen) return true;
  const { bounds } = workingDay(compiled, Math.floor(ms / DAY_MS));
  for (let i = 0; i < bounds.length; i += 2) {
    if ((bounds[i] ?? Infinity) <= ms && ms < (bounds[i + 1] ?? -Infinity)) return true;
  }
  return false;
}

/** `at` itself in working time, else the next opening: where a clock started at `at` begins to run. */
export function nextWorkingInstant(calendar: CalendarDefinition, at: Date): Date {
  const compiled = compile(calendar);
  const ms = checkInstant(at.getTime(), 'at');
  if (compiled.alwaysOpen) return new Date(ms);
  let closed = 0;
  for (let utcDay = Math.floor(ms / DAY_MS); ; utcDay++) {
    const { bounds } = workingDay(compiled, utcDay);
    for (let i = 0; i < bounds.length; i += 2) {
      const end = bounds[i + 1] ?? -Infinity;
      if (end > ms) return new Date(Math.max(bounds[i] ?? ms, ms));
    }
    if (++closed > compiled.maxClosedDays) throw closedTooLong(compiled, utcDay);
    checkInstant((utcDay + 1) * DAY_MS, 'next opening');
  }
}

/** addWorkingTime on epoch milliseconds, for a compiled calendar (checked arguments). */
export function addWorkingMs(calendar: CompiledCalendar, start: number, duration: number): number {
  if (duration === 0) return start;
  if (calendar.alwaysOpen) return checkInstant(start + duration, 'due instant');
  let remaining = duration;
  let closed = 0;
  for (let utcDay = Math.floor(start / DAY_MS); ; utcDay++) {
    const dayStart = utcDay * DAY_MS;
    if (dayStart > MAX_INSTANT_MS) checkInstant(dayStart, 'due instant');
    const { bounds, total } = workingDay(calendar, utcDay);
    if (total === 0) {
      if (++closed > calendar.maxClosedDays) throw closedTooLong(calendar, utcDay);
      continue;
    }
    closed = 0;
    if (dayStart >= start && total < remaining) {
      remaining -= total; // the whole day counts, and is not enough
      continue;
    }
    for (let i = 0; i < bounds.length; i += 2) {
      const end = bounds[i + 1] ?? -Infinity;
      if (end <= start) continue;
      const from = Math.max(bounds[i] ?? start, start);
      const available = end - from;
      if (remaining <= available) return checkInstant(from + remaining, 'due instant');
      remaining -= available;
    }
  }
}

/** workingTimeBetween on epoch milliseconds, for a compiled calendar (checked arguments). */
export function workingMsBetween(calendar: CompiledCalendar, from: number, to: number): number {
  if (to <= from) return 0;
  if (calendar.alwaysOpen) return to - from;
  let sum = 0;
  const lastDay = Math.floor((to - 1) / DAY_MS);
  for (let utcDay = Math.floor(from / DAY_MS); utcDay <= lastDay; utcDay++) {
    const { bounds, total } = workingDay(calendar, utcDay);
    if (total === 0) continue;
    const dayStart = utcDay * DAY_MS;
    if (dayStart >= from && dayStart + DAY_MS <= to) {
      sum += total;
      continue;
    }
    for (let i = 0; i < bounds.length; i += 2) {
      const overlap =
        Math.min(bounds[i + 1] ?? -Infinity, to) - Math.max(bounds[i] ?? Infinity, from);
      if (overlap > 0) sum += overlap;
    }
  }
  return sum;
}
