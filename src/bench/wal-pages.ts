import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { truncateWal } from '../store/sqlite-wal-truncate.js';

/** A SQLite event store as the benchmark sees it: its connection, and its background checkpoints. */
export interface WalOwner {
  readonly db: Database.Database;
  holdWalCheckpoints(): () => void;
}

/**
 * Counts the pages `work` writes to the WAL of `file` through the store's connection: what a
 * command costs the disk, which the noise of a shared machine cannot move. The WAL is
 * emptied first and not checkpointed meanwhile (neither by SQLite nor by the store's
 * thread), so its growth is every frame written.
 */
export async function countingWalPages<T>(
  store: WalOwner,
  file: string,
  work: () => Promise<T>,
): Promise<{ result: T; pages: number }> {
  const { db } = store;
  const release = store.holdWalCheckpoints();
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  try {
    truncateWal(db);
    const result = await work();
    const wal = statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0;
    // A WAL file: a 32-byte header, then frames of a 24-byte header and a page each.
    return { result, pages: Math.max(0, wal - 32) / (24 + pageSize) };
  } finally {
    release();
  }
}
