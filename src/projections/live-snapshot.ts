import Database from 'better-sqlite3';
import {
  documentPages,
  openedPages,
  sqliteDocumentPages,
  type StoredDocument,
} from './document-pages.js';
import { PrivateReadModels } from './read-models/private.js';
import { SqliteReadModelStore } from './read-models/sqlite.js';
import type { Checkpoint, Projection, ReadModelStore } from './types.js';

/**
 * The live read models as a comparison sees them: their checkpoints and documents read at
 * one instant. Another process writing calls (and projecting them inline) meanwhile must not
 * show up as a difference, so a replay rebuilds exactly to the checkpoints seen here and
 * compares with the documents seen here.
 */
export interface LiveView {
  checkpoint(projection: string): Checkpoint | undefined;
  pages(projection: Projection, collection: string): Iterator<StoredDocument[]>;
  /** Ends the view (its read transaction, its connection). */
  release(): void;
}

/**
 * A SQLite read-model file is read on a connection of its own inside one read transaction:
 * under WAL, writers go on committing while this reader keeps the state of its first read.
 * Elsewhere (read models in memory, or a SQLite database in memory), only this process
 * writes them: the view is the store itself, and the caller keeps its own writes out.
 */
export function liveView(live: ReadModelStore): { view: LiveView; isolated: boolean } {
  if (live instanceof PrivateReadModels) {
    // The stored view, its pages opened as the rebuilt side's are.
    const stored = liveView(live.inner);
    return {
      isolated: stored.isolated,
      view: {
        checkpoint: (projection) => live.asRead(projection, stored.view.checkpoint(projection)),
        pages: (projection, collection) =>
          openedPages(live, projection.name, collection, stored.view.pages(projection, collection)),
        release: () => stored.view.release(),
      },
    };
  }
  if (live instanceof SqliteReadModelStore && !live.db.memory) {
    const db = new Database(live.db.name, { readonly: true, fileMustExist: true });
    try {
      db.pragma('busy_timeout = 10000');
      db.exec('BEGIN');
      const select = db.prepare<[string], { position: string; version: number }>(
        'SELECT position, version FROM rm_checkpoints WHERE projection = ?',
      );
      // The first read fixes the snapshot every later read of this transaction sees.
      select.all('');
      return {
        isolated: true,
        view: {
          checkpoint(projection) {
            const row = select.get(projection);
            return row ? { position: BigInt(row.position), version: row.version } : undefined;
          },
          pages: (projection, collection) => sqliteDocumentPages(db, projection.name, collection),
          release() {
            if (db.inTransaction) db.exec('COMMIT');
            db.close();
          },
        },
      };
    } catch (error) {
      db.close();
      throw error;
    }
  }
  return {
    isolated: false,
    view: {
      checkpoint: (projection) => live.checkpoint(projection),
      pages: (projection, collection) => documentPages(live, projection, collection),
      release: () => undefined,
    },
  };
}
