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
import { monthDocuments, splitPeriod } from './month-index.js';
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
  const index = analyticsMonthIndex(CALLS_PROJECTION, by);
  const { months, ends } = splitPeriod(readModels, index, range);
  for (const row of monthDocuments(readModels, index, months)) addTally(rowOf(row.key), row);
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
