import type { DomainEvent, EventMetadata } from '../domain/index.js';
import type { SearchHit } from './read-models/full-text.js';

/** An event as projections see it: decoded, with where it sits in the store. */
export interface ProjectedEvent {
  readonly event: DomainEvent;
  readonly metadata: EventMetadata;
  readonly id: string;
  readonly streamName: string;
  readonly revision: bigint;
  readonly position: bigint;
}

/** A JSON document in a read model. Instants are ISO strings, so documents survive any store unchanged. */
export type Document = Record<string, unknown>;

export interface SearchOptions {
  /** Only among this many documents with words, those first written most lately. */
  readonly recent?: number;
  /**
   * The search as it stood at a value of a field (an instant): only documents whose `field`
   * is at most `value`, and `recent` counts back from the last of them (the one `find` gives
   * first ordered by `field`, descending, `until` the value), not from the latest written.
   * The field must lead an index of the collection.
   */
  readonly until?: { readonly field: string; readonly value: string | number };
}

/** The read model as one projection sees it while folding a batch. */
export interface Documents {
  get<T extends Document>(collection: string, key: string): T | undefined;
  put(collection: string, key: string, document: Document): void;
  /**
   * Puts a document made only when it is read or the batch commits: a fold that rewrites
   * the same document for many events of a batch pays for the last one only. `make` must
   * depend on nothing that changes later in the batch.
   */
  putLazy?(collection: string, key: string, make: () => Document): void;
  delete(collection: string, key: string): void;
}

/** Turns documents that hold non-JSON values (Dates) into JSON documents and back. */
export interface DocumentCodec {
  encode(document: Document): Document;
  decode(document: Document): Document;
}

/** An index: one top-level field, or several in order (a query fixing the first ones seeks on them, then reads in the next one's order). */
export type IndexDefinition = string | readonly string[];

export interface CollectionDefinition {
  /**
   * The indexes every query of this collection runs on: `find` picks one by the query's
   * shape and refuses a query none of them seeks on (UnindexedQuery). The document key is
   * the last field of every index, so ties come out in key order.
   */
  readonly indexes?: readonly IndexDefinition[];
  readonly codec?: DocumentCodec;
  /** The personal values its documents copy from events: kept sealed in the store (docs/privacy.md). */
  readonly privacy?: DocumentPrivacy;
  /**
   * A text field `search` finds documents by (SQLite: an FTS5 index). Its words are kept in
   * clear: it must hold no personal value (PrivateReadModels refuses a personal one).
   */
  readonly fullText?: { readonly field: string };
}

/**
 * Where a collection's documents hold personal values, and whose they are. A store that
 * seals personal data (read-models/private.ts) keeps each of them sealed under its data
 * subject's key and opens them when a document is read: forgetting the person makes them
 * read "[erased]" without rewriting the document.
 */
export interface DocumentPrivacy {
  readonly fields: readonly PersonalPath[];
  /**
   * Document keys are personal (a normalised e-mail address): stored as a keyed hash, so a
   * read by key still finds the document. The field named here holds the key in clear in
   * the document: stored without it, given back when read by key.
   */
  readonly hashedKeys?: { readonly field: string };
  /** Maps whose keys are made of personal values: stored under keyed hashes, keyed again by `keyOf` of the opened entry when read. */
  readonly hashedMaps?: ReadonlyArray<{
    readonly path: string;
    keyOf(entry: unknown): string | undefined;
  }>;
}

/** A personal value's place (dotted; `*` stands for any key of a map) and its data subject. */
export interface PersonalPath {
  readonly path: string;
  /** From the document's key and what each `*` stood for; undefined: not personal here (an account id). */
  subject(
    key: string,
    stars: readonly string[],
    parent: Readonly<Record<string, unknown>>,
  ): string | undefined;
}

/**
 * A projection is a pure fold over events into documents: given the same events in the
 * same order it writes the same documents, whatever store keeps them.
 */
