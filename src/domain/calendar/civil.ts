/**
 * Civil (proleptic Gregorian) date arithmetic on plain numbers, free of any time zone.
 * A "day number" counts days since 1970-01-01; a "wall" value is a local wall-clock
 * reading written as if it were UTC milliseconds, so local dates and times can be
 * compared and added like instants.
 */

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Milliseconds since the epoch of a civil date and time, read as UTC. Years 0–99 are not shifted to 19xx. */
export function civilMs(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

/** The day number of a civil date written YYYY-MM-DD (assumed valid: the schemas check it). */
export function dayNumberOf(isoDate: string): number {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  const day = Number(isoDate.slice(8, 10));
  return Math.floor(civilMs(year, month, day) / DAY_MS);
}

/** The civil date YYYY-MM-DD of a day number. */
export function isoDateOf(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** Day of the week of a day number, as JavaScript counts it: 0 is Sunday, 6 is Saturday. */
export function weekdayIndexOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** Minutes since local midnight of a clock time HH:MM (00:00 to 24:00). */
export function minutesOfClock(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}
