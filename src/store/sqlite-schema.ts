import type Database from 'better-sqlite3';
import { markAsCallstream } from './sqlite-file.js';
import { sealExistingHistory } from './sqlite-seal.js';

/** 1: events; 2: sealed (hash, chain, seal_head, chain_origin, triggers: see sqlite-seal.ts). */
const SCHEMA_VERSION = 2;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY,
  event_id    TEXT    NOT NULL UNIQUE,
  stream      TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  recorded_at INTEGER NOT NULL,
  UNIQUE (stream, revision)
);
`;

/** Brings a file to this version's schema, once, under the write lock; a newer file is refused. */
export function migrate(db: Database.Database, now: () => number): void {
  const check = (): number => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(
        `The event store file was written by a newer callstream (schema ${version}, this one knows ${SCHEMA_VERSION})`,
      );
    }
    return version;
  };
  const version = check();
  if (version === SCHEMA_VERSION) return;
  if (db.readonly)
    throw new Error(
      `The event store file was written by an older callstream (schema ${version}, this one reads ${SCHEMA_VERSION}): open for reading only, it cannot be brought up to date; open a copy of it once for writing`,
    );
  // Under the write lock, looked at again: two processes opening an old file migrate it once.
  db.transaction(() => {
    const version = check();
    if (version < 1) db.exec(SCHEMA);
    if (version < 2) sealExistingHistory(db, now());
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
    markAsCallstream(db);
  }).immediate();
}