export interface Projection {
  readonly name: string;
  /** Bump when the fold changes: the runner then rebuilds the read model from zero. */
  readonly version: number;
  readonly collections: Readonly<Record<string, CollectionDefinition>>;
  /** The event types the fold reads; others are skipped without decoding cost. */
  readonly eventTypes: ReadonlySet<string>;
  apply(event: ProjectedEvent, documents: Documents): void;
  /** Gathers, before a batch, what `apply` will need that events alone do not carry. */
  prefetch?(events: readonly ProjectedEvent[]): Promise<void>;
  /** The same at once, for a fold inside an append's transaction; without it, a projection with `prefetch` is folded after the append. */
  prefetchNow?(events: readonly ProjectedEvent[]): void;
  /** A fresh instance with empty caches, for an independent rebuild. */
  fork?(): Projection;
  /**
   * What forgetting a person needs of this read model. Undefined: it may hold personal
   * values in clear, so it is rebuilt after every ForgetPerson. `rebuildFor`: the subject
   * kinds whose forgetting still changes what it derived (an index keyed by their
   * values); for others it keeps nothing, or only values sealed by `privacy`.
   */
  readonly forgetting?: { readonly rebuildFor: readonly string[] };
}

export interface Checkpoint {
  readonly position: bigint;
  readonly version: number;
  /** The last event the projection folded, as it saw it (absent where none was recorded). */
  readonly anchor?: EventAnchor;
}

/**
 * An event as read models saw it: its position and id. Events never change, so the event
 * store must hold that id at that position; another history (another store, one restored
 * from an older backup and written to since) holds another, or none.
 */
export interface EventAnchor {
  readonly position: bigint;
  readonly id: string;
}

/** Writes of one projection for one batch: documents to put (or delete, when null) and its new checkpoint. */
export interface ProjectionBatch {
  readonly projection: string;
  readonly version: number;
  /**
   * The checkpoint the batch was folded on (undefined: none). The commit refuses the whole
   * batch with CheckpointMoved if the stored one differs: another runner on the same read
   * models got there first, and applying this batch would apply its events twice.
   */
  readonly from: bigint | undefined;
  readonly position: bigint;
  /** The last event the batch folded for this projection (absent: the stored one stays). */
  readonly anchor?: EventAnchor;
  readonly writes: ReadonlyMap<string, ReadonlyMap<string, Document | null>>;
}

/**
 * Fields and the value (or any of the values) each must have. Every store compares as SQLite
 * reads JSON: true and false equal 1 and 0, text never equals a number, a missing field is null.
 */
export type Filter = Readonly<
  Record<string, string | number | boolean | null | ReadonlyArray<string | number | boolean | null>>
>;

/**
 * Order of `find`: by the `orderBy` fields in turn (documents without the first one last; a
 * later one missing sorts as the lowest value, as SQLite orders NULL; numbers, booleans among
 * them as 1 and 0, before text), ties by key, all in the same direction; without `orderBy`, by key.
 */
export interface FindOptions extends ReadOptions {
  readonly orderBy?: string | readonly string[];
  readonly descending?: boolean;
  readonly limit?: number;
  /**
   * Only documents whose first `orderBy` field is at most this value (compared as SQLite
   * compares: numbers before text); documents without the field are left out. With
   * `descending` and a limit: the latest up to an instant, a seek on the index, however much
   * came after it (what was known then, not what is known now cut back).
   */
  readonly until?: string | number;
}

/** How `all` walks a collection: its documents matching `filter`, or every one. */
export interface WalkOptions extends ReadOptions {
  readonly filter?: Filter;
}

/** How documents are read. */
export interface ReadOptions {
  /**
   * `'withheld'`: the caller reads no personal value (a report, the numbers of open calls). A
   * store that seals them (PrivateReadModels) then leaves each sealed value unopened, reading
   * as WITHHELD, with no key looked up and nothing decrypted; a store holding them in clear
   * gives them as they are. Default `'open'`.
   */
  readonly personal?: 'open' | 'withheld';
}

/** Another runner moved a projection's checkpoint while this one folded a batch: nothing was written. */
export class CheckpointMoved extends Error {
  readonly code = 'CheckpointMoved';
  constructor(
    readonly projection: string,
    readonly expected: bigint | undefined,
    readonly actual: bigint | undefined,
  ) {
    super(
      `The checkpoint of projection ${projection} moved from ${expected ?? 'none'} to ${actual ?? 'none'} while a batch was folded`,
    );
    this.name = 'CheckpointMoved';
  }
}

