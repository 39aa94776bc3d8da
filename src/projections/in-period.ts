import type { CallSummary } from './call-summary.js';
import { CALLS_PROJECTION } from './calls.js';
import { monthOf, monthsBetween } from './open-intervals.js';
import type { Document, ReadModelStore } from './types.js';

/** From `from` (included) to `to` (excluded); either end open. */
export interface Period {
  readonly from?: Date;
  readonly to?: Date;
}

/** A collection whose documents carry the UTC month ('2026-11') of an instant in an indexed field. */
export interface MonthIndexed<T extends Document> {
  readonly projection: string;
  readonly collection: string;
  /** The indexed field holding the month of `instantOf`. */
  readonly monthField: string & keyof T;
  instantOf(document: T): string;
}

export const monthStart = (month: string): number => Date.parse(`${month}-01T00:00:00Z`);

/** Where a month ends: the next one's start. */
export function monthEnd(month: string): number {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return Date.UTC(year, number, 1);
}

/** Reports count and group: they read no personal value, so none is opened for them. */
const REPORT = { personal: 'withheld' } as const;

/** The first or last month any document falls in, from the month index. */
function edgeMonth<T extends Document>(
  readModels: ReadModelStore,
  indexed: MonthIndexed<T>,
  last: boolean,
): string | undefined {
  const [edge] = readModels.find<T>(
    indexed.projection,
    indexed.collection,
    {},
    { orderBy: indexed.monthField, descending: last, limit: 1, ...REPORT },
  );
  return edge?.[indexed.monthField] as string | undefined;
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
  const { projection, collection, monthField } = indexed;
  const from = period.from?.getTime() ?? -Infinity;
  const to = period.to?.getTime() ?? Infinity;
  const within = (document: T): boolean => {
    const at = Date.parse(indexed.instantOf(document));
    return at >= from && at < to;
  };
  if (period.from === undefined && period.to === undefined) {
    for (const [, document] of readModels.all<T>(projection, collection, REPORT))
      if (within(document)) yield document;
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
  for (const month of monthsBetween(start, end))
    for (const [, document] of readModels.all<T>(projection, collection, {
      filter: { [monthField]: month },
      ...REPORT,
    }))
      // The month checked too: a store of the embedder's that ignored the filter would give
      // every document once per month, and a report would count it as many times.
      if (document[monthField] === month && within(document)) yield document;
}

const reportedCalls: MonthIndexed<CallSummary> = {
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
): Generator<CallSummary> => {
  const to = new Date(Math.min(period.to?.getTime() ?? Infinity, asOf.getTime() + 1));
  const known = Number.isNaN(to.getTime()) ? period : { ...period, to };
  return callsReportedIn(readModels, known);
};
