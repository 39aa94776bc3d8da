import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { checkpointThreads } from './sqlite-wal-checkpointer.js';

/**
 * How long another connection's checkpoints may keep the WAL from being emptied. A reader
 * is waited for by each attempt itself, up to the connection's busy timeout, so the whole
 * wait may reach this plus that.
 */
const PATIENCE_MS = 10_000;

/** The WAL could not be emptied: another connection kept its checkpoint lock or its readers stayed. */
export class WalBusyError extends Error {
  constructor(file: string, waitedMs: number) {
    super(
      `the WAL of ${file} could not be emptied in ${waitedMs} ms: another connection kept checkpointing or reading; it still holds what was committed before`,
    );
    this.name = 'WalBusyError';
  }
}

/**
 * Copies the whole WAL into the database file and truncates the WAL to nothing, so no page
 * written before is left in it: what an erasure needs once it has overwritten the bytes.
 *
 * A TRUNCATE checkpoint gives up at once, without SQLite's busy handler, when another
 * connection runs a checkpoint. The store's own thread is held first (a pass under way ends);
 * others (another process's thread) are waited out, retrying until `PATIENCE_MS`. Not inside
 * a transaction: no checkpoint can run there.
 */
export function truncateWal(db: Database.Database): void {
  if (db.pragma('journal_mode', { simple: true }) !== 'wal' || db.memory) return;
  // Already empty (a repeated erasure, say): nothing to copy, no lock to take. By SQLite's
  // own absolute name of the file: the working directory may have changed since it opened.
  // Not found (the directory moved while open) is not empty: the checkpoint runs.
  const [main] = db.pragma('database_list') as Array<{ file: string }>;
  if (statSync(`${main!.file}-wal`, { throwIfNoEntry: false })?.size === 0) return;
  const release = checkpointThreads.get(db)?.hold();
  try {
    const started = Date.now();
    for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
      const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
      if (result?.busy === 0) return;
      const waited = Date.now() - started;
      if (waited >= PATIENCE_MS) throw new WalBusyError(db.name, waited);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause);
    }
  } finally {
    release?.();
  }
}
