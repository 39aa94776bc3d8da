import type { CallSummary } from './call-summary.js';
import { callsReportedIn, type Period } from './in-period.js';
import type { ReadModelStore } from './types.js';

export const analyticsDimensions = ['purpose', 'product', 'contract', 'customer'] as const;
export type AnalyticsDimension = (typeof analyticsDimensions)[number];

export interface AnalyticsRow {
  calls: number;
  minutes: number;
  costs: Record<string, number>;
  /** Calls repaired under warranty, and their share of the calls. */
  underWarranty: number;
  warrantyShare: number;
  notCovered: number;
}

const keyOf: Record<AnalyticsDimension, (row: CallSummary) => string> = {
  purpose: (row) => row.purpose ?? '(unclassified)',
  product: (row) => row.product ?? '(none)',
  contract: (row) => row.contractId ?? '(none)',
  customer: (row) => row.customerId ?? '(generalist)',
};

/**
 * Where time leaks (C5): calls, booked time and costs per purpose, product, contract or
 * customer, and how many were repairs under warranty. Computed from the call summaries,
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
  // A Map, not a plain object: a customer, purpose or contract id is user data (`constructor`).
  const rows = new Map<string, AnalyticsRow>();
  for (const call of callsReportedIn(readModels, range)) {
    const key = keyOf[by](call);
    let row = rows.get(key);
    if (!row)
      rows.set(
        key,
        (row = {
          calls: 0,
          minutes: 0,
          costs: {},
          underWarranty: 0,
          warrantyShare: 0,
          notCovered: 0,
        }),
      );
    row.calls++;
    row.minutes += call.minutes;
    for (const [currency, amount] of Object.entries(call.costs))
      row.costs[currency] =
        (Object.hasOwn(row.costs, currency) ? row.costs[currency]! : 0) + amount;
    if (call.coverageRule === 'warranty') row.underWarranty++;
    if (call.coverageVerdict === 'not-covered') row.notCovered++;
  }
  for (const row of rows.values())
    row.warrantyShare = Math.round((row.underWarranty / row.calls) * 1000) / 1000;
  return Object.fromEntries(rows);
}
