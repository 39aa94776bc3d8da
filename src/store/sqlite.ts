import Database from 'better-sqlite3';
import { resolve } from 'node:path';
import { StoreReadOnly } from './errors.js';
import { refuseOtherApplication } from './sqlite-file.js';
import { openReadOnly } from './sqlite-read-only.js';
import { migrate } from './sqlite-schema.js';
import { AppendSignal, catchUpSubscription } from './catch-up.js';
import type {
  AppendOptions,
  AppendResult,
  EventIdLookup,
  EventStore,
  EventToAppend,
  LinkedAppends,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  SynchronousReads,
  SubscribeToAllOptions,
  Subscription,
  TransactionalAppends,
} from './port.js';
import type { AuditableStore, ChainOrigin, SealHead, SealedRow } from './seal.js';
import { openAuditReads, SqliteSealReads } from './sqlite-seal.js';
import { RetryFound, SqliteAppendWriter } from './sqlite-append-writer.js';
import { PAGE, SqliteEventReads, toRecorded } from './sqlite-event-reads.js';
import { WalCheckpoints, type WalCheckpointStatus } from './sqlite-wal-checkpoints.js';
import type { SqliteEventStoreOptions, SqliteSynchronous } from './sqlite-options.js';

export type { SqliteEventStoreOptions, SqliteSynchronous } from './sqlite-options.js';

