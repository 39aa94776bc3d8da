/** A leaf value of a call's state as the log shows it: instants as ISO strings, absence as null. */
export type LogValue = string | number | boolean | null | readonly unknown[];

export interface FieldChange {
  readonly field: string;
  readonly old: LogValue;
  readonly new: LogValue;
  /** The field holds an instant: old and new are ISO strings to show as times. A text never is one, whatever it reads. */
  readonly instant?: true;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);

function show(value: unknown): LogValue {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  return value as LogValue;
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

/**
 * Every leaf that differs between two states, with a stable dotted path (collections are
 * keyed by ids, so `transfers.T2.status` names the second transfer forever). Subtrees the
 * aggregate did not touch are the same objects and are skipped without a walk.
 */
export function diffState(
  before: unknown,
  after: unknown,
  path = '',
  out: FieldChange[] = [],
): FieldChange[] {
  if (before === after) return out;
  if (isRecord(before) || isRecord(after)) {
    const a = isRecord(before) ? before : {};
    const b = isRecord(after) ? after : {};
    // The same value under a key is skipped before its path is even spelt out.
    for (const key of Object.keys(a))
      if (a[key] !== b[key]) diffState(a[key], b[key], path ? `${path}.${key}` : key, out);
    for (const key of Object.keys(b))
      if (!(key in a) && b[key] !== undefined)
        diffState(undefined, b[key], path ? `${path}.${key}` : key, out);
    return out;
  }
  if (same(before, after)) return out;
  const old = show(before);
  const now = show(after);
  out.push(
    before instanceof Date || after instanceof Date
      ? { field: path, old, new: now, instant: true }
      : { field: path, old, new: now },
  );
  return out;
}