/** The checkpoints of these projections, in their order: at once where the store can, else one by one. */
export function readCheckpoints(
  readModels: Pick<ReadModelStore, 'checkpoint' | 'checkpoints'>,
  projections: readonly string[],
): Array<Checkpoint | undefined> {
  return readModels.checkpoints?.(projections) ?? projections.map((p) => readModels.checkpoint(p));
}

/** Refuses batches folded on a checkpoint that is no longer the stored one. */
export function checkCheckpoints(
  batches: readonly ProjectionBatch[],
  stored: (projection: string) => Checkpoint | undefined,
): void {
  for (const batch of batches) {
    const actual = stored(batch.projection)?.position;
    if (actual !== batch.from) throw new CheckpointMoved(batch.projection, batch.from, actual);
  }
}

/**
 * Where read models and their checkpoints live. `commit` writes every batch's documents
 * and checkpoints atomically: a crash leaves either all of it or none of it. It refuses
 * the batches (CheckpointMoved, writing nothing) unless every stored checkpoint is still
 * the one its batch was folded on.
 */
export interface ReadModelStore {
  checkpoint(projection: string): Checkpoint | undefined;
  /** The checkpoints of these projections, in their order, read at once (an inline fold asks on every command). */
  checkpoints?(projections: readonly string[]): Array<Checkpoint | undefined>;
  commit(batches: readonly ProjectionBatch[]): void;
  /**
   * `commit` inside a transaction already open on the same database (an append's: read
   * models folded with the events they follow, one commit for both). Only a store that
   * shares its database with the event store has it. `checkpointsRead`: the caller read the
   * checkpoints in this same transaction and every batch starts at its projection's (the
   * inline fold does): they are not read again.
   */
  commitWithinTransaction?(batches: readonly ProjectionBatch[], checkpointsRead?: boolean): void;
  get<T extends Document>(
    projection: string,
    collection: string,
    key: string,
    options?: ReadOptions,
  ): T | undefined;
  find<T extends Document>(
    projection: string,
    collection: string,
    filter?: Filter,
    options?: FindOptions,
  ): T[];
  /**
   * How many documents `find` would give without a limit, counted on the same index; with
   * `upTo`, counting stops there (a list's "10,000+" without reading a decade of history).
   */
  count(
    projection: string,
    collection: string,
    filter?: Filter,
    options?: { readonly upTo?: number },
  ): number;
  /**
   * The keys of documents whose full-text field has any of the words of `text`, most
   * relevant first (SQLite: FTS5's bm25; memory: how many words match), at most `limit`;
   * with `recent`, only among the `recent` documents with words first written most lately
   * (a rewrite keeps a document's place): a search whose cost does not grow with the years.
   */
  search(
    projection: string,
    collection: string,
    text: string,
    limit: number,
    options?: SearchOptions,
  ): SearchHit[];
  /**
   * Every document of a collection, in key order, for comparisons, exports and reports; with
   * `filter`, every one `find` gives for it, on an index whose fields the filter fixes (so it
   * gives them in key order; refused, UnindexedQuery, where none does). Read a page at a time:
   * a walk over a decade of calls, or over a month of a large organisation, holds one page.
   */
  all<T extends Document>(
    projection: string,
    collection: string,
    options?: WalkOptions,
  ): Iterable<[string, T]>;
  /**
   * Runs `read`, which must not write, on one state of the read models: every query in it
   * sees the same commits, whatever another process writes meanwhile. On SQLite its queries
   * share one read transaction instead of opening one each (in WAL mode that is most of the
   * cost of a lookup by key); inside a transaction already open (an append's), that one.
   */
  snapshot<T>(read: () => T): T;
  /** Forget a projection's documents and checkpoint, so it can be rebuilt. */
  reset(projection: string): void;
  /** Prepares indexes and codecs of a projection's collections; called before it runs. */
  ensureCollections(projection: Projection): void;
  close(): void;
}
