import { monthOf, monthsBetween } from './open-intervals.js';
import type { Document, ReadModelStore } from './types.js';

/** From `from` (included) to `to` (excluded); either end open. */
export interface Period {
  readonly from?: Date;
  readonly to?: Date;
}

/** A collection with an index on a field holding a UTC month ('2026-11'), after any `filter` fields. */
export interface MonthIndex<T extends Document> {
  readonly projection: string;
  readonly collection: string;
  readonly monthField: string & keyof T;
  /** Fields every document read has, one value each (the index leads with them): a dimension's rows. */
  readonly filter?: Readonly<Record<string, string>>;
}

export const monthStart = (month: string): number => Date.parse(`${month}-01T00:00:00Z`);

/** Where a month ends: the next one's start. */
export function monthEnd(month: string): number {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return Date.UTC(year, number, 1);
}

/** Reports count and group: they read no personal value, so none is opened for them. */
export const REPORT = { personal: 'withheld' } as const;

/** The first or last month any document falls in, from the month index. */
export function edgeMonth<T extends Document>(
  readModels: ReadModelStore,
  index: MonthIndex<T>,
  last: boolean,
): string | undefined {
  const [edge] = readModels.find<T>(index.projection, index.collection, index.filter ?? {}, {
    orderBy: index.monthField,
    descending: last,
    limit: 1,
    ...REPORT,
  });
  return edge?.[index.monthField] as string | undefined;
}

/** Every document of the collection (with the `filter` fields), a page at a time, its personal values withheld. */
export function* everyDocument<T extends Document>(
  readModels: ReadModelStore,
  index: MonthIndex<T>,
): Generator<T> {
  const { projection, collection, filter } = index;
  for (const [, document] of readModels.all<T>(projection, collection, { filter, ...REPORT }))
    if (matches(document, filter)) yield document;
}

/** The documents of these months, month by month (each a seek on the index), a page at a time. */
export function* monthDocuments<T extends Document>(
  readModels: ReadModelStore,
  index: MonthIndex<T>,
  months: Iterable<string>,
): Generator<T> {
  const { projection, collection, monthField, filter } = index;
  for (const month of months)
    for (const [, document] of readModels.all<T>(projection, collection, {
      filter: { ...filter, [monthField]: month },
      ...REPORT,
    }))
      // Checked too: a store of the embedder's that ignored the filter would give every
      // document once per month, and a report would count it as many times.
      if (document[monthField] === month && matches(document, filter)) yield document;
}

const matches = (document: Document, filter: MonthIndex<Document>['filter']): boolean =>
  filter === undefined ||
  Object.entries(filter).every(([field, value]) => document[field] === value);

/**
 * A period as the whole months kept tallies give and the parts of months at its ends, read
 * from the calls. Clamped to the months holding documents of the index first, so an open
 * or far-flung end names no month without any.
 */
export function splitPeriod<T extends Document>(
  readModels: ReadModelStore,
  index: MonthIndex<T>,
  range: Period,
): { months: string[]; ends: Period[] } {
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
