import type { Document, Filter, FindOptions, SearchOptions } from '../types.js';

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Field names reach SQL: only plain identifiers are accepted. */
export function checkField(field: string): string {
  if (!FIELD.test(field)) throw new Error(`Not a queryable field name: ${field}`);
  return field;
}

/** A limit (or count bound) reaches SQL as text: only a whole number of rows, 0 or more, is one. */
export function rowLimit(value: number, name = 'limit'): number {
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`${name} must be a whole number of rows, 0 or more, not ${String(value)}`);
  return value;
}

/**
 * A document's value as SQLite reads it out of JSON, so that both stores find and order
 * alike: true and false are the integers 1 and 0, a missing value is NULL, an object or an
 * array is its JSON text.
 */
const asStored = (value: unknown): unknown =>
  typeof value === 'boolean'
    ? value
      ? 1
      : 0
    : typeof value === 'object' && value !== null
      ? JSON.stringify(value)
      : (value ?? null);

export function matches(document: Document, filter: Filter): boolean {
  for (const [field, wanted] of Object.entries(filter)) {
    const actual = asStored(document[field]);
    if (Array.isArray(wanted)) {
      if (!wanted.some((value) => asStored(value) === actual)) return false;
    } else if (actual !== asStored(wanted)) return false;
  }
  return true;
}

type Keyed<T> = readonly [key: string, document: T];

/** The fields a find orders by, in turn. */
export function orderFields(options: FindOptions): readonly string[] {
  const { orderBy } = options;
  return (orderBy === undefined ? [] : typeof orderBy === 'string' ? [orderBy] : orderBy).map(
    checkField,
  );
}

/** SQLite's classes of values in its order: NULL, then numbers, then text. */
const classOf = (value: unknown): number =>
  value === null ? 0 : typeof value === 'number' || typeof value === 'bigint' ? 1 : 2;

/** A UTF-16 unit ranked as its code point ranks: a surrogate (D800–DFFF) stands for one above FFFF. */
const unitRank = (unit: number): number =>
  unit < 0xd800 ? unit : unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;

/** Text in SQLite's order (BINARY: UTF-8 bytes, which is code point order), not UTF-16's. */
function compareText(a: string, b: string): number {
  const shorter = Math.min(a.length, b.length);
  for (let i = 0; i < shorter; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return unitRank(x) < unitRank(y) ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** SQLite's order of JSON values: NULL lowest, numbers (booleans as 1 and 0) before text. */
export const compare = (x: unknown, y: unknown): number => {
  const a = asStored(x);
  const b = asStored(y);
  if (a === b) return 0;
  const byClass = classOf(a) - classOf(b);
  if (byClass !== 0) return byClass;
  if (typeof a === 'string') return compareText(a, b as string);
  return (a as number) < (b as number) ? -1 : 1;
};

/** Whether a document's value is present and at most `until` (FindOptions.until). */
export const atMost = (value: unknown, until: string | number): boolean =>
  value !== undefined && value !== null && compare(value, until) <= 0;

/** The find whose documents are a search's window as of `until`, `recent` of them (SearchOptions). */
export const windowFind = (
  until: NonNullable<SearchOptions['until']>,
  recent: number,
): FindOptions => ({
  orderBy: until.field,
  descending: true,
  until: until.value,
  limit: Math.max(0, Math.floor(recent)),
});

/** Orders and cuts keyed documents as FindOptions define it (the SQLite store's index order). */
export function applyOptions<T extends Document>(
  documents: Array<Keyed<T>>,
  options: FindOptions,
): T[] {
  return keyedInOrder(documents, options).map(([, document]) => document);
}

/** applyOptions, each document with its key. */
export function keyedInOrder<T extends Document>(
  documents: Array<Keyed<T>>,
  options: FindOptions,
): Array<Keyed<T>> {
  const direction = options.descending ? -1 : 1;
  const [first, ...then] = orderFields(options);
  if (options.until !== undefined) {
    if (first === undefined) throw new Error('A find until a value is ordered by a field');
    const until = options.until;
    documents = documents.filter(([, doc]) => atMost(doc[first], until));
  }
  documents.sort(([keyA, a], [keyB, b]) => {
    if (first !== undefined) {
      const x = a[first] ?? null;
      const y = b[first] ?? null;
      if ((x === null) !== (y === null)) return x === null ? 1 : -1;
      const byField = compare(x, y);
      if (byField !== 0) return byField * direction;
      for (const field of then) {
        const byThen = compare(a[field] ?? null, b[field] ?? null);
        if (byThen !== 0) return byThen * direction;
      }
    }
    return compare(keyA, keyB) * direction;
  });
  return options.limit === undefined ? documents : documents.slice(0, rowLimit(options.limit));
}
