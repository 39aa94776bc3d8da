import Database from 'better-sqlite3';
import { refuseOtherApplication } from './sqlite-file.js';
import { migrate } from './sqlite-schema.js';
import { AppendSignal, catchUpSubscription } from './catch-up.js';
import { EventIdConflict, WrongExpectedRevision } from './errors.js';
import { expectationHolds, retryMatches } from './expectation.js';
import {
  NO_STREAM_REVISION,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type LinkedAppends,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamAppend,
  type SynchronousReads,
  type SubscribeToAllOptions,
  type Subscription,
  type TransactionalAppends,
} from './port.js';
import {
  GENESIS,
  chainHash,
  streamHash,
  type AuditableStore,
  type ChainOrigin,
  type SealHead,
  type SealedRow,
} from './seal.js';
import { SqliteSealReads } from './sqlite-seal.js';

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
}

const PAGE = 1000;

type Row = [
  position: number | bigint,
  eventId: string,
  stream: string,
  revision: number,
  type: string,
  data: string,
  metadata: string,
  recordedAt: number,
];

interface PendingAppend extends StreamAppend {
  /** A linked append's second part, decided inside the transaction from the first's result (not `then`: that would make it a thenable). */
  readonly second?: (first: AppendResult) => StreamAppend;
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
  implements EventStore, LinkedAppends, SynchronousReads, AuditableStore, TransactionalAppends
{
  readonly pageSize = PAGE;
  readonly db: Database.Database;
  private readonly signal = new AppendSignal();
  private readonly now: () => number;
  private readonly pollIntervalMs: number;
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  private readonly withinAppends: Array<() => void> = [];

  private readonly seal: boolean;
  private readonly sealReads: SqliteSealReads;
  private readonly selectLast: Database.Statement<
    [string],
    { revision: number; hash: Buffer | null }
  >;
  private readonly selectSealHead: Database.Statement<[], { position: number; chain: Buffer }>;
  private readonly updateSealHead: Database.Statement<[number, Buffer]>;
  private readonly insertEvent: Database.Statement;
  private readonly selectById: Database.Statement<[string], { stream: string; revision: number }>;
  private readonly selectStreamIds: Database.Statement<
    [string, number, number],
    { event_id: string; revision: number; position: number }
  >;
  private readonly selectForwards: Database.Statement<[string, number, number]>;
  private readonly selectForwardsPage: Database.Statement<[string, number]>;
  private readonly selectBackwards: Database.Statement<[string, number, number]>;
  private readonly selectAll: Database.Statement<[number, number]>;
  private readonly selectHead: Database.Statement<[], { position: number | null }>;
  private readonly commitBatch: Database.Transaction<
    (batch: PendingAppend[]) => Array<AppendResult[] | Error>
  >;

  constructor(
    readonly fileName: string,
    options: SqliteEventStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.db = new Database(fileName);
    refuseOtherApplication(this.db, fileName);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma('busy_timeout = 10000');
    migrate(this.db, this.now);
    this.seal = options.seal ?? true;
    this.sealReads = new SqliteSealReads(this.db);

    // The stream's revision and hash come from the (stream, revision) index inside the append's
    // own transaction: one page fewer to write per commit than a separate table of streams.
    this.selectLast = this.db.prepare(
      'SELECT revision, hash FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1',
    );
    this.selectSealHead = this.db.prepare('SELECT position, chain FROM seal_head WHERE id = 1');
    this.updateSealHead = this.db.prepare(
      'INSERT INTO seal_head (id, position, chain) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position, chain = excluded.chain',
    );
    this.insertEvent = this.db.prepare(
      'INSERT INTO events (position, event_id, stream, revision, type, data, metadata, recorded_at, hash, chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.selectById = this.db.prepare('SELECT stream, revision FROM events WHERE event_id = ?');
    this.selectStreamIds = this.db.prepare(
      'SELECT event_id, revision, position FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?',
    );
    const columns = 'position, event_id, stream, revision, type, data, metadata, recorded_at';
    this.selectForwards = this.db
      .prepare(
        `SELECT ${columns} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      )
      .raw();
    // A constant LIMIT plans faster than a bound one: a quarter of a short stream's load.
    this.selectForwardsPage = this.db
      .prepare(
        `SELECT ${columns} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ${PAGE}`,
      )
      .raw();
    this.selectBackwards = this.db
      .prepare(
        `SELECT ${columns} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
      )
      .raw();
    this.selectAll = this.db
      .prepare(`SELECT ${columns} FROM events WHERE position > ? ORDER BY position LIMIT ?`)
      .raw();
    this.selectHead = this.db.prepare('SELECT max(position) AS position FROM events');

    const applyOne = this.db.transaction((append: StreamAppend, recordedAt: number) =>
      this.apply(append, recordedAt),
    );
    const applyChecked = (append: StreamAppend, recordedAt: number): AppendResult => {
      try {
        return applyOne(append, recordedAt); // a nested transaction: its own savepoint
      } catch (error) {
        if (error instanceof RetryFound) return error.result;
        throw error;
      }
    };
    // Both parts of a linked append share one more savepoint: a failing second part undoes the first.
    const applyLinked = this.db.transaction(
      (append: PendingAppend, recordedAt: number): AppendResult[] => {
        const first = applyChecked(append, recordedAt);
        return [first, applyChecked(append.second!(first), recordedAt)];
      },
    );
    this.commitBatch = this.db.transaction((batch: PendingAppend[]) => {
      const recordedAt = this.now();
      const outcomes = batch.map((append) => {
        try {
          return append.second
            ? applyLinked(append, recordedAt)
            : [applyChecked(append, recordedAt)];
        } catch (error) {
          return error instanceof Error ? error : new Error(String(error));
        }
      });
      if (outcomes.some((outcome) => !(outcome instanceof Error)))
        for (const work of this.withinAppends) work();
      return outcomes;
    });
  }

  duringAppend(work: () => void): void {
    this.withinAppends.push(work);
  }

  appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    { expectedRevision }: AppendOptions,
  ): Promise<AppendResult> {
    return new Promise((resolve, reject) =>
      this.enqueue({
        streamName,
        events,
        expectedRevision,
        resolve: (results) => resolve(results[0]!),
        reject,
      }),
    );
  }

  appendLinked(
    first: StreamAppend,
    then: (first: AppendResult) => StreamAppend,
  ): Promise<[AppendResult, AppendResult]> {
    return new Promise((resolve, reject) =>
      this.enqueue({
        ...first,
        second: then,
        resolve: (results) => resolve(results as [AppendResult, AppendResult]),
        reject,
      }),
    );
  }

  private enqueue(append: PendingAppend): void {
    this.pending.push(append);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  async *readStream(
    streamName: string,
    options: ReadStreamOptions = {},
  ): AsyncGenerator<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    let from =
      options.fromRevision === undefined
        ? backwards
          ? Number.MAX_SAFE_INTEGER
          : 0
        : Number(options.fromRevision);
    while (remaining > 0) {
      const limit = Math.min(PAGE, remaining);
      const rows = (backwards ? this.selectBackwards : this.selectForwards).all(
        streamName,
        from,
        limit,
      ) as Row[];
      for (const row of rows) yield toRecorded(row);
      if (rows.length < limit) return;
      remaining -= rows.length;
      if (backwards) from = rows[rows.length - 1]![3] - 1;
      else from = rows[rows.length - 1]![3] + 1;
    }
  }

  /** Up to `maxCount` events of a stream from `fromRevision` on, at once: rehydration folds them without a promise per event. */
  readStreamPage(streamName: string, fromRevision: bigint, maxCount: number): RecordedEvent[] {
    const rows =
      maxCount === PAGE
        ? this.selectForwardsPage.all(streamName, Number(fromRevision))
        : this.selectForwards.all(streamName, Number(fromRevision), maxCount);
    return (rows as Row[]).map(toRecorded);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncGenerator<RecordedEvent> {
    let after = options.fromPosition === undefined ? 0 : Number(options.fromPosition) - 1;
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const limit = Math.min(PAGE, remaining);
      const rows = this.selectAll.all(after, limit) as Row[];
      for (const row of rows) yield toRecorded(row);
      if (rows.length < limit) return;
      remaining -= rows.length;
      after = Number(rows[rows.length - 1]![0]);
    }
  }

  /** Pages of raw rows in global order: the fastest way to replay, used by projections and the benchmark. */
  readPageAfter(after: bigint | undefined, maxCount: number): RecordedEvent[] {
    return (this.selectAll.all(after === undefined ? 0 : Number(after), maxCount) as Row[]).map(
      toRecorded,
    );
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
  ): Promise<readonly SealedRow[]> => this.sealReads.after(after, maxCount);
  readSealedStream = async (streamName: string): Promise<readonly SealedRow[]> =>
    this.sealReads.stream(streamName);

  async close(): Promise<void> {
    if (this.pending.length > 0) this.flush();
    this.signal.notify();
    if (this.db.open) this.db.close();
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
    }
    let appended = false as boolean; // set in the callback below
    outcomes.forEach((outcome, i) => {
      if (outcome instanceof Error) batch[i]!.reject(outcome);
      else {
        appended = true;
        batch[i]!.resolve(outcome);
      }
    });
    if (appended) this.signal.notify();
  }

