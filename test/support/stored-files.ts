import Database from 'better-sqlite3';
import { Callstream } from '../../src/callstream.js';
import { play } from './histories.js';
import type { StoredRow } from './tamper.js';

/** Four calls through the real pipeline and the given actions, stored in `file` and closed (projections not run). */
export async function playedFile(
  file: string,
  actions: Parameters<typeof play>[1] = [],
): Promise<string> {
  const callstream = await Callstream.open({
    file,
    customerValidation: false,
    projectionMode: 'manual',
  });
  await play(callstream, actions);
  await callstream.close();
  return file;
}

/** A file at `file` as callstream wrote it before sealing (schema 1): these events, no seal. */
export function unsealedFile(file: string, events: readonly StoredRow[]): string {
  const db = new Database(file);
  try {
    db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL, revision INTEGER NOT NULL,
      type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at INTEGER NOT NULL, UNIQUE (stream, revision));`);
    const insert = db.prepare(
      'INSERT INTO events (position, event_id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const e of events)
      insert.run(
        e.position,
        e.event_id,
        e.stream,
        e.revision,
        e.type,
        e.data,
        e.metadata,
        e.recorded_at,
      );
    db.pragma('user_version = 1');
  } finally {
    db.close();
  }
  return file;
}
