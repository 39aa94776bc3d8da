import Database from 'better-sqlite3';
import type { EventStore } from '../store/port.js';
import type { KeyStore } from './key-store.js';
import { privateEventStore, type PrivateStore } from './private-store.js';
import { SqliteKeyStore } from './sqlite-key-store.js';

/** The store, sealing personal data under `keys` when there are keys to seal with. */
export function withKeys(
  store: EventStore,
  keys: KeyStore | undefined,
): EventStore | (EventStore & PrivateStore) {
  return keys ? privateEventStore(store, keys) : store;
}

/**
 * Keys in a SQLite file of their own connection: beside EventStoreDB, whose events cannot
 * be deleted (a deleted or truncated stream stays on disk until a scavenge), the keys live
 * in the read models' file. The connection closes when the process ends.
 */
export function keyFile(file: string): KeyStore {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  const keys = new SqliteKeyStore(db);
  return { ...bind(keys), close: () => db.close() };
}

function bind(keys: KeyStore): KeyStore {
  return {
    keyFor: (subject) => keys.keyFor(subject),
    get: (subject) => keys.get(subject),
    getMany: (subjects) => keys.getMany(subjects),
    destroy: (subject, at) => keys.destroy(subject, at),
    subjects: () => keys.subjects(),
    forgettings: () => keys.forgettings(),
    close: () => keys.close(),
  };
}
