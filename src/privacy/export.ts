import type { EventStore, JsonValue } from '../store/port.js';
import { openValue } from './cipher.js';
import type { KeyStore } from './key-store.js';
import { ERASED, isSealed, type SealedValue } from './sealed.js';

/** One stored event holding a person's data, with their values opened (or erased). */
export interface PersonRecord {
  readonly streamName: string;
  readonly revision: string;
  readonly position: string;
  readonly type: string;
  readonly recordedAt: string;
  /** Where in the event (`data.reporter.email`, `metadata.actor.name`) → the value. */
  readonly values: Readonly<Record<string, string>>;
}

/** Everything held about one person (GDPR Art. 15), for an access request. */
export interface PersonExport {
  readonly person: string;
  readonly state: 'active' | 'forgotten';
  readonly keyCreatedAt: string;
  readonly forgottenAt?: string;
  readonly records: readonly PersonRecord[];
}

function collect(value: JsonValue, path: string, subject: string, key: Buffer | undefined, into: Map<string, string>): void {
  if (typeof value !== 'object' || value === null) return;
  if (isSealed(value)) {
    const sealed = value as unknown as SealedValue;
    if (sealed.$sealed === subject) into.set(path, (key && openValue(key, sealed)) ?? ERASED);
    return;
  }
  if (Array.isArray(value)) value.forEach((item, i) => collect(item, `${path}.${i}`, subject, key, into));
  else for (const [name, item] of Object.entries(value)) collect(item, `${path}.${name}`, subject, key, into);
}

/**
 * Reads the whole store once (an access request is rare; its answer must be complete) and
 * lists every event that holds a value of the person, decrypted. Undefined when the key
 * store knows no such person.
 */
export async function exportPerson(sealed: EventStore, keys: KeyStore, person: string): Promise<PersonExport | undefined> {
  const state = keys.get(person);
  if (!state) return undefined;
  const key = state.state === 'active' ? state.key : undefined;
  const records: PersonRecord[] = [];
  for await (const event of sealed.readAll()) {
    const values = new Map<string, string>();
    collect(event.data, 'data', person, key, values);
    collect(event.metadata, 'metadata', person, key, values);
    if (values.size === 0) continue;
    records.push({
      streamName: event.streamName,
      revision: event.revision.toString(),
      position: event.position.toString(),
      type: event.type,
      recordedAt: event.recordedAt.toISOString(),
      values: Object.fromEntries(values),
    });
  }
  return {
    person,
    state: state.state,
    keyCreatedAt: state.createdAt.toISOString(),
    ...(state.state === 'forgotten' ? { forgottenAt: state.forgottenAt.toISOString() } : {}),
    records,
  };
}
