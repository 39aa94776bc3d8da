import { isoWeek, localDateOf, localInstant, zoneOffsetAt } from '../../domain/index.js';

/**
 * Weeks as the service report counts them and the agenda shows them: Monday to Sunday,
 * named by their Monday (`2026-11-23`), in the organisation's zone (SetTimeZone; UTC by default).
 */

const DAY_MS = 86_400_000;

const dayNumber = (day: string): number =>
  Math.floor(
    Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) /
      DAY_MS,
  );
const dayOf = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);
/** 0 for Monday … 6 for Sunday (1970-01-01 was a Thursday). */
const weekdayFromMonday = (n: number): number => (((n + 3) % 7) + 7) % 7;

/** The week (its Monday) a calendar day belongs to. */
export function weekOfDay(day: string): string {
  const n = dayNumber(day);
  return dayOf(n - weekdayFromMonday(n));
}

/** The week an instant falls in, on the calendar of `timeZone`. */
export function weekOfInstant(timeZone: string, at: Date | string): string {
  const instant = typeof at === 'string' ? new Date(at) : at;
  return weekOfDay(
    timeZone === 'UTC' ? instant.toISOString().slice(0, 10) : localDateOf(timeZone, instant),
  );
}

/** The week `count` weeks after (or before, when negative) `week`. */
export const addWeeks = (week: string, count: number): string => dayOf(dayNumber(week) + count * 7);

/** Every week from one to another, both included. */
export function weeksBetween(from: string, to: string): string[] {
  const weeks: string[] = [];
  for (let n = dayNumber(from); n <= dayNumber(to); n += 7) weeks.push(dayOf(n));
  return weeks;
}

/** The ISO 8601 week name of a week (its Monday): `2026-W48`. */
export function isoWeekName(week: string): string {
  const thursday = dayNumber(week) + 3; // the ISO year is the year of the week's Thursday
  const year = Number(dayOf(thursday).slice(0, 4));
  const firstThursday = dayNumber(`${year}-01-01`);
  const number = Math.floor((thursday - firstThursday) / 7) + 1;
  return `${year}-W${String(number).padStart(2, '0')}`;
}

/** The Monday of an ISO 8601 week name (`2026-W48` → `2026-11-23`); InvalidWeek for one that does not exist. */
export const weekOfIsoName = (name: string): string =>
  isoWeek(name).from.toISOString().slice(0, 10);

/**
 * The instants of a week on the calendar of `timeZone`: from Monday 00:00 there to the next
 * Monday 00:00, exactly the instants weekOfInstant names this week (167 or 169 hours in a week
 * the clocks change).
 */
export function weekSpan(timeZone: string, week: string): { from: Date; to: Date } {
  return { from: firstMidnight(timeZone, week), to: firstMidnight(timeZone, addWeeks(week, 1)) };
}

const HALF_DAY_MS = DAY_MS / 2;

/**
 * The first instant of a day in `timeZone`. localInstant gives the later showing of a time
 * shown twice; a midnight shown twice (clocks going back at 01:00, as Jerusalem's did on a
 * Monday in 2001) starts the day at its first showing, where localDateOf starts it.
 */
function firstMidnight(timeZone: string, day: string): Date {
  const later = localInstant(day, '00:00', timeZone);
  if (timeZone === 'UTC') return later;
  const wall = later.getTime() + zoneOffsetAt(timeZone, later);
  const before = zoneOffsetAt(timeZone, new Date(later.getTime() - HALF_DAY_MS));
  const earlier = wall - before;
  return earlier < later.getTime() && zoneOffsetAt(timeZone, new Date(earlier)) === before
    ? new Date(earlier)
    : later;
}
