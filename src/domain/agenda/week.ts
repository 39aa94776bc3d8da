import { DAY_MS } from '../calendar/civil.js';
import { DomainError } from '../shared/errors.js';

/** An ISO week such as 2026-W48: Monday 00:00 to the next Monday 00:00, UTC. */
const WEEK = /^(\d{4})-W(\d{2})$/;

export interface IsoWeek {
  readonly week: string;
  readonly from: Date;
  readonly to: Date;
}

/** The span of an ISO week (UTC), or InvalidWeek. */
export function isoWeek(week: string): IsoWeek {
  const match = WEEK.exec(week);
  const year = Number(match?.[1]);
  const n = Number(match?.[2]);
  // Week 1 holds 4 January; its Monday is 4 January less its weekday (Monday = 0).
  const jan4 = Date.UTC(year, 0, 4);
  const monday1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
  const from = monday1 + (n - 1) * 7 * DAY_MS;
  if (!match || n < 1 || n > 53 || isoWeekOf(new Date(from)) !== week)
    throw new DomainError('InvalidWeek', `Not an ISO week: ${week} (e.g. 2026-W48)`, { week });
  return { week, from: new Date(from), to: new Date(from + 7 * DAY_MS) };
}

/** The ISO week (UTC) an instant falls in, e.g. 2026-W48. */
export function isoWeekOf(at: Date): string {
  const day = Math.floor(at.getTime() / DAY_MS);
  const weekday = (new Date(day * DAY_MS).getUTCDay() + 6) % 7; // Monday = 0
  const thursday = new Date((day - weekday + 3) * DAY_MS); // the week's Thursday names its year
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Every ISO week [start, end) touches (an instant at `end` is not in it). */
export function weeksOf(start: Date, end: Date): string[] {
  const weeks: string[] = [];
  const last = Math.max(start.getTime(), end.getTime() - 1);
  for (let t = start.getTime(); ; t += 7 * DAY_MS) {
    const week = isoWeekOf(new Date(Math.min(t, last)));
    if (weeks[weeks.length - 1] !== week) weeks.push(week);
    if (t >= last) break;
  }
  const final = isoWeekOf(new Date(last));
  if (weeks[weeks.length - 1] !== final) weeks.push(final);
  return weeks;
}
