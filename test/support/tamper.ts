import Database from 'better-sqlite3';
import {
  verifyHistory,
  type HistoryReport,
  type VerifyHistoryOptions,
} from '../../src/audit/verify-history.js';
import type { SealedRow } from '../../src/store/seal.js';
import { SqliteEventStore } from '../../src/store/sqlite.js';

/**
 * Changes a closed callstream SQLite file behind the store's back, as an attacker or a
 * careless tool would: the triggers that refuse UPDATE and DELETE are dropped first.
 */
export function tamper<T>(file: string, change: (db: Database.Database) => T): T {
  const db = new Database(file);
  try {
    db.exec(
      'DROP TRIGGER IF EXISTS events_never_updated; DROP TRIGGER IF EXISTS events_never_deleted;',
    );
    return change(db);
  } finally {
    db.close();
  }
}

export interface StoredRow {
  position: number;
  event_id: string;
  stream: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: number;
  hash: Buffer | null;
  chain: Buffer | null;
}

export const rows = (db: Database.Database): StoredRow[] =>
  db.prepare('SELECT * FROM events ORDER BY position').all() as StoredRow[];

/** Rewrites one row's columns (the position stays unless given). */
export function rewrite(db: Database.Database, position: number, change: Partial<StoredRow>): void {
  const columns = Object.keys(change);
  db.prepare(
    `UPDATE events SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE position = @at`,
  ).run({ ...change, at: position });
}

/** Swaps the contents of the rows at two positions. */
export function swap(db: Database.Database, a: number, b: number): void {
  db.transaction(() => {
    const all = rows(db);
    const first = all.find((r) => r.position === a)!;
    const second = all.find((r) => r.position === b)!;
    const { position: _a, ...firstContent } = first;
    const { position: _b, ...secondContent } = second;
    db.prepare('DELETE FROM events WHERE position IN (?, ?)').run(a, b);
    const insert = db.prepare(
      'INSERT INTO events (position, event_id, stream, revision, type, data, metadata, recorded_at, hash, chain) VALUES (@position, @event_id, @stream, @revision, @type, @data, @metadata, @recorded_at, @hash, @chain)',
    );
    insert.run({ ...secondContent, position: a });
    insert.run({ ...firstContent, position: b });
  })();
}

/** Stores a copy of the row at `position` as a new event at the end of its stream and of the store. */
export function duplicate(db: Database.Database, position: number): number {
  const all = rows(db);
  const row = all.find((r) => r.position === position)!;
  const revision =
    Math.max(...all.filter((r) => r.stream === row.stream).map((r) => r.revision)) + 1;
  const at = all[all.length - 1]!.position + 1;
  db.prepare(
    'INSERT INTO events (position, event_id, stream, revision, type, data, metadata, recorded_at, hash, chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    at,
    crypto.randomUUID(),
    row.stream,
    revision,
    row.type,
    row.data,
    row.metadata,
    row.recorded_at,
    row.hash,
    row.chain,
  );
  return at;
}

/** Every stored row of a closed file with its seal, as verify reads them. */
export async function storedRows(file: string): Promise<SealedRow[]> {
  const store = new SqliteEventStore(file);
  try {
    return [...(await store.readSealedAfter(undefined, 100_000))];
  } finally {
    await store.close();
  }
}

/** `verify` on a closed file, as the command line runs it. */
export async function verifyFile(
  file: string,
  options: VerifyHistoryOptions = {},
): Promise<HistoryReport> {
  const store = new SqliteEventStore(file);
  try {
    return await verifyHistory(store, options);
  } finally {
    await store.close();
  }
}
