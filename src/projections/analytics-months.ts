import {
  addTally,
  analyticsDimensions,
  countCall,
  emptyTally,
  isEmptyTally,
  withoutZeros,
  type AnalysedCall,
  type AnalyticsDimension,
  type Tally,
} from './analytics-rows.js';
import type { CollectionDefinition, Document, Documents, ReadModelStore } from './types.js';

/**
 * Analytics kept as it goes (C5): per dimension, per month a call was reported in, per key,
 * what the calls add up to. A call that changes takes its old share away and adds its new
 * one, so a report over years reads a row per month and key, not every call of the years.
 * The calls projection folds it with the summaries (the same fold, the same batch).
 */
export const ANALYTICS_MONTHS = 'analyticsMonths';

export interface AnalyticsMonth extends Document, Tally {
  dimension: AnalyticsDimension;
  /** The UTC month the calls were reported in ('2026-11'). */
  month: string;
  key: string;
}

export const analyticsMonthsCollection: CollectionDefinition = {
  // A dimension's months: a period's (a list of months), its first and last.
  indexes: [['dimension', 'month']],
};

const documentKey = (by: AnalyticsDimension, month: string, key: string): string =>
  JSON.stringify([by, month, key]);

/**
 * Writes what a call's change (`before` null: a new call) does to the tallies: the rows
 * whose share moved, and only those; a row left with nothing is deleted.
 */
export function tallyChange(
  documents: Documents,
  before: AnalysedCall | null,
  after: AnalysedCall,
): void {
  for (const by of analyticsDimensions) {
    const deltas = new Map<string, AnalyticsMonth>();
    const rowsOf =
      (month: string) =>
      (key: string): Tally => {
        const id = documentKey(by, month, key);
        let row = deltas.get(id);
        if (!row) deltas.set(id, (row = { dimension: by, month, key, ...emptyTally() }));
        return row;
      };
    if (before) countCall(before, by, rowsOf(before.reportedMonth), -1);
    countCall(after, by, rowsOf(after.reportedMonth), 1);
    for (const [id, delta] of deltas) {
      if (isEmptyTally(withoutZeros(delta))) continue;
      const stored = documents.get<AnalyticsMonth>(ANALYTICS_MONTHS, id);
      const { dimension, month, key } = delta;
      const next: AnalyticsMonth = { dimension, month, key, ...emptyTally() };
      if (stored) addTally(next, stored);
      addTally(next, delta);
      if (isEmptyTally(withoutZeros(next))) documents.delete(ANALYTICS_MONTHS, id);
      else documents.put(ANALYTICS_MONTHS, id, next);
    }
  }
}

/** Reports count: they read no personal value, so none is opened for them. */
const REPORT = { personal: 'withheld' } as const;

/** The first or last month with a row of the dimension. */
export function edgeMonth(
  readModels: ReadModelStore,
  projection: string,
  by: AnalyticsDimension,
  last: boolean,
): string | undefined {
  const [edge] = readModels.find<AnalyticsMonth>(
    projection,
    ANALYTICS_MONTHS,
    { dimension: by },
    { orderBy: 'month', descending: last, limit: 1, ...REPORT },
  );
  return edge?.month;
}

/** The rows of a dimension in these months, month by month (each a seek), a page at a time. */
export function* monthRows(
  readModels: ReadModelStore,
  projection: string,
  by: AnalyticsDimension,
  months: readonly string[],
): Generator<AnalyticsMonth> {
  for (const month of months)
    for (const [, row] of readModels.all<AnalyticsMonth>(projection, ANALYTICS_MONTHS, {
      filter: { dimension: by, month },
      ...REPORT,
    }))
      // Checked too: a store of the embedder's that ignored the filter would count rows twice.
      if (row.dimension === by && row.month === month) yield row;
}