  /** One append inside the open transaction. Throws (rolling back its savepoint) when it must not happen. */
  private apply(
    { streamName, events, expectedRevision: expected }: StreamAppend,
    recordedAt: number,
  ): AppendResult {
    const last = this.selectLast.get(streamName);
    const actual = last === undefined ? NO_STREAM_REVISION : BigInt(last.revision);
    if (!expectationHolds(expected, actual)) {
      const retry = this.findRetry(streamName, events, expected);
      if (retry) return retry;
      throw new WrongExpectedRevision(streamName, expected, actual);
    }
    if (events.length === 0) {
      const head = this.selectHead.get()!.position;
      return { nextExpectedRevision: actual, position: BigInt(head ?? 0) };
    }
    let revision = Number(actual);
    // The chains continue from what is stored, read in this transaction: an append by another
    // process, or an earlier one of this group commit, is already there.
    const head = this.seal ? this.selectSealHead.get() : undefined;
    let position = head ? head.position : (this.selectHead.get()!.position ?? 0);
    let hash = last?.hash ?? GENESIS; // an event stored before sealing: its stream chains on from GENESIS
    let chain = head?.chain ?? GENESIS;
    for (const event of events) {
      revision += 1;
      position = position + 1;
      const data = JSON.stringify(event.data);
      const metadata = JSON.stringify(event.metadata);
      if (this.seal) {
        hash = streamHash(hash, {
          id: event.id,
          streamName,
          revision: BigInt(revision),
          type: event.type,
          data,
          metadata,
        });
        chain = chainHash(chain, BigInt(position), hash);
      }
      try {
        this.insertEvent.run(
          position,
          event.id,
          streamName,
          revision,
          event.type,
          data,
          metadata,
          recordedAt,
          this.seal ? hash : null,
          this.seal ? chain : null,
        );
      } catch (error) {
        if (isUniqueEventId(error)) {
          const retry = this.findRetry(streamName, events, expected);
          if (retry) throw new RetryFound(retry);
          throw new EventIdConflict(event.id, streamName);
        }
        throw error;
      }
    }
    if (this.seal) this.updateSealHead.run(position, chain);
    return { nextExpectedRevision: BigInt(revision), position: BigInt(position) };
  }