interface PendingAppend {
  /** One part for a plain append; a linked append's first parts. */
  readonly parts: readonly StreamAppend[];
  /** A linked append's last part, decided inside the transaction from the first parts' results (not `then`: that would make it a thenable). */
  readonly last?: (first: readonly AppendResult[]) => StreamAppend;
  readonly resolve: (results: AppendResult[]) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The embedded default store: one SQLite file in WAL mode.
 *
 * Appends are group-committed: every append requested while a commit is being prepared
 * joins one transaction (one sync), yet each is checked and applied on its own savepoint,
 * so one failing expectation never affects another and each stays atomic. A crash rolls
 * the whole open transaction back, so nothing half-written ever becomes visible.
 */
export class SqliteEventStore
  implements
    EventStore,
    LinkedAppends,
    SynchronousReads,
    AuditableStore,
    TransactionalAppends,
    EventIdLookup
{
  readonly pageSize = PAGE;
  readonly db: Database.Database;
  private readonly signal = new AppendSignal();
  private readonly now: () => number;
  private readonly pollIntervalMs: number;
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  private readonly withinAppends: Array<{ work: () => void; committed?: () => void }> = [];
  private readonly absoluteFile: string | undefined;
  private readonly readOnly: boolean;
  private readonly synchronous: SqliteSynchronous;
  private readonly checkpoints: WalCheckpoints;

  private readonly sealReads: SqliteSealReads;
  private auditReads: ReturnType<typeof openAuditReads> | undefined;
  private readonly reads: SqliteEventReads;
  private readonly writer: SqliteAppendWriter;
  private readonly selectHead: Database.Statement<[], { position: number | null }>;
  private readonly commitBatch: Database.Transaction<
    (batch: PendingAppend[]) => Array<AppendResult[] | Error>
  >;

  constructor(
    readonly fileName: string,
    options: SqliteEventStoreOptions = {},
  ) {
    // Before the file is touched: the value goes into a pragma, where SQLite takes `OFF` (no
    // syncing at all) and reads any word it does not know as NORMAL, without a word.
    if (options.synchronous !== undefined && !['FULL', 'NORMAL'].includes(options.synchronous))
      throw new RangeError(
        `synchronous must be FULL or NORMAL, not ${JSON.stringify(options.synchronous)}`,
      );
    this.now = options.now ?? Date.now;
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.readOnly = options.readOnly === true;
    this.db = this.readOnly ? openReadOnly(fileName) : new Database(fileName);
    // Absolute now: another thread opening it later must find this file whatever the working directory is then.
    this.absoluteFile = this.db.memory ? undefined : resolve(fileName);
    refuseOtherApplication(this.db, fileName);
    if (!this.readOnly) this.db.pragma('journal_mode = WAL');
    this.synchronous = options.synchronous ?? 'FULL';
    this.db.pragma(`synchronous = ${this.synchronous}`);
    this.db.pragma('busy_timeout = 10000');
    migrate(this.db, this.now);
    this.sealReads = new SqliteSealReads(this.db);
    this.reads = new SqliteEventReads(this.db);
    this.writer = new SqliteAppendWriter(this.db, options.seal ?? true);
    this.selectHead = this.db.prepare('SELECT max(position) AS position FROM events');
    this.checkpoints = new WalCheckpoints(
      this.db,
      this.absoluteFile,
      this.synchronous,
      (options.walCheckpoints ?? 'background') === 'background',
    );

    const applyOne = this.db.transaction((append: StreamAppend, recordedAt: number) =>
      this.writer.apply(append, recordedAt),
    );
    const { writer } = this;
    const applyChecked = (append: StreamAppend, recordedAt: number): AppendResult => {
      const before = writer.mark();
      try {
        return applyOne(append, recordedAt); // a nested transaction: its own savepoint
      } catch (error) {
        writer.rollBackTo(before); // its rows were rolled back with its savepoint
        if (error instanceof RetryFound) return error.result;
        throw error;
      }
    };
    // The parts of a linked append share one more savepoint: a failing part undoes the others.
    const applyLinked = this.db.transaction(
      (append: PendingAppend, recordedAt: number): AppendResult[] => {
        const first = append.parts.map((part) => applyChecked(part, recordedAt));
        return [...first, applyChecked(append.last!(first), recordedAt)];
      },
    );
    this.commitBatch = this.db.transaction((batch: PendingAppend[]) => {
      const recordedAt = this.now();
      const outcomes = batch.map((append) => {
        const before = writer.mark();
        try {
          return append.last
            ? applyLinked(append, recordedAt)
            : [applyChecked(append.parts[0]!, recordedAt)];
        } catch (error) {
          // SQLite rolled the whole transaction back (a full disk, an I/O error): the group
          // fails as one, rather than its later appends committing each on its own.
          if (!this.db.inTransaction) throw error;
          writer.rollBackTo(before); // a linked append's parts roll back together
          return error instanceof Error ? error : new Error(String(error));
        }
      });
      // The head first: work within the append then reads the seal as the group leaves it.
      writer.finish();
      if (outcomes.some(isAppended)) for (const { work } of this.withinAppends) work();
      return outcomes;
    });
  }

  duringAppend(work: () => void, committed?: () => void): void {
    this.withinAppends.push(committed ? { work, committed } : { work });
    this.writer.keepWritten = true; // the work may read what the append wrote
  }

  appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    { expectedRevision }: AppendOptions,
  ): Promise<AppendResult> {
    return new Promise((resolve, reject) =>
      this.enqueue({
        parts: [{ streamName, events, expectedRevision }],
        resolve: (results) => resolve(results[0]!),
        reject,
      }),
    );
  }

  appendLinked(
    first: readonly StreamAppend[],
    then: (first: readonly AppendResult[]) => StreamAppend,
  ): Promise<[AppendResult[], AppendResult]> {
    return new Promise((resolve, reject) =>
      this.enqueue({
        parts: first,
        last: then,
        resolve: (results) => resolve([results.slice(0, -1), results[results.length - 1]!]),
        reject,
      }),
    );
  }

