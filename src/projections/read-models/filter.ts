import type { Document, Filter, FindOptions } from '../types.js';

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Field names reach SQL: only plain identifiers are accepted. */
export function checkField(field: string): string {
  if (!FIELD.test(field)) throw new Error(`Not a queryable field name: ${field}`);
  return field;
}

export function matches(document: Document, filter: Filter): boolean {
  for (const [field, wanted] of Object.entries(filter)) {
    const actual = document[field] ?? null;
    if (Array.isArray(wanted)) {
      if (!wanted.includes(actual as never)) return false;
    } else if (actual !== wanted) return false;
  }
  return true;
}

export function compareBy(field: string, descending = false) {
  return (a: Document, b: Document): number => {
    const x = a[field] as string | number | undefined;
    const y = b[field] as string | number | undefined;
    const order = x === y ? 0 : x === undefined ? 1 : y === undefined ? -1 : x < y ? -1 : 1;
    return descending ? -order : order;
  };
}

export function applyOptions<T extends Document>(documents: T[], options: FindOptions): T[] {
  const sorted = options.orderBy ? documents.sort(compareBy(checkField(options.orderBy), options.descending)) : documents;
  return options.limit === undefined ? sorted : sorted.slice(0, options.limit);
}
