import { closeSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';

/**
 * How callstream recognises its own SQLite files without changing a byte of them.
 *
 * A file callstream creates carries SQLite's `application_id` 0x43535452 ("CSTR") in its
 * header. Files written by earlier versions have none (0): they are recognised by
 * callstream's tables — `events` (the event store) or `rm_documents` (read models, the
 * whole file when events live in EventStoreDB). Anything else is another application's
 * file, and callstream refuses to open it for writing or reading.
 */
export const CALLSTREAM_APPLICATION_ID = 0x43535452;

const SQLITE_MAGIC = 'SQLite format 3\0';
const CALLSTREAM_TABLES = ['events', 'rm_documents'];

export type SqliteFileKind =
  /** No file at that path. */
  | 'missing'
  /** A directory, a device, a socket: not a file at all. */
  | 'not-a-file'
  /** Zero bytes, or a SQLite database without a single table: callstream may make it its own. */
  | 'empty'
  /** Not a SQLite database. */
  | 'not-sqlite'
  /** A SQLite database of another application. */
  | 'other-application'
  | 'callstream';

/** What is at `path`, read without writing: the header, and the table names if need be. */
export function sqliteFileKind(path: string): SqliteFileKind {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return 'not-a-file';
    size = stat.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  if (size === 0) return 'empty';
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  try {
    if (readSync(fd, header, 0, 100, 0) < 100) return 'not-sqlite';
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1', 0, 16) !== SQLITE_MAGIC) return 'not-sqlite';
  const applicationId = header.readUInt32BE(68);
  if (applicationId === CALLSTREAM_APPLICATION_ID) return 'callstream';
  if (applicationId !== 0) return 'other-application';
  const tables = tableNames(path);
  if (tables.length === 0) return 'empty';
  return tables.some((name) => CALLSTREAM_TABLES.includes(name))
    ? 'callstream'
    : 'other-application';
}

function tableNames(path: string): string[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .pluck()
      .all() as string[];
  } finally {
    db.close();
  }
}

/** Marks a database callstream has just created as its own (a header field; no table changes). */
export function markAsCallstream(db: Database.Database): void {
  if (db.pragma('application_id', { simple: true }) === 0)
    db.pragma(`application_id = ${CALLSTREAM_APPLICATION_ID}`);
}

/** The file is another application's: callstream neither reads nor writes it. */
export class NotACallstreamDatabase extends Error {
  readonly code = 'NotACallstreamDatabase';
  constructor(readonly fileName: string) {
    super(
      `${fileName} is a SQLite database of another application, not callstream's: it was left untouched`,
    );
    this.name = 'NotACallstreamDatabase';
  }
}

/**
 * Refuses, on a connection just opened and before anything is written, a database that is
 * another application's: tables but none of callstream's, or another application id.
 */
export function refuseOtherApplication(db: Database.Database, fileName: string): void {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  if (applicationId === CALLSTREAM_APPLICATION_ID) return;
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
    .pluck()
    .all() as string[];
  if (
    applicationId !== 0 ||
    (tables.length > 0 && !tables.some((name) => CALLSTREAM_TABLES.includes(name)))
  ) {
    db.close();
    throw new NotACallstreamDatabase(fileName);
  }
}
