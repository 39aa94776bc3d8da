/**
 * The event store port. It mirrors EventStoreDB's semantics one to one so that every
 * adapter (memory, SQLite, EventStoreDB) is a thin translation and nothing above this
 * file knows which one it talks to.
 *
 * Conventions shared by every adapter:
 * - A stream revision is the 0-based revision of its last event; a stream that does not
 *   exist has revision -1n (`NO_STREAM_REVISION`).
 * - A global position is a bigint that strictly increases in commit order and never
 *   changes once assigned. Its value is adapter-defined: treat it as opaque and only
 *   compare it, store it and hand it back.
 * - Event data and metadata are JSON values: a store never interprets them.
 * - Event ids make appends idempotent within a stream (a retried append is recognised).
 *   Every adapter judges an append in the same order: a retry (its events already stored,
 *   in order, where the expectation puts them) returns the original result; else a failed
 *   expectation is WrongExpectedRevision. The embedded stores then refuse any event id
 *   already stored, in this stream or another (EventIdConflict); EventStoreDB uses ids only
 *   to recognise retries.
 * - Before any of that, every adapter refuses an append that gives one event id to two of
 *   its events (EventIdConflict, `withinAppend`), and an expected revision that is not an
 *   `ExpectedRevision` (InvalidExpectedRevision, a TypeError); a plain JavaScript number
 *   that is a safe non-negative integer is taken as its bigint (see expectation.ts).
 */

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type JsonObject = Record<string, JsonValue>;

/**
 * What an append takes as data: JSON, or values JSON.stringify turns into JSON on the way in
 * (a Date becomes its ISO text, an undefined field is left out). Every store keeps, and
 * every read gives back, JSON (`JsonValue`).
 */
export type JsonInput =
  | string
  | number
  | boolean
  | null
  | Date
  | readonly JsonInput[]
  | { readonly [key: string]: JsonInput | undefined };

/**
 * The expectation an append is checked against, as EventStoreDB defines it. A caller without
 * types may give a safe non-negative integer number for a revision: every store takes it as
 * its bigint; any other value is refused (InvalidExpectedRevision) before anything is written.
 */
export type ExpectedRevision = bigint | 'no_stream' | 'stream_exists' | 'any';

export const NO_STREAM_REVISION = -1n;

/** An event on its way into the store. The id makes a retried append recognisable. */
export interface EventToAppend {
  readonly id: string;
  readonly type: string;
  readonly data: JsonInput;
  readonly metadata: JsonObject;
}

/** An event as the store recorded it. */
export interface RecordedEvent {
  readonly id: string;
  readonly type: string;
  readonly streamName: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly data: JsonValue;
  readonly metadata: JsonObject;
  readonly recordedAt: Date;
}

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the stream's last event after the append: the next expected revision. */
  readonly nextExpectedRevision: bigint;
  /** Global position of the last event appended (or of the original one on an idempotent retry). */
  readonly position: bigint;
  /**
   * True when the append was a retry of one already stored (nothing was written): the
   * embedded stores say so; EventStoreDB's reply cannot tell, so it never sets it.
   */
  readonly alreadyStored?: boolean;
}

export type ReadDirection = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** First revision to read (inclusive). Defaults to the start (forwards) or the end (backwards). */
  readonly fromRevision?: bigint;
  readonly direction?: ReadDirection;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** First position to read (inclusive, as EventStoreDB reads $all). Defaults to the start. */
  readonly fromPosition?: bigint;
  readonly maxCount?: number;
}

export interface SubscribeToAllOptions {
  /** Deliver only events after this position (exclusive, like a resumed checkpoint). */
  readonly afterPosition?: bigint;
  /** Only these event types (EventStoreDB applies this filter on the server). */
  readonly eventTypes?: readonly string[];
}

/**
 * A catch-up subscription: history first, then live appends, in global order, with no gaps
 * or duplicates. Iterate it; `close()` ends the iteration.
 */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