  private findRetry(
    streamName: string,
    events: readonly EventToAppend[],
    expected: AppendOptions['expectedRevision'],
  ): AppendResult | undefined {
    const first = events[0] && this.selectById.get(events[0].id);
    if (first?.stream !== streamName || !retryMatches(expected, BigInt(first.revision)))
      return undefined;
    const stored = this.selectStreamIds.all(streamName, first.revision, events.length);
    if (stored.length !== events.length || stored.some((row, i) => row.event_id !== events[i]!.id))
      return undefined;
    const last = stored[stored.length - 1]!;
    return {
      nextExpectedRevision: BigInt(last.revision),
      position: BigInt(last.position),
      alreadyStored: true,
    };
  }
}

/** Carries an idempotent result out of a savepoint that must still be rolled back. */
class RetryFound extends Error {
  constructor(readonly result: AppendResult) {
    super('append already stored');
  }
}

function isUniqueEventId(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    error.message.includes('events.event_id')
  );
}

function toRecorded(row: Row): RecordedEvent {
  return {
    position: BigInt(row[0]),
    id: row[1],
    streamName: row[2],
    revision: BigInt(row[3]),
    type: row[4],
    data: JSON.parse(row[5]) as RecordedEvent['data'], // stored by append() from JSON
    metadata: JSON.parse(row[6]) as RecordedEvent['metadata'],
    recordedAt: new Date(row[7]),
  };
}