  private enqueue(append: PendingAppend): void {
    if (this.readOnly) {
      append.reject(new StoreReadOnly(this.fileName));
      return;
    }
    this.pending.push(append);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  readStream(streamName: string, options: ReadStreamOptions = {}): AsyncGenerator<RecordedEvent> {
    return this.reads.readStream(streamName, options);
  }

  /** Up to `maxCount` events of a stream from `fromRevision` on, at once: rehydration folds them without a promise per event. */
  readStreamPage(streamName: string, fromRevision: bigint, maxCount: number): RecordedEvent[] {
    return this.reads.readStreamPage(streamName, fromRevision, maxCount);
  }

  async streamOfEvent(eventId: string): Promise<string | undefined> {
    return this.reads.streamOfEvent(eventId);
  }

  readAll(options: ReadAllOptions = {}): AsyncGenerator<RecordedEvent> {
    return this.reads.readAll(options);
  }

  /**
   * Pages of raw rows in global order: the fastest way to replay, used by projections and the
   * benchmark. Inside an append's transaction, a page that starts at its first event is the
   * rows it wrote (an inline fold's read), taken from the writer rather than read back.
   */
  readPageAfter(
    after: bigint | undefined,
    maxCount: number,
    types?: ReadonlySet<string>,
  ): RecordedEvent[] {
    const { written } = this.writer;
    if (
      types === undefined &&
      written.length > 0 &&
      this.db.inTransaction &&
      after !== undefined &&
      Number(after) + 1 === written[0]![0]
    )
      return written.slice(0, maxCount).map(toRecorded);
    return this.reads.readPageAfter(after, maxCount, types);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    return catchUpSubscription(
      (after, maxCount) => this.readPageAfter(after, maxCount),
      this.signal,
      {
        ...options,
        pollIntervalMs: this.pollIntervalMs,
      },
    );
  }

  /** How many events the store holds. */
  countEvents(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  }

  async headPosition(): Promise<bigint | undefined> {
    const { position } = this.selectHead.get()!;
    return position === null ? undefined : BigInt(position);
  }

  // The audit's reads (see sqlite-seal.ts).
  sealHead = async (): Promise<SealHead | undefined> => this.sealReads.sealHead();
  chainOrigin = async (): Promise<ChainOrigin | undefined> => this.sealReads.chainOrigin();
  readSealedAfter = async (
    after: bigint | undefined,
    maxCount: number,
  ): Promise<readonly SealedRow[]> => this.auditScan().after(after, maxCount);
  readSealedStream = async (streamName: string): Promise<readonly SealedRow[]> =>
    this.sealReads.stream(streamName);
  auditFile = (): string | undefined => this.absoluteFile;

  /** The WAL's checkpoints on the thread of their own: whether it runs, the rounds it has made and sat out. */
  walCheckpoints(): WalCheckpointStatus {
    return this.checkpoints.status();
  }

  /**
   * No checkpoint runs until the returned release is called, neither on the thread (one under
   * way has ended when this returns) nor SQLite's own inside commits: for work that reads the
   * WAL as the commits wrote it, such as counting its pages.
   */
  holdWalCheckpoints(): () => void {
    return this.checkpoints.hold();
  }

  async close(): Promise<void> {
    this.checkpoints.closing();
    if (this.pending.length > 0) this.flush();
    this.signal.notify();
    this.auditReads?.close();
    this.auditReads = undefined;
    try {
      // The thread's connection first: this one is then the last, and SQLite removes the WAL.
      await this.checkpoints.close();
    } finally {
      if (this.db.open) this.db.close();
    }
  }

  /** The reads of an audit's scan: on a file, through a mapped connection of their own (openAuditReads), opened on first use. */
  private auditScan(): SqliteSealReads {
    if (this.absoluteFile === undefined) return this.sealReads;
    this.auditReads ??= openAuditReads(this.absoluteFile);
    return this.auditReads.reads;
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    let outcomes: Array<AppendResult[] | Error>;
    try {
      // IMMEDIATE takes the write lock first, so another process cannot slip in between check and write.
      outcomes = this.commitBatch.immediate(batch);
    } catch (error) {
      for (const append of batch) append.reject(error);
      return;
    } finally {
      this.writer.reset();
    }
    // Some append succeeded: the work ran in the transaction just committed (commitBatch).
    const appended = outcomes.some(isAppended);
    if (appended) {
      this.checkpoints.committed();
      for (const { committed } of this.withinAppends) committed?.();
    }
    outcomes.forEach((outcome, i) => {
      if (outcome instanceof Error) batch[i]!.reject(outcome);
      else batch[i]!.resolve(outcome);
    });
    if (appended) this.signal.notify();
  }
}

const isAppended = (outcome: AppendResult[] | Error): outcome is AppendResult[] =>
  !(outcome instanceof Error);
