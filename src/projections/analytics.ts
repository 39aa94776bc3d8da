import { keyedRecord } from '../domain/shared/objects.js';
import type { BookedWork } from './booked-work.js';
import type { CallSummary } from './call-summary.js';
import { callsReportedIn, type Period } from './in-period.js';
import type { ReadModelStore } from './types.js';

export const analyticsDimensions = [
  'purpose',
  'product',
  'contract',
  'customer',
  'engineer',
  'group',
] as const;
export type AnalyticsDimension = (typeof analyticsDimensions)[number];

export interface AnalyticsRow {
  /** The calls of the row; by engineer or group, the calls with work of theirs booked. */
  calls: number;
  minutes: number;
  minutesByLabour: Record<string, number>;
  costs: Record<string, number>;
  /** Calls repaired under warranty, and their share of the calls. */
  underWarranty: number;
  warrantyShare: number;
  notCovered: number;
  /** Calls with a solution recorded; by engineer, who recorded it; by group, the group dispatched then. */
  resolved: number;
}

type CallDimension = Exclude<AnalyticsDimension, 'engineer' | 'group'>;

const keyOf: Record<CallDimension, (row: CallSummary) => string> = {
  purpose: (row) => row.purpose ?? '(unclassified)',
  product: (row) => row.product ?? '(none)',
  contract: (row) => row.contractId ?? '(none)',
  customer: (row) => row.customerId ?? '(generalist)',
};

/** Who a call's work and solution count for, by engineer or by group. */
const staffOf = {
  engineer: {
    work: (work: BookedWork) => work.engineer ?? '(none)',
    resolution: (call: CallSummary) => call.resolvedBy ?? '(none)',
  },
  // No command dispatches a solved call: the group it has now is the group it had when solved.
  group: {
    work: (work: BookedWork) => work.group ?? '(none)',
    resolution: (call: CallSummary) => call.group ?? '(none)',
  },
};

/**
 * Where time leaks (C5): calls, booked time and costs per purpose, product, contract or
 * customer, and how many were repairs under warranty; and who does the work: per engineer
 * or group, by the engineer and group each booking names. Computed from the call summaries,
 * so it is always exactly what the calls say; `from`/`to` select by reported time, and a
 * range with either end reads only its months (see callsReportedIn).
 */
export function callAnalytics(
  readModels: ReadModelStore,
  by: AnalyticsDimension,
  range: Period = {},
): Record<string, AnalyticsRow> {
  // Month after month of one state: a call committed meanwhile is counted whole or not at all.
  return readModels.snapshot(() => analyticsOf(readModels, by, range));
}

function analyticsOf(
  readModels: ReadModelStore,
  by: AnalyticsDimension,
  range: Period,
): Record<string, AnalyticsRow> {
  // A Map, not a plain object: a customer, purpose, contract or staff id is user data (`constructor`).
  const rows = new Map<string, AnalyticsRow>();
  const rowOf = (key: string): AnalyticsRow => {
    let row = rows.get(key);
    if (!row) rows.set(key, (row = emptyRow()));
    return row;
  };
  for (const call of callsReportedIn(readModels, range)) {
    if (by === 'engineer' || by === 'group') countWork(call, staffOf[by], rowOf);
    else {
      const row = rowOf(keyOf[by](call));
      countCall(row, call);
      addWork(row, call);
      if (call.resolvedAt !== null) row.resolved++;
    }
  }
  for (const row of rows.values())
    row.warrantyShare =
      row.calls === 0 ? 0 : Math.round((row.underWarranty / row.calls) * 1000) / 1000;
  return Object.fromEntries(rows);
}

/** A call counts once for each engineer (group) with work booked on it, with that work alone. */
function countWork(
  call: CallSummary,
  staff: (typeof staffOf)[keyof typeof staffOf],
  rowOf: (key: string) => AnalyticsRow,
): void {
  const counted: string[] = [];
  for (const work of call.workBy) {
    const key = staff.work(work);
    const row = rowOf(key);
    addWork(row, work);
    if (counted.includes(key)) continue;
    counted.push(key);
    countCall(row, call);
  }
  if (call.resolvedAt !== null) rowOf(staff.resolution(call)).resolved++;
}

function countCall(row: AnalyticsRow, call: CallSummary): void {
  row.calls++;
  if (call.coverageRule === 'warranty') row.underWarranty++;
  if (call.coverageVerdict === 'not-covered') row.notCovered++;
}

function addWork(
  row: AnalyticsRow,
  work: Pick<BookedWork, 'minutes' | 'minutesByLabour' | 'costs'>,
) {
  row.minutes += work.minutes;
  addUp(row.minutesByLabour, work.minutesByLabour);
  addUp(row.costs, work.costs);
}

function addUp(into: Record<string, number>, from: Record<string, number>): void {
  for (const [key, amount] of Object.entries(from)) into[key] = (into[key] ?? 0) + amount;
}

const emptyRow = (): AnalyticsRow => ({
  calls: 0,
  minutes: 0,
  minutesByLabour: keyedRecord(),
  costs: keyedRecord(),
  underWarranty: 0,
  warrantyShare: 0,
  notCovered: 0,
  resolved: 0,
});
