import type { CallSummary } from './call-summary.js';
import { CALLS_PROJECTION } from './calls.js';
import { monthOf, monthsBetween } from './open-intervals.js';
import {
  edgeMonth,
  everyDocument,
  monthDocuments,
  monthEnd,
  monthStart,
  type MonthIndex,
  type Period,
} from './month-index.js';

import type { Document, ReadModelStore } from './types.js';

export type { Period } from './month-index.js';

/** A collection whose documents carry the UTC month of an instant in an indexed field. */
export interface MonthIndexed<T extends Document> extends MonthIndex<T> {
  /** The instant whose month `monthField` holds. */
  instantOf(document: T): string;
}

/**
 * The documents whose instant falls in a period, their personal values withheld. With
 * either end, the period's months are read one by one on the month index (its first and
 * last months filtered to the instant; an open end runs to the first or last month holding
 * documents), so a report over a quarter reads that quarter whatever the years kept; without
 * either, the whole collection is walked. Either way a page at a time, never a month at once.
 */
export function* inPeriod<T extends Document>(
  readModels: ReadModelStore,
  indexed: MonthIndexed<T>,
  period: Period,
): Generator<T> {
  const from = period.from?.getTime() ?? -Infinity;
  const to = period.to?.getTime() ?? Infinity;
  const within = (document: T): boolean => {
    const at = Date.parse(indexed.instantOf(document));
    return at >= from && at < to;
  };
  if (period.from === undefined && period.to === undefined) {
    for (const document of everyDocument(readModels, indexed)) if (within(document)) yield document;
    return;
  }
  const first = edgeMonth(readModels, indexed, false);
  const latest = edgeMonth(readModels, indexed, true);
  if (first === undefined || latest === undefined) return;
  // Compared as instants, not as month names: a Date past year 9999 is named '+010000-01'.
  const [dataStart, dataEnd] = [monthStart(first), monthEnd(latest)];
  if (from >= to || from >= dataEnd || to <= dataStart) return;
  const start = from <= dataStart ? first : monthOf(new Date(from));
  const end = to >= dataEnd ? latest : monthOf(new Date(to - 1));
  for (const document of monthDocuments(readModels, indexed, monthsBetween(start, end)))
    if (within(document)) yield document;
}

/** The calls by the month they were reported in. */
export const reportedCalls: MonthIndexed<CallSummary> = {
  projection: CALLS_PROJECTION,
  collection: 'calls',
  monthField: 'reportedMonth',
  instantOf: (summary) => summary.reportedAt,
};

/** The call summaries reported in a period (analytics, service-level statistics, what-ifs). */
export const callsReportedIn = (
  readModels: ReadModelStore,
  period: Period,
): Generator<CallSummary> => inPeriod(readModels, reportedCalls, period);

/**
 * The calls of a period known at `asOf`: those reported by then at the latest (a period past
 * the last Date holds every call). As-of reports (statistics, what-ifs) read these.
 */
export const callsKnownAt = (
  readModels: ReadModelStore,
  period: Period,
  asOf: Date,
): Generator<CallSummary> => callsReportedIn(readModels, knownPeriod(period, asOf));

/** A period cut back to the calls reported by `asOf` at the latest. */
export function knownPeriod(period: Period, asOf: Date): Period {
  const to = new Date(Math.min(period.to?.getTime() ?? Infinity, asOf.getTime() + 1));
  return Number.isNaN(to.getTime()) ? period : { ...period, to };
}
