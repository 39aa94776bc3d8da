import { DomainError } from '../domain/index.js';
import type { EventStore } from '../store/port.js';
import { exportPerson, type PersonExport } from './export.js';
import { isPrivateStore, type PrivateStore } from './private-store.js';
import { kindOf } from './subjects.js';
import { sealedValuesOf } from './value-cache.js';

/** What forgetting and exporting a person need from a callstream. */
export interface PersonServices {
  readonly store: EventStore;
  /** A call's id from its id or number. */
  resolveCall(reference: string): Promise<string>;
}

function privateStoreOf(store: EventStore): EventStore & PrivateStore {
  if (!isPrivateStore(store))
    throw new DomainError(
      'NoKeyStore',
      'This callstream keeps personal data unsealed (no key store): it cannot forget or export a person',
    );
  return store;
}

/**
 * The subject id a person is named by. A requester may be named by their call's number
 * (`requester:C-000012`), as people know calls: it becomes the call's id.
 */
export async function personOf(services: PersonServices, person: string): Promise<string> {
  const kind = kindOf(person);
  if (!kind)
    throw new DomainError(
      'UnknownPerson',
      `${person} names no person: requester:<call>, sender:<request id>, contact:<customer id>/<contact id>, customer:<customer id> or user:<user id>`,
      { person },
    );
  if (kind !== 'requester') return person;
  // A requester's id is always built from the call's id: a number that names no call names no one.
  const callId = await services
    .resolveCall(person.slice('requester:'.length))
    .catch((error: unknown) => {
      if (!(error instanceof DomainError)) throw error;
      throw new DomainError('UnknownPerson', `${person} names no call: ${error.message}`, {
        person,
      });
    });
  return `requester:${callId}`;
}

/** The subject, checked to be one the key store knows (UnknownPerson otherwise). */
export async function knownPerson(services: PersonServices, person: string): Promise<string> {
  const subject = await personOf(services, person);
  const store = privateStoreOf(services.store);
  // No key: perhaps their values were all written before encryption (a full scan; rare).
  if (!store.keys.get(subject) && !(await exportPerson(store.sealed, store.keys, subject)))
    throw new DomainError('UnknownPerson', `No personal data of ${person} was ever stored`, {
      person: subject,
    });
  return subject;
}

/** Everything held about the person, decrypted (Art. 15); values of a forgotten person read erased. */
export async function exportOf(services: PersonServices, person: string): Promise<PersonExport[]> {
  const subject = await knownPerson(services, person);
  const store = privateStoreOf(services.store);
  const exports: PersonExport[] = [];
  for (const each of [subject, ...(await samePerson(store, subject))]) {
    const found = await exportPerson(store.sealed, store.keys, each);
    if (found) exports.push(found);
  }
  return exports;
}

/**
 * The other subjects the same person is: a request's sender is the requester of the call
 * the request was accepted into, and a call's requester is the requester of every call
 * reopened from it (A8: the successor carries the original's reporter), each the other way
 * round too and followed as far as the links go. One scan of the store: an erasure or an
 * access request is rare, and must be complete.
 */
export async function samePerson(store: EventStore, subject: string): Promise<string[]> {
  const kind = kindOf(subject);
  if (kind !== 'requester' && kind !== 'sender') return [];
  const links = new Map<string, string[]>();
  const link = (a: string, b: string): void => {
    links.set(a, [...(links.get(a) ?? []), b]);
    links.set(b, [...(links.get(b) ?? []), a]);
  };
  for await (const event of privateStoreOf(store).sealed.readAll()) {
    if (event.type === 'RequestAccepted') {
      const callId = (event.data as { callId?: string }).callId;
      if (callId)
        link(`sender:${event.streamName.slice('request-'.length)}`, `requester:${callId}`);
    } else if (event.type === 'CallLogged') {
      // Read from the successor's own first event: a reopening that stopped before linking it
      // from the original still copied the reporter.
      const original = (event.data as { reopenedFrom?: { callId?: string } }).reopenedFrom?.callId;
      if (original)
        link(`requester:${original}`, `requester:${event.streamName.slice('call-'.length)}`);
    }
  }
  // A Set iterated while it grows visits what is added: the links are followed to their end.
  const found = new Set([subject]);
  for (const next of found) for (const other of links.get(next) ?? []) found.add(other);
  found.delete(subject);
  return [...found];
}

/** After a ForgetPerson was stored: its key destroyed (again: a crash may have come between). */
export function destroyKey(store: EventStore, subject: string, at: Date): void {
  const { keys } = privateStoreOf(store);
  sealedValuesOf(keys).forget(subject);
  keys.destroy(subject, at);
}
