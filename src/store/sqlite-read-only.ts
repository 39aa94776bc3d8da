import Database from 'better-sqlite3';
import { readFileSync, statSync } from 'node:fs';
import { WalUnreadable } from './errors.js';

/**
 * Opens a callstream file for reading only: an auditor's copy, a backup, a snapshot on
 * read-only media. SQLite's own read-only connection comes first; it reads a file in WAL
 * mode only where it can make (or finds) the `-shm` index beside it. In a read-only folder
 * without one, the file alone is the whole database once no `-wal` holds anything, and it
 * is read into memory: a copy as large as the file, never written (a connection on it is
 * read-only too).
 */
export function openReadOnly(fileName: string): Database.Database {
  const db = new Database(fileName, { readonly: true, fileMustExist: true });
  try {
    // The -shm is looked for at the first read, not at the open.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (error) {
    db.close();
    // READONLY_DIRECTORY: no -shm could be made; CANTOPEN: nor with a -wal beside the file.
    const code = (error as { code?: unknown }).code;
    if (code !== 'SQLITE_READONLY_DIRECTORY' && code !== 'SQLITE_CANTOPEN') throw error;
  }
  if (sizeOf(`${fileName}-wal`) > 0) throw new WalUnreadable(fileName);
  const image = readFileSync(fileName);
  // A WAL-mode header (read and write versions 2) sends SQLite to the log; in memory, the image is all there is.
  if (image[18] === 2 && image[19] === 2) image.fill(1, 18, 20);
  return new Database(image, { readonly: true });
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}
