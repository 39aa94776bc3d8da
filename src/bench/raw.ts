import Database from 'better-sqlite3';
import type { SqliteSynchronous } from '../store/sqlite.js';

/**
 * The raw baseline, measured on the same machine in the same run: what better-sqlite3
 * does with no callstream at all. Every callstream figure is reported as a ratio to it.
 */
export function rawCommits(
  file: string,
  synchronous: SqliteSynchronous,
  count: number,
  payload: string,
): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec(
    'CREATE TABLE IF NOT EXISTS raw (position INTEGER PRIMARY KEY, stream TEXT NOT NULL, data TEXT NOT NULL)',
  );
  const insert = db.prepare('INSERT INTO raw (stream, data) VALUES (?, ?)');
  const started = performance.now();
  for (let i = 0; i < count; i++) insert.run(`s-${i % 1000}`, payload); // one implicit transaction, one commit each
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return count / seconds;
}

/**
 * Bare single-row commits of event-shaped rows into the event store's own table (same
 * indexes, same row sizes): what SQLite costs for the write itself, so the ratio shows
 * what callstream adds (validation, load, decide, encode, checks).
 */
export function rawEventCommits(
  file: string,
  synchronous: SqliteSynchronous,
  count: number,
  data: string,
  metadata: string,
): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec(`CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL, revision INTEGER NOT NULL,
    type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at INTEGER NOT NULL, UNIQUE (stream, revision))`);
  const insert = db.prepare(
    'INSERT INTO events (event_id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const started = performance.now();
  for (let i = 0; i < count; i++)
    insert.run(
      crypto.randomUUID(),
      `call-${crypto.randomUUID()}`,
      0,
      'TimeBooked',
      data,
      metadata,
      Date.now(),
    );
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return count / seconds;
}

/** Bare read of every event row in position order with JSON.parse of data and metadata: rows per second. */
export function rawReadAndParse(file: string): { rows: number; perSecond: number } {
  const db = new Database(file, { readonly: true });
  const select = db
    .prepare(
      'SELECT position, event_id, stream, revision, type, data, metadata, recorded_at FROM events WHERE position > ? ORDER BY position LIMIT 1000',
    )
    .raw();
  let after = 0;
  let rows = 0;
  const started = performance.now();
  for (;;) {
    const page = select.all(after) as unknown[][];
    for (const row of page) {
      JSON.parse(row[5] as string);
      JSON.parse(row[6] as string);
    }
    rows += page.length;
    if (page.length < 1000) break;
    after = page[page.length - 1]![0] as number;
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return { rows, perSecond: rows / seconds };
}

/** Bare per-stream loads: select one stream's rows and parse them, for every given stream. */
export function rawStreamLoads(file: string, streams: readonly string[]): number {
  const db = new Database(file, { readonly: true });
  const select = db
    .prepare(
      'SELECT position, event_id, stream, revision, type, data, metadata, recorded_at FROM events WHERE stream = ? AND revision >= 0 ORDER BY revision LIMIT 1000',
    )
    .raw();
  const started = performance.now();
  for (const stream of streams) {
    for (const row of select.all(stream) as unknown[][]) {
      JSON.parse(row[5] as string);
      JSON.parse(row[6] as string);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return streams.length / seconds;
}
