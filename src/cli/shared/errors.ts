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

/** SQLite's and Node's words for a file that would not open or take a write, in the user's (a UsageError); any other error as it was. */
export function fileError(error: unknown, path: string): unknown {
  const code = (error as { code?: unknown }).code;
  // By code, not class: the command line's start loads no store to say so.
  if (code === 'NotACallstreamDatabase')
    return new UsageError(
      `${path} is a SQLite database of another application, not callstream's; it was left untouched`,
    );
  if (code === 'SQLITE_NOTADB')
    return new UsageError(
      `${path} is not a callstream database (not a SQLite file at all); it was left untouched`,
    );
  if (code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'EPERM')
    return new UsageError(
      `Cannot open ${path}: check that it is a file you may read and write, in a folder you may write`,
    );
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_READONLY_DIRECTORY')
    return new UsageError(
      `Cannot write ${path}: the file, its folder, or the -wal and -shm files beside it are read-only for this user`,
    );
  if (code === 'SQLITE_FULL') return new UsageError(`Cannot write ${path}: the disk is full`);
  return error;
}
