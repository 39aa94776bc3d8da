import { resolve } from 'node:path';

/** The command line was wrong: exit code 2, with the usage hint. */
export class UsageError extends Error {
  readonly code = 'UsageError';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The JSON form of any error callstream throws: code, message and whatever details it carries. */
export function errorJson(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { code: 'Error', message: String(error) };
  const {
    name: _name,
    message,
    stack: _stack,
    ...details
  } = error as Error & Record<string, unknown>;
  const code = typeof details.code === 'string' ? details.code : error.name;
  return { ...details, code, message };
}

/** The verb for what Node was doing when a file refused it (its error's syscall). */
const attempts: ReadonlyMap<unknown, string> = new Map([
  ['mkdir', 'create'],
  ['mkdtemp', 'create'],
  ['rename', 'write'],
  ['write', 'write'],
  ['copyfile', 'write'],
  ['unlink', 'remove'],
  ['rmdir', 'remove'],
  ['read', 'read'],
  ['scandir', 'read'],
]);

/**
 * SQLite's and Node's words for a file that would not open or take a write, in the user's (a
 * UsageError); any other error as it was. `path` is the database: an error Node raised on
 * another path (a file to attach, a folder to deliver into) names that path, not the database.
 */
export function fileError(error: unknown, path: string): unknown {
  const code = (error as { code?: unknown }).code;
  const named = (error as { path?: unknown }).path;
  if (typeof named === 'string' && !isDatabaseFile(named, path)) {
    if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') return error;
    const attempt = attempts.get((error as { syscall?: unknown }).syscall) ?? 'open';
    return new UsageError(
      `Cannot ${attempt} ${named}: ${code === 'EROFS' ? 'the file system is read-only' : 'permission denied'}`,
    );
  }
  // By code, not class: the command line's start loads no store to say so.
  if (code === 'NotACallstreamDatabase')
    return new UsageError(
      `${path} is a SQLite database of another application, not callstream's; it was left untouched`,
    );
  if (code === 'SQLITE_NOTADB')
    return new UsageError(
      `${path} is not a callstream database (not a SQLite file at all); it was left untouched`,
    );
  // SQLITE_CORRUPT and its extended codes (_INDEX, _SEQUENCE, _VTAB): a SQLite file, damaged.
  if (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'))
    return new UsageError(
      `${path} is damaged (SQLite: ${(error as Error).message}): restore it from a backup; callstream verify proves the history of a file SQLite can read, not of this one`,
    );
  if (code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'EPERM')
    return new UsageError(
      `Cannot open ${path}: check that it is a file you may read and write, in a folder you may write`,
    );
  if (code === 'WalUnreadable') return new UsageError((error as Error).message);
  if (code === 'CallstreamReadOnly' || code === 'StoreReadOnly')
    return new UsageError(
      `Cannot write ${path}: it is open for reading only (--read-only, or the file or its folder is read-only for this user); nothing was written`,
    );
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_READONLY_DIRECTORY')
    return new UsageError(
      `Cannot write ${path}: the file, its folder, or the -wal and -shm files beside it are read-only for this user`,
    );
  if (code === 'SQLITE_FULL') return new UsageError(`Cannot write ${path}: the disk is full`);
  return error;
}

/** Whether Node's error names the database or one of the files SQLite keeps beside it. */
function isDatabaseFile(named: string, database: string): boolean {
  const db = resolve(database);
  return [db, `${db}-wal`, `${db}-shm`, `${db}-journal`].includes(resolve(named));
}
