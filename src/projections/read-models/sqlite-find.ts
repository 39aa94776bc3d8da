import type Database from 'better-sqlite3';
import type { Filter, FindOptions } from '../types.js';
import { checkField, compare, orderFields, rowLimit } from './filter.js';
import { singleValue, type CollectionIndex, type IndexChoice } from './index-choice.js';
import { fieldColumn } from './indexed-fields.js';

type Bindable = string | number | bigint | null;

/** One SELECT on the chosen index: rows (key, doc, order value) already in the asked order. */
export interface FindRead {
  readonly sql: string;
  readonly values: readonly Bindable[];
}

/**
 * How a find runs: segments read one after the other (documents with the order field, then
 * those without), each the merge of one read per value of a listed field when the index
 * gives every value's rows in order (a few seeks instead of one sort of everything listed).
 */
export interface FindPlan {
  readonly segments: ReadonlyArray<readonly FindRead[]>;
  readonly descending: boolean;
  readonly limit: number | undefined;
  /** Order values each row carries (o0, o1, …), for merging. */
  readonly columns: number;
}

/** A row of a read: its key, its document and its order values as o0, o1, …. */
export interface FindRow {
  readonly key: string;
  readonly doc: string;
  readonly [order: `o${number}`]: unknown;
}

const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Projection and collection names are inlined (checked) so SQLite can prove a partial index applies. */
export function literal(name: string): string {
  if (!NAME.test(name)) throw new Error(`Not a projection or collection name: ${name}`);
  return `'${name}'`;
}

const bindable = (value: unknown): Bindable =>
  typeof value === 'boolean' ? (value ? 1 : 0) : (value as Bindable);
/** SQL reading a field of a collection's documents, as the chosen index reads it where it does. */
const columnOf =
  (indexes: readonly CollectionIndex[], choice: IndexChoice) =>
  (field: string): string =>
    fieldColumn(indexes, checkField(field), choice.index);

function condition(column: string, wanted: Filter[string], values: Bindable[]): string {
  if (Array.isArray(wanted) && !singleValue(wanted)) {
    const list = wanted as ReadonlyArray<Filter[string]>;
    const present = list.filter((w) => w !== null);
    const parts = present.length > 0 ? [`${column} IN (${present.map(() => '?').join(', ')})`] : [];
    if (list.includes(null)) parts.push(`${column} IS NULL`);
    values.push(...present.map(bindable));
    return parts.length > 0 ? `(${parts.join(' OR ')})` : '0';
  }
  const value = Array.isArray(wanted) ? (wanted as readonly unknown[])[0] : wanted;
  if (value === null || value === undefined) return `${column} IS NULL`;
  values.push(bindable(value));
  return `${column} = ?`;
}

/** What a find's rows hold: keys and documents, or (ROWIDS) what the index alone answers. */
const DOCUMENTS = 'key, doc';
export const ROWIDS = 'rowid, key';

/**
 * The reads of a find on its chosen index, forced with INDEXED BY so the plan never depends on
 * statistics. `after`: only the documents past this key, for a walk in ascending key order,
 * a page at a time, each page a seek on the index where the last one ended. `head` ROWIDS:
 * each row's rowid and key alone (no order values, no document), read on the index alone.
 */
