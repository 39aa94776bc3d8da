import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { sqliteFileKind, type SqliteFileKind } from '../../store/sqlite-file.js';
import { openReadOnly } from '../../store/sqlite-read-only.js';
import { UsageError } from './errors.js';

/**
 * The files the CLI touches, checked before SQLite or Node sees them, with messages in the
 * user's words. A read command opens only a callstream database; a write command (exec,
 * demo, sla publish) may also create one, in a new or empty file; nothing ever writes into
 * another application's file, and no output overwrites a database.
 */

/** What a read command may open: a callstream database and nothing else. */
export function requireDatabase(path: string): void {
  const kind = inspect(path);
  if (kind === 'callstream') return;
  if (kind === 'missing')
    throw new UsageError(
      `No callstream database at ${path} (run "callstream demo" or "callstream exec" first, or pass --db FILE)`,
    );
  if (kind === 'empty')
    throw new UsageError(
      `${path} is empty: it holds no callstream database yet (run "callstream demo" or "callstream exec" first)`,
    );
  throw refusal(path, kind);
}

/**
 * What `verify` reads: a callstream database that holds an event store. A file of read
 * models alone (kept beside EventStoreDB) has no history to prove; opened as an event store
 * it would be given empty tables and called intact.
 */
export function requireEventStore(path: string): void {
  requireDatabase(path);
  const db = openReadOnly(path);
  try {
    const events = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'")
      .get();
    if (!events)
      throw new UsageError(
        `${path} holds read models only, no event store: its history is in EventStoreDB (verify --store eventstoredb)`,
      );
  } finally {
    db.close();
  }
}

/**
 * Whether SQLite could write the database: the file, and its folder for the `-wal` and
 * `-shm` it makes beside it (or those files, where they are already there).
 */
export function canWriteDatabase(path: string): boolean {
  if (!canWrite(path)) return false;
  if (canWrite(dirname(resolve(path)))) return true;
  return canWrite(`${path}-wal`) && canWrite(`${path}-shm`);
}

/** What a write command may open: a callstream database, or a new or empty file it then creates. */
export function requireDatabaseOrNew(path: string): SqliteFileKind {
  const kind = inspect(path);
  if (kind === 'callstream' || kind === 'empty') return kind;
  if (kind === 'missing') {
    const folder = dirname(resolve(path));
    if (!isDirectory(folder))
      throw new UsageError(`Cannot create ${path}: the folder ${folder} does not exist`);
    if (!canWrite(folder))
      throw new UsageError(`Cannot create ${path}: no permission to write in the folder ${folder}`);
    return kind;
  }
  throw refusal(path, kind);
}

/**
 * An output file (an HTML page) may be anything but the database itself, its journal
 * files, or another database: callstream's or another application's.
 */
export function requireOutputFile(output: string, database: string): void {
  const target = resolve(output);
  const db = resolve(database);
  if ([db, `${db}-wal`, `${db}-shm`, `${db}-journal`].includes(target) || sameFile(target, db)) {
    throw new UsageError(
      `Refusing to write ${output}: it is the database (--db ${database}) itself`,
    );
  }
  const kind = inspect(output);
  if (kind === 'callstream')
    throw new UsageError(`Refusing to write ${output}: it is a callstream database`);
  if (kind === 'other-application')
    throw new UsageError(
      `Refusing to write ${output}: it is a SQLite database of another application; it was left untouched`,
    );
  if (kind === 'not-a-file')
    throw new UsageError(`Cannot write ${output}: it is a directory, not a file`);
  const folder = dirname(target);
  if (kind === 'missing' && !isDirectory(folder))
    throw new UsageError(`Cannot write ${output}: the folder ${folder} does not exist`);
}

/** Writes an output file, saying what went wrong in the user's words. */
export function writeOutput(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EISDIR')
      throw new UsageError(`Cannot write ${path}: it is a directory, not a file`);
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new UsageError(`Cannot write ${path}: its folder does not exist`);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
      throw new UsageError(`Cannot write ${path}: permission denied`);
    if (code === 'ENOSPC') throw new UsageError(`Cannot write ${path}: the disk is full`);
    throw error;
  }
}

function inspect(path: string): SqliteFileKind {
  try {
    return sqliteFileKind(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM')
      throw new UsageError(`Cannot read ${path}: permission denied`);
    if (code === 'ENOTDIR')
      throw new UsageError(`${path} is not a valid path: a part of it is a file, not a folder`);
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return 'not-sqlite';
    throw new UsageError(`Cannot read ${path}: ${(error as Error).message}`);
  }
}

function refusal(path: string, kind: SqliteFileKind): UsageError {
  switch (kind) {
    case 'not-a-file':
      return new UsageError(
        `${path} is a directory (or another special file), not a callstream database file`,
      );
    case 'not-sqlite':
      return new UsageError(
        `${path} is not a callstream database (not a SQLite file at all); it was left untouched`,
      );
    default:
      return new UsageError(
        `${path} is a SQLite database of another application, not callstream's; it was left untouched`,
      );
  }
}

const isDirectory = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

const canWrite = (path: string): boolean => {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

function sameFile(a: string, b: string): boolean {
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}
