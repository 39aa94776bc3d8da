export const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The days the company's office is closed (month-day): the holidays its fr-office calendars list. */
export const OFFICE_HOLIDAYS = ['01-01', '11-11', '12-25'] as const;
const HOLIDAYS = new Set<string>(OFFICE_HOLIDAYS);

/** Whether staff work on the day of this instant (UTC): a weekday that is no holiday. */
export function isWorkingDay(instant: number): boolean {
  const date = new Date(instant);
  const weekday = date.getUTCDay();
  return weekday !== 0 && weekday !== 6 && !HOLIDAYS.has(date.toISOString().slice(5, 10));
}

/**
 * The instant itself when it falls in office hours (working days 08:00–18:00 UTC, the demo's
 * working day) with room for `lastsMs` before closing, else the next opening plus the
 * instant's minutes past the hour, so mornings do not all start on the stroke of eight.
 * No random draw: the seed's sequence stays as it was.
 */
export function duringOfficeHours(instant: number, lastsMs = 0): number {
  const date = new Date(instant);
  const hour = date.getUTCHours();
  const closing = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), 18);
  if (isWorkingDay(instant) && hour >= 8 && instant + lastsMs <= closing && hour < 18)
    return instant;
  let opening = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), 8);
  if (hour >= 8 || !isWorkingDay(instant)) opening += 24 * HOUR;
  while (!isWorkingDay(opening)) opening += 24 * HOUR;
  return opening + date.getUTCMinutes() * MINUTE;
}
