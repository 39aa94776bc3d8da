import type { CallSummary } from './call-summary.js';
import { monthOf, monthsBetween } from './open-intervals.js';
import type { ReadModelStore } from './types.js';

const CALLS = 'calls';

/** Calls reported from `from` (included) to `to` (excluded); either end open. */
export interface ReportedRange {
  readonly from?: Date;
  readonly to?: Date;
}

/** The first or last month any call was reported in, from the reportedMonth index. */
function edgeMonth(readModels: ReadModelStore, last: boolean): string | undefined {
  return readModels.find<CallSummary>(
    CALLS,
    CALLS,
    {},
    { orderBy: 'reportedMonth', descending: last, limit: 1 },
  )[0]?.reportedMonth;
}

/**
 * The call summaries reported in a range. With a start, the range's months are read one by
 * one on the reportedMonth index (its first and last months filtered to the instant), so a
 * report over a quarter reads that quarter whatever the years kept, and holds one month at
 * a time; without one, every call is walked a page at a time.
 */
export function* callsReportedIn(
  readModels: ReadModelStore,
  range: ReportedRange,
): Generator<CallSummary> {
  const from = range.from?.getTime() ?? -Infinity;
  const to = range.to?.getTime() ?? Infinity;
  const within = (summary: CallSummary): boolean => {
    const reported = Date.parse(summary.reportedAt);
    return reported >= from && reported < to;
  };
  if (range.from === undefined) {
    for (const [, summary] of readModels.all<CallSummary>(CALLS, CALLS))
      if (within(summary)) yield summary;
    return;
  }
  const first = edgeMonth(readModels, false);
  const latest = edgeMonth(readModels, true);
  if (first === undefined || latest === undefined || from >= to) return;
  const start = [monthOf(range.from), first].sort()[1]!;
  const end = range.to === undefined ? latest : [monthOf(new Date(to - 1)), latest].sort()[0]!;
  for (const month of monthsBetween(start, end))
    for (const summary of readModels.find<CallSummary>(CALLS, CALLS, { reportedMonth: month }))
      if (within(summary)) yield summary;
}