export interface EventStore {
  appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult>;
  readStream(streamName: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  subscribeToAll(options?: SubscribeToAllOptions): Subscription;
  /** Position of the last event in the store, or undefined when it is empty. */
  headPosition(): Promise<bigint | undefined>;
  close(): Promise<void>;
}

/** One stream's part of a linked append. */
export interface StreamAppend {
  readonly streamName: string;
  readonly events: readonly EventToAppend[];
  readonly expectedRevision: ExpectedRevision;
}

/**
 * Optional capability: appends to several streams in one transaction, the last decided from
 * the results of the first ones (a call logged with the number its allocation was given; a
 * visit moved from one week of an engineer's agenda to another, with the call's event). Each
 * part is judged as an append of its own (retry, expectation, event ids), in order; if any
 * fails, or `then` throws, none is written. A part with no events checks its expectation
 * only (a revision the decision read, guarded). `then` runs synchronously inside the
 * transaction and must not use the store. A store without it (EventStoreDB) is written part
 * after part by the pipeline (commands/append-decision.ts).
 */
export interface LinkedAppends {
  appendLinked(
    first: readonly StreamAppend[],
    then: (first: readonly AppendResult[]) => StreamAppend,
  ): Promise<[AppendResult[], AppendResult]>;
}

/**
 * Optional capability of the embedded stores: pages of events handed over at once, so a
 * replay or a rehydration folds them without a promise per event. Same order and contents
 * as readAll and readStream. Their positions are dense (1, 2, 3, …).
 */
export interface SynchronousReads {
  /** The page size the store reads best: a stream read in pages of this size takes its fastest path. */
  readonly pageSize: number;
  /**
   * Up to `maxCount` events after global position `after` (exclusive; undefined: from the
   * first). With `types`, only events of those types: the store passes the others over
   * without handing them out (a reader that wants a few types does not pay for the rest).
   */
  readPageAfter(
    after: bigint | undefined,
    maxCount: number,
    types?: ReadonlySet<string>,
  ): readonly RecordedEvent[];
  /** Up to `maxCount` events of a stream from `fromRevision` on, forwards. */
  readStreamPage(
    streamName: string,
    fromRevision: bigint,
    maxCount: number,
  ): readonly RecordedEvent[];
}

export function supportsSynchronousReads(
  store: EventStore,
): store is EventStore & SynchronousReads {
  const reads = store as Partial<SynchronousReads>;
  return typeof reads.readPageAfter === 'function' && typeof reads.readStreamPage === 'function';
}

/**
 * A store whose appends can carry other writes to the same database in their transaction:
 * `work` runs after every group of appends is written and before it commits, and an error
 * it throws rolls the appends back (they fail with it). `committed`, if given, runs once a
 * transaction in which `work` ran has committed, before its appends' promises settle. The
 * read models of an embedded store commit with the events they follow through it.
 */
export interface TransactionalAppends {
  duringAppend(work: () => void, committed?: () => void): void;
}

export function supportsTransactionalAppends(
  store: EventStore,
): store is EventStore & TransactionalAppends {
  return typeof (store as Partial<TransactionalAppends>).duringAppend === 'function';
}

/**
 * Optional capability of the embedded stores, which refuse an event id stored in any stream:
 * the stream an event id is stored in, if any. A command that writes other streams before its
 * own asks it first, so a command id already used elsewhere is refused before those writes.
 */
export interface EventIdLookup {
  streamOfEvent(eventId: string): Promise<string | undefined>;
}

export function supportsEventIdLookup(store: EventStore): store is EventStore & EventIdLookup {
  return typeof (store as Partial<EventIdLookup>).streamOfEvent === 'function';
}

export function supportsLinkedAppends(store: EventStore): store is EventStore & LinkedAppends {
  return typeof (store as Partial<LinkedAppends>).appendLinked === 'function';
}
