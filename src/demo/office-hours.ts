const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The instant itself during office hours (weekdays 08:00–18:00 UTC, the demo's working day),
 * else the next opening plus the instant's minutes past the hour, so mornings do not all
 * start on the stroke of eight. No random draw: the seed's sequence stays as it was.
 */
export function duringOfficeHours(instant: number): number {
  const date = new Date(instant);
  const weekday = date.getUTCDay();
  const hour = date.getUTCHours();
  if (weekday !== 0 && weekday !== 6 && hour >= 8 && hour < 18) return instant;
  let opening = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), 8);
  if (hour >= 8 || weekday === 0 || weekday === 6) opening += 24 * HOUR;
  while ([0, 6].includes(new Date(opening).getUTCDay())) opening += 24 * HOUR;
  return opening + date.getUTCMinutes() * MINUTE;
}
