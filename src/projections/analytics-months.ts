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
import type { MonthIndex } from './month-index.js';
import type { CollectionDefinition, Document, Documents } from './types.js';

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

/** What a change does to one row. */
interface Delta {
  readonly by: AnalyticsDimension;
  readonly month: string;
  readonly key: string;
  readonly tally: Tally;
}

const documentKey = (by: AnalyticsDimension, month: string, key: string): string =>
  JSON.stringify([by, month, key]);

/**
 * The tallies as the calls projection changes them. A call that changed takes its old share
 * away and adds its new one, on the rows themselves: each row is read once per batch (its
 * documents), copied, and added to in place after that, so a row many calls of a batch
 * touch (this month's, by purpose) costs one read and one write. Another batch reads again:
 * another process may have written the row since. A row left with nothing
 * is deleted; a labour type or currency that adds up to nothing is dropped.
 */
export class MonthTallies {
  /** By a key made by concatenation (only the key, last, is user data); each with its document key. */
  private rows = new Map<string, { row: AnalyticsMonth; id: string }>();

  /** The batch the rows were read in: another batch reads them through its documents again. */
  private documents: Documents | undefined;

  /**
   * Writes what a call's change (`before` null: a new call) does to the tallies. What the
   * change does to each row is added up first: a row it leaves as it was (the customer's,
   * when only the group changed) is neither read nor written.
   */
  change(documents: Documents, before: AnalysedCall | null, after: AnalysedCall): void {
    if (documents !== this.documents) {
      this.documents = documents;
      this.rows = new Map();
    }
    const deltas = new Map<string, Delta>();
    for (const by of analyticsDimensions) {
      const deltaOf =
        (month: string) =>
        (key: string): Tally => {
          const held = `${by}\u0001${month}\u0001${key}`;
          let delta = deltas.get(held);
          if (!delta) deltas.set(held, (delta = { by, month, key, tally: emptyTally() }));
          return delta.tally;
        };
      if (before) countCall(before, by, deltaOf(before.reportedMonth), -1);
      countCall(after, by, deltaOf(after.reportedMonth), 1);
    }
    for (const [held, { by, month, key, tally }] of deltas) {
      if (isEmptyTally(tally)) continue;
      const row = this.row(documents, held, by, month, key);
      addTally(row, tally);
      const { id } = this.rows.get(held)!;
      if (isEmptyTally(row)) {
        documents.delete(ANALYTICS_MONTHS, id);
        this.rows.delete(held);
      } else documents.put(ANALYTICS_MONTHS, id, withoutZeros(row));
    }
  }

  private row(
    documents: Documents,
    held: string,
    by: AnalyticsDimension,
    month: string,
    key: string,
  ): AnalyticsMonth {
    let entry = this.rows.get(held);
    if (!entry) {
      const id = documentKey(by, month, key);
      entry = { row: { dimension: by, month, key, ...emptyTally() }, id };
      const stored = documents.get<AnalyticsMonth>(ANALYTICS_MONTHS, id);
      if (stored) addTally(entry.row, stored);
      this.rows.set(held, entry);
    }
    return entry.row;
  }
}

/** A dimension's rows, by month. */
export const analyticsMonthIndex = (
  projection: string,
  by: AnalyticsDimension,
): MonthIndex<AnalyticsMonth> => ({
  projection,
  collection: ANALYTICS_MONTHS,
  monthField: 'month',
  filter: { dimension: by },
});
