/** Drops undefined members, so a value has the same keys live and after a JSON round trip. */
export function strip<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const member = value[key];
    if (member !== undefined) out[key] = member;
  }
  return out as { [K in keyof T]: Exclude<T[K], undefined> };
}

/** Strings in code-unit order, the same everywhere (no locale): ids, days and instants sort alike. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * An empty record to count or sum into by keys that come from data: without a prototype,
 * so a key such as "__proto__" or "constructor" is a key like any other.
 */
export function keyedRecord<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}

/**
 * The entry a record holds under a key that comes from data, own entries only: state read
 * from JSON is a plain object, and there `record['constructor']` would find Object's member,
 * not "no such entry".
 */
export function entryOf<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Whether two JSON-like values are the same, whatever the order of their keys (absent and undefined alike). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date || b instanceof Date)
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = (value: object) =>
    Object.keys(value).filter((key) => (value as Record<string, unknown>)[key] !== undefined);
  const aKeys = keys(a);
  if (aKeys.length !== keys(b).length) return false;
  return aKeys.every(
    (key) =>
      Object.hasOwn(b, key) &&
      sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}