export function planFind(
  projection: string,
  collection: string,
  choice: IndexChoice,
  filter: Filter,
  options: FindOptions,
  indexes: readonly CollectionIndex[],
  after?: string,
  head: typeof DOCUMENTS | typeof ROWIDS = DOCUMENTS,
): FindPlan {
  // A walk starts after '' (every key sorts after it) and goes up: by key alone, ascending.
  if (after !== undefined && (options.orderBy !== undefined || options.descending))
    throw new Error('A find that continues after a key is ordered by key alone, ascending');
  const column = columnOf(indexes, choice);
  const limit = options.limit === undefined ? undefined : rowLimit(options.limit);
  const direction = options.descending ? 'DESC' : 'ASC';
  const order = orderFields(options).map(column);
  // Order values, for merging reads; none beside rowids: the index alone answers (SQLite reads
  // the row for a value an index expression holds).
  const selected = head === ROWIDS ? '' : order.map((column, i) => `, ${column} AS o${i}`).join('');
  const read = (
    narrowed: Filter,
    extra: string,
    by: readonly string[],
    extraValues: readonly Bindable[],
  ): FindRead => {
    const values: Bindable[] = [];
    const clauses = [`projection = ${literal(projection)}`, `collection = ${literal(collection)}`];
    for (const [field, wanted] of Object.entries(narrowed))
      clauses.push(condition(column(field), wanted, values));
    if (after !== undefined) {
      clauses.push('key > ?');
      values.push(after);
    }
    values.push(...extraValues);
    const rows = limit === undefined ? '' : ` LIMIT ${limit}`;
    const orderBy = [...by, 'key'].map((column) => `${column} ${direction}`).join(', ');
    return {
      sql: `SELECT ${head}${selected} FROM rm_documents INDEXED BY ${choice.index.name} WHERE ${clauses.join(' AND ')}${extra} ORDER BY ${orderBy}${rows}`,
      values,
    };
  };
  // A listed field the index orders after: one read per value, merged; a value listed twice
  // (or as true and 1) is read once, or its documents would come twice.
  const perValue =
    choice.list !== undefined && choice.ordered
      ? distinct(filter[choice.list] as ReadonlyArray<Filter[string]>)
      : undefined;
  const reads = (
    extra: string,
    by: readonly string[],
    extraValues: readonly Bindable[] = [],
  ): FindRead[] =>
    perValue
      ? perValue.map((value) => read({ ...filter, [choice.list!]: value }, extra, by, extraValues))
      : [read(filter, extra, by, extraValues)];
  const segment = { descending: options.descending ?? false, limit, columns: order.length };
  const [first, ...then] = order;
  if (first === undefined) {
    if (options.until !== undefined) throw new Error('A find until a value is ordered by a field');
    return { ...segment, segments: [reads('', [])] };
  }
  // At most `until`: a bound on the index's order column; documents without the field fail it.
  if (options.until !== undefined)
    return { ...segment, segments: [reads(` AND ${first} <= ?`, order, [options.until])] };
  // Documents without the first order field come last: two index-ordered reads instead of one sort.
  return {
    ...segment,
    segments: [reads(` AND ${first} IS NOT NULL`, order), reads(` AND ${first} IS NULL`, then)],
  };
}

/** The values of a list as SQLite compares them, each once (undefined reads as null, IS NULL). */
const distinct = (list: ReadonlyArray<Filter[string]>): Array<Filter[string]> => [
  ...new Map(list.map((value) => [bindable(value ?? null), value])).values(),
];

/** A count of what a find without a limit gives, on the same forced index (no document is read). */
export function planCount(
  projection: string,
  collection: string,
  choice: IndexChoice,
  filter: Filter,
  indexes: readonly CollectionIndex[],
  upTo?: number,
): FindRead {
  const column = columnOf(indexes, choice);
  const values: Bindable[] = [];
  const clauses = [`projection = ${literal(projection)}`, `collection = ${literal(collection)}`];
  for (const [field, wanted] of Object.entries(filter))
    clauses.push(condition(column(field), wanted, values));
  const matching = `SELECT 1 FROM rm_documents INDEXED BY ${choice.index.name} WHERE ${clauses.join(' AND ')}`;
  return {
    sql: `SELECT count(*) AS n FROM (${matching}${upTo === undefined ? '' : ` LIMIT ${rowLimit(upTo, 'upTo')}`})`,
    values,
  };
}

/** The steps SQLite runs a read with, from EXPLAIN QUERY PLAN: the query-plan tests read them. */
export function queryPlan(
  db: Database.Database,
  sql: string,
  values: readonly unknown[],
): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...values) as Array<{ detail: string }>).map(
    (row) => row.detail,
  );
}

/** Runs a plan: segments in turn, the reads of a segment merged by (order values, key), cut at the limit. */
export function runFind(plan: FindPlan, all: (read: FindRead) => FindRow[]): FindRow[] {
  const found: FindRow[] = [];
  const sign = plan.descending ? -1 : 1;
  const byOrder = (a: FindRow, b: FindRow): number => {
    for (let i = 0; i < plan.columns; i++) {
      const byColumn = compare(a[`o${i}`], b[`o${i}`]);
      if (byColumn !== 0) return byColumn * sign;
    }
    return compare(a.key, b.key) * sign;
  };
  for (const segment of plan.segments) {
    if (plan.limit !== undefined && found.length >= plan.limit) break;
    const rows = segment.length === 1 ? all(segment[0]!) : segment.flatMap(all).sort(byOrder);
    for (const row of rows) {
      if (plan.limit !== undefined && found.length >= plan.limit) break;
      found.push(row);
    }
  }
  return found;
}
