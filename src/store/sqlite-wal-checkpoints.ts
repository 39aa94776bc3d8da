import type Database from 'better-sqlite3';
import { checkpointThreads, WalCheckpointer } from './sqlite-wal-checkpointer.js';

/** Commits between two background checkpoints (about 500 WAL pages of commands with inline read models). */
const CHECKPOINT_EVERY = 32;
/** SQLite's own checkpoint while the background one runs: only if that one falls behind. */
const SAFETY_NET_PAGES = 4000;
/** SQLite's own checkpoint by default. */
const DEFAULT_AUTOCHECKPOINT = 1000;
/** The WAL file is cut back to this when the log starts over (SQLite's journal_size_limit). */
const WAL_SIZE_LIMIT_PAGES = 2 * SAFETY_NET_PAGES;

export interface WalCheckpointStatus {
  readonly thread: boolean;
  readonly checkpoints: number;
  readonly satOut: number;
}

/**
 * Who checkpoints a store's WAL: the thread of its own (WalCheckpointer), started once the
 * store is seen to write on, with SQLite's automatic checkpoint as the safety net; or SQLite
 * alone, as by default, when the thread is not wanted, cannot start or stops.
 */
export class WalCheckpoints {
  /** Commits so far while the thread is wanted but not started. */
  private commitsBeforeThread: number | undefined;
  private thread: WalCheckpointer | undefined;
  private holds = 0;

  constructor(
    private readonly db: Database.Database,
    /** Absolute; undefined for a database in memory, which has no WAL. */
    private readonly file: string | undefined,
    private readonly synchronous: string,
    background: boolean,
  ) {
    // Not for a one-off command: a thread costs its start, and SQLite's checkpoint never runs for a few commits.
    if (file !== undefined && background) this.commitsBeforeThread = 0;
  }

  status(): WalCheckpointStatus {
    return {
      thread: this.thread !== undefined,
      checkpoints: this.thread?.checkpoints ?? 0,
      satOut: this.thread?.satOut ?? 0,
    };
  }

  /** See SqliteEventStore.holdWalCheckpoints. */
  hold(): () => void {
    const release = this.thread?.hold();
    if (this.holds++ === 0 && this.db.open) this.db.pragma('wal_autocheckpoint = 0');
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holds === 0 && this.db.open)
        this.db.pragma(
          `wal_autocheckpoint = ${this.thread ? SAFETY_NET_PAGES : DEFAULT_AUTOCHECKPOINT}`,
        );
      release?.();
    };
  }

  /** After a commit that wrote: the thread is told, or started once the store is seen to write on. */
  committed(): void {
    if (this.thread) this.thread.committed();
    else if (
      this.commitsBeforeThread !== undefined &&
      ++this.commitsBeforeThread >= CHECKPOINT_EVERY &&
      this.holds === 0
    ) {
      this.commitsBeforeThread = undefined;
      this.start();
    }
  }

  /** Starts no thread from now on. */
  closing(): void {
    this.commitsBeforeThread = undefined;
  }

  /** Stops the thread and waits until its connection is closed: the store's is then the last. */
  async close(): Promise<void> {
    this.closing();
    try {
      await this.thread?.close();
    } finally {
      this.thread = undefined;
      checkpointThreads.delete(this.db);
    }
  }

  private start(): void {
    try {
      this.thread = new WalCheckpointer(
        this.file!,
        this.synchronous,
        CHECKPOINT_EVERY,
        SAFETY_NET_PAGES,
        (error) => this.stop(error),
      );
    } catch (error) {
      // Inside a commit's flush: the commit stands, only its checkpoints stay SQLite's.
      this.stop(error);
      return;
    }
    checkpointThreads.set(this.db, this.thread);
    if (this.holds === 0) this.db.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
    // A burst may grow the WAL past the safety net (a pass holds the lock the writer's checkpoint
    // needs): once started over, the file is cut back rather than kept at its largest.
    const pageBytes = Number(this.db.pragma('page_size', { simple: true }));
    this.db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_PAGES * pageBytes}`);
  }

  /** The thread could not start or stopped on its own: SQLite checkpoints inside commits again, as by default. */
  private stop(error: unknown): void {
    this.thread = undefined;
    checkpointThreads.delete(this.db);
    if (this.db.open && this.holds === 0)
      this.db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT}`);
    process.emitWarning(
      `the WAL checkpoint thread of ${this.file} stopped: ${error instanceof Error ? error.message : String(error)}; SQLite checkpoints inside commits from then on`,
      { code: 'CALLSTREAM_WAL_CHECKPOINTS' },
    );
  }
}
