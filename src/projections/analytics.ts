import {
  addTally,
  countCall,
  emptyTally,
  withoutZeros,
  type AnalyticsDimension,
  type Tally,
} from './analytics-rows.js';
import { analyticsMonthIndex } from './analytics-months.js';
import { CALLS_PROJECTION } from './calls.js';
import { callsReportedIn, type Period } from './in-period.js';
import { edgeMonth, monthDocuments, monthEnd, monthStart } from './month-index.js';
import { monthOf, monthsBetween } from './open-intervals.js';
import type { ReadModelStore } from './types.js';

export {
  analyticsDimensions,
  type AnalyticsDimension,
  type AnalysedCall,
} from './analytics-rows.js';

export interface AnalyticsRow extends Tally {
  /** The calls under warranty's share of the calls (0.25), to a thousandth. */
  warrantyShare: number;
}

/**
 * Where time leaks (C5): calls, booked time and costs per purpose, product, contract or
 * customer, and how many were repairs under warranty; and who does the work: per engineer
 * or group, by the engineer and group each booking names. `from`/`to` select by reported
 * time. Whole months come from the tallies the calls projection keeps (analytics-months.ts),
 * a row per month and key; the part of a month at either end of the period from its calls
 * (see callsReportedIn). Both add up the calls the same way (analytics-rows.ts), so the
 * figures are exactly what the calls say.
 */
export function callAnalytics(
  readModels: ReadModelStore,
  by: AnalyticsDimension,
  range: Period = {},
): Record<string, AnalyticsRow> {
  // Of one state: a call committed meanwhile is counted whole or not at all.
  return readModels.snapshot(() => analyticsOf(readModels, by, range));
}

function analyticsOf(
  readModels: ReadModelStore,
  by: AnalyticsDimension,
  range: Period,
): Record<string, AnalyticsRow> {
  // A Map, not a plain object: a customer, purpose, contract or staff id is user data (`constructor`).
  const rows = new Map<string, Tally>();
  const rowOf = (key: string): Tally => {
    let row = rows.get(key);
    if (!row) rows.set(key, (row = emptyTally()));
    return row;
  };
  const { months, ends } = splitPeriod(readModels, by, range);
  for (const row of monthDocuments(readModels, analyticsMonthIndex(CALLS_PROJECTION, by), months))
    addTally(rowOf(row.key), row);
  for (const end of ends)
    for (const call of callsReportedIn(readModels, end)) countCall(call, by, rowOf);
  return Object.fromEntries([...rows].map(([key, row]) => [key, analyticsRow(row)]));
}

function analyticsRow(tally: Tally): AnalyticsRow {
  const { calls, minutes, minutesByLabour, costs, underWarranty, notCovered, resolved } =
    withoutZeros(tally);
  const warrantyShare = calls === 0 ? 0 : Math.round((underWarranty / calls) * 1000) / 1000;
  return {
    calls,
    minutes,
    minutesByLabour,
    costs,
    underWarranty,
    warrantyShare,
    notCovered,
    resolved,
  };
}

/**
 * A period as the whole months the tallies give and the parts of months at its ends, read
 * from the calls. Clamped to the months holding rows first, so an open or far-flung end
 * names no month without calls.
 */
function splitPeriod(
  readModels: ReadModelStore,
  by: AnalyticsDimension,
  range: Period,
): { months: string[]; ends: Period[] } {
  const index = analyticsMonthIndex(CALLS_PROJECTION, by);
  const first = edgeMonth(readModels, index, false);
  const last = edgeMonth(readModels, index, true);
  if (first === undefined || last === undefined) return { months: [], ends: [] };
  const from = Math.max(range.from?.getTime() ?? -Infinity, monthStart(first));
  const to = Math.min(range.to?.getTime() ?? Infinity, monthEnd(last));
  if (!(from < to)) return { months: [], ends: [] };
  const wholeFrom = monthStartOf(from) === from ? from : monthEnd(monthOf(new Date(from)));
  const wholeTo = monthStartOf(to);
  const period = (start: number, end: number): Period => ({
    from: new Date(start),
    to: new Date(end),
  });
  if (wholeFrom >= wholeTo) return { months: [], ends: [period(from, to)] };
  const ends: Period[] = [];
  if (from < wholeFrom) ends.push(period(from, wholeFrom));
  if (wholeTo < to) ends.push(period(wholeTo, to));
  return {
    months: monthsBetween(monthOf(new Date(wholeFrom)), monthOf(new Date(wholeTo - 1))),
    ends,
  };
}

const monthStartOf = (instant: number): number => monthStart(monthOf(new Date(instant)));
