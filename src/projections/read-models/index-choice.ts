import type { CollectionDefinition, Filter, FindOptions, IndexDefinition } from '../types.js';
import { checkField, orderFields } from './filter.js';

/** A declared index: its fields in order (the document key follows them in every store). */
export interface CollectionIndex {
  readonly name: string;
  readonly fields: readonly string[];
}

/** What an index does for one query: the fields it seeks on, and whether it also gives the order. */
export interface IndexChoice {
  readonly index: CollectionIndex;
  /** Leading index fields the filter fixes to one value each. */
  readonly equalities: readonly string[];
  /** The next index field is filtered to a list of values: one seek per value. */
  readonly list: string | undefined;
  /** Rows (of each listed value) come out of the index in the asked order: no sort. */
  readonly ordered: boolean;
}

/** No declared index serves a query: it would read every document of the collection. */
export class UnindexedQuery extends Error {
  readonly code = 'UnindexedQuery';
  constructor(
    readonly projection: string,
    readonly collection: string,
    readonly fields: readonly string[],
    /** A walk in key order was asked: an index of the fixed fields alone serves it. */
    readonly walk = false,
  ) {
    const query = fields.length > 0 ? fields.join(', ') : 'no field';
    super(
      walk
        ? `No index of ${projection}.${collection} gives the documents with ${query} fixed in key order, as a walk reads them: declare an index of the fields it fixes`
        : `No index of ${projection}.${collection} serves a query on ${query}: declare one in the projection's collections`,
    );
    this.name = 'UnindexedQuery';
  }
}

export function collectionIndexes(
  projection: string,
  collection: string,
  definition: CollectionDefinition,
): CollectionIndex[] {
  const indexes = (definition.indexes ?? []).map((declared: IndexDefinition) => {
    const fields = (typeof declared === 'string' ? [declared] : [...declared]).map(checkField);
    return {
      name: `rm_${projection}_${collection}__${fields.join('__')}`.replace(/[^A-Za-z0-9_]/g, '_'),
      fields,
    };
  });
  // Two indexes of one name would be made on top of each other at every open.
  const names = new Set<string>();
  for (const { name } of indexes) {
    if (names.has(name))
      throw new Error(
        `${projection}.${collection} declares the index ${name} twice (the same fields, or names that join alike): declare it once`,
      );
    names.add(name);
  }
  return indexes;
}

const firstValue = (wanted: Filter[string]): unknown =>
  Array.isArray(wanted) ? (wanted as readonly unknown[])[0] : wanted;

/** A one-value list is an equality: callers pass filters as lists of what they accept. */
export function singleValue(wanted: Filter[string]): boolean {
  return !Array.isArray(wanted) || (wanted as readonly unknown[]).length === 1;
}

/**
 * The index a query runs on, chosen by the query's shape alone (never by table statistics,
 * which a young or bulk-loaded store may not have): the most leading fields fixed by the
 * filter, then an index that also gives the order, then one that seeks a list of values.
 * A query no index seeks on is refused: at ten years of calls it would read them all.
 */
export function chooseIndex(
  projection: string,
  collection: string,
  indexes: readonly CollectionIndex[],
  filter: Filter,
  options: FindOptions,
  /** A walk in key order (`all` with a filter): only an index that gives it serves. */
  walk = false,
): IndexChoice {
  let best: IndexChoice | undefined;
  let bestScore = 0;
  for (const index of indexes) {
    const equalities: string[] = [];
    for (const field of index.fields) {
      if (!(field in filter) || !singleValue(filter[field]!)) break;
      equalities.push(field);
    }
    const next = index.fields[equalities.length];
    const list = next !== undefined && next in filter ? next : undefined;
    // Past the fixed (and listed) fields the index runs in the order of the fields left, then the key.
    const after = index.fields.slice(equalities.length + (list === undefined ? 0 : 1));
    const order = orderFields(options);
    const ordered = after.length === order.length && order.every((field, i) => after[i] === field);
    const seeks =
      equalities.length > 0 || list !== undefined || (ordered && options.limit !== undefined);
    if (!seeks || (walk && !ordered)) continue;
    // A yes/no field halves the documents at best; any other value picks out a few.
    const selectivity = equalities.reduce(
      (sum, field) => sum + (typeof firstValue(filter[field]!) === 'boolean' ? 1 : 4),
      0,
    );
    const score = selectivity + (ordered ? 2 : 0) + (list ? 1 : 0);
    if (score > bestScore) {
      best = { index, equalities, list, ordered };
      bestScore = score;
    }
  }
  if (!best) throw new UnindexedQuery(projection, collection, Object.keys(filter), walk);
  return best;
}

/**
 * The index a filtered walk (`all` with a filter) pages on: one that gives the matching
 * documents in key order, every field before the key fixed by the filter, so each page is a
 * seek past the last key read. On any other index each page would sort every match again.
 */
export function chooseWalkIndex(
  projection: string,
  collection: string,
  indexes: readonly CollectionIndex[],
  filter: Filter,
): IndexChoice {
  return chooseIndex(projection, collection, indexes, filter, {}, true);
}
