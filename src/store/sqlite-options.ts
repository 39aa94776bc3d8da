/** How the embedded SQLite event store (sqlite.ts) opens its file and commits. */
export type SqliteSynchronous = 'FULL' | 'NORMAL';

export interface SqliteEventStoreOptions {
  /** `FULL` (default) syncs the WAL on every commit; `NORMAL` may lose the last commits on power loss, never corrupt. */
  readonly synchronous?: SqliteSynchronous;
  /** How often a subscription looks for events appended by another process. */
  readonly pollIntervalMs?: number;
  readonly now?: () => number;
  /**
   * False stores events without their seal (hash and chain), for the benchmark only: it
   * measures what sealing costs an append. Such a store fails `verify`.
   */
  readonly seal?: boolean;
  /**
   * Where the write-ahead log is copied into the database file: `background` (default) on a
   * thread of its own once the store has committed a few times, so no command waits for it;
   * `inline` by SQLite itself, inside the commit that crosses 1,000 WAL pages.
   */
  readonly walCheckpoints?: 'background' | 'inline';
  /**
   * Opens the file for reading only (see sqlite-read-only.ts): nothing is written, not even
   * a pragma; an append is refused (StoreReadOnly). The file must exist.
   */
  readonly readOnly?: boolean;
}
