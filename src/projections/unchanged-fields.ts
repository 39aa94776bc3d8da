import type { CallEvent, CallState } from '../domain/index.js';
import { diffState, type FieldChange } from './diff.js';
import { loggedFields, pathsOf } from './log-fields.js';

/**
 * The entries of an event that changed no field: it was recorded all the same (an assignment
 * back to where the call already was, a visit "moved" to its own times), and an audit must
 * show who did it, when and why. Each field the event names shows as it stands, old = new;
 * an event naming none shows the call's status.
 */
export function unchangedFields(event: CallEvent, state: CallState): FieldChange[] {
  const data = event.data as Readonly<Record<string, unknown>>;
  const named: FieldChange[] = [];
  for (const [field, shown] of Object.entries(loggedFields[event.type])) {
    if (typeof shown !== 'string' || data[field] === undefined) continue;
    for (const path of pathsOf(shown, data)) {
      const value = valueAt(state, path);
      const leaves =
        value === undefined ? [{ field: path, new: null }] : diffState(null, value, path);
      for (const leaf of leaves) named.push({ ...leaf, old: leaf.new });
    }
  }
  if (named.length > 0 || state === null) return named;
  return [{ field: 'status', old: state.status, new: state.status }];
}

function valueAt(state: CallState, path: string): unknown {
  let value: unknown = state;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
