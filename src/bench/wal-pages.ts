import { readFileSync, statSync } from 'node:fs';
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
): Promise<{ result: T; pages: number; byTree: Map<string, number> }> {
  const { db } = store;
  const release = store.holdWalCheckpoints();
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  try {
    truncateWal(db);
    const result = await work();
    const wal = statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0;
    // A WAL file: a 32-byte header, then frames of a 24-byte header and a page each.
    return {
      result,
      pages: Math.max(0, wal - WAL_HEADER) / (24 + pageSize),
      byTree: walPagesByTree(db, `${file}-wal`),
    };
  } finally {
    release();
  }
}

/** A WAL file's header: its frames start after it. */
export const WAL_HEADER = 32;

/**
 * The pages written to a WAL from `offset` on, by the b-tree (table or index, by name) each
 * page belongs to now: which tables and indexes a piece of work dirtied. Pages that belong to
 * none (freed since) count as `free`. Reads every page's owner with `dbstat`: for a benchmark
 * or a test, not for the hot path.
 */
export function walPagesByTree(
  db: Database.Database,
  walFile: string,
  offset = WAL_HEADER,
): Map<string, number> {
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  const owner = new Map(
    db.prepare('SELECT pageno, name FROM dbstat').raw().all() as Array<[number, string]>,
  );
  const wal = readFileSync(walFile);
  const pages = new Map<string, number>();
  // A frame: a 24-byte header starting with the page's number, then the page.
  for (let at = offset; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    const tree = owner.get(wal.readUInt32BE(at)) ?? 'free';
    pages.set(tree, (pages.get(tree) ?? 0) + 1);
  }
  return pages;
}
