import type { EventStore, JsonValue, RecordedEvent } from '../store/port.js';
import { openWithActiveKey } from './cipher.js';
import type { KeyStore } from './key-store.js';
import { ERASED, isSealed, type SealedValue } from './sealed.js';
import { personalFields, personalMetadata, subjectOf } from './subjects.js';

/** One stored event holding a person's data, with their values opened (or erased). */
export interface PersonRecord {
  readonly streamName: string;
  readonly revision: string;
  readonly position: string;
  readonly type: string;
  readonly recordedAt: string;
  /** Where in the event (`data.reporter.email`, `metadata.actor.name`) → the value. */
  readonly values: Readonly<Record<string, string>>;
  /** Of those, the ones stored in clear (written before encryption): forgetting cannot erase them (docs/privacy.md). */
  readonly storedInClear?: readonly string[];
}

/** Everything held about one person (GDPR Art. 15), for an access request. */
export interface PersonExport {
  readonly person: string;
  /**
   * `unsealed`: the store holds values of the person written before encryption only, and no key.
   * `key-missing`: it holds values sealed for the person, but neither their key nor the tombstone
   * a forgetting leaves: the key table lost the key (they read "[erased]", yet no erasure is
   * recorded).
   */
  readonly state: 'active' | 'forgotten' | 'unsealed' | 'key-missing';
  readonly keyCreatedAt?: string;
  readonly forgottenAt?: string;
  readonly records: readonly PersonRecord[];
}

function collect(
  value: JsonValue,
  path: string,
  subject: string,
  key: Buffer | undefined,
  into: Map<string, string>,
): void {
  if (typeof value !== 'object' || value === null) return;
  if (isSealed(value)) {
    const sealed = value as unknown as SealedValue;
    if (sealed.$sealed === subject) into.set(path, key ? openWithActiveKey(key, sealed) : ERASED);
    return;
  }
  if (Array.isArray(value))
    value.forEach((item, i) => collect(item, `${path}.${i}`, subject, key, into));
  else
    for (const [name, item] of Object.entries(value))
      collect(item, `${path}.${name}`, subject, key, into);
}

/** The values at a field's path, each with its concrete path (`*` spelt out as the element's index). */
function valuesAt(
  from: unknown,
  path: readonly string[],
  at: string[] = [],
): Array<[string, unknown]> {
  if (path.length === 0) return [[at.join('.'), from]];
  const [key, ...rest] = path as [string, ...string[]];
  if (key === '*')
    return Array.isArray(from)
      ? from.flatMap((item, i) => valuesAt(item, rest, [...at, String(i)]))
      : [];
  return typeof from === 'object' && from !== null && !Array.isArray(from)
    ? valuesAt((from as Record<string, unknown>)[key], rest, [...at, key])
    : [];
}

/** The person's values an event holds in clear: written before the store sealed personal data. */
function clearValues(event: RecordedEvent, person: string): Map<string, string> {
  const found = new Map<string, string>();
  const data = (
    typeof event.data === 'object' && event.data !== null && !Array.isArray(event.data)
      ? event.data
      : {}
  ) as Record<string, unknown>;
  const context = { streamName: event.streamName, data, metadata: event.metadata };
  const fields = [
    ...(personalFields.get(event.type) ?? []).map((field) => ({ field, root: 'data', from: data })),
    { field: personalMetadata, root: 'metadata', from: event.metadata as unknown },
  ];
  for (const { field, root, from } of fields) {
    if (field.when && !field.when(data)) continue;
    if (subjectOf(field.subject, context) !== person) continue;
    for (const [path, value] of valuesAt(from, field.path))
      if (typeof value === 'string' && value !== ERASED) found.set(`${root}.${path}`, value);
  }
  return found;
}

/**
 * Reads the whole store once (an access request is rare; its answer must be complete) and
 * lists every event that holds a value of the person, decrypted (or in clear, when written
 * before encryption). Undefined when nothing is held about them.
 */
export async function exportPerson(
  sealed: EventStore,
  keys: KeyStore,
  person: string,
): Promise<PersonExport | undefined> {
  const state = keys.get(person);
  const key = state?.state === 'active' ? state.key : undefined;
  const records: PersonRecord[] = [];
  for await (const event of sealed.readAll()) {
    const values = new Map<string, string>();
    collect(event.data, 'data', person, key, values);
    collect(event.metadata, 'metadata', person, key, values);
    const clear = clearValues(event, person);
    for (const [path, value] of clear) values.set(path, value);
    if (values.size === 0) continue;
    records.push({
      streamName: event.streamName,
      revision: event.revision.toString(),
      position: event.position.toString(),
      type: event.type,
      recordedAt: event.recordedAt.toISOString(),
      values: Object.fromEntries(values),
      ...(clear.size > 0 ? { storedInClear: [...clear.keys()] } : {}),
    });
  }
  if (!state) {
    if (records.length === 0) return undefined;
    const sealedSome = records.some(
      (record) => Object.keys(record.values).length > (record.storedInClear?.length ?? 0),
    );
    return { person, state: sealedSome ? 'key-missing' : 'unsealed', records };
  }
  return {
    person,
    state: state.state,
    keyCreatedAt: state.createdAt.toISOString(),
    ...(state.state === 'forgotten' ? { forgottenAt: state.forgottenAt.toISOString() } : {}),
    records,
  };
}
