import type Database from 'better-sqlite3';
import { Codecs } from './codecs.js';
import {
  checkCheckpoints,
  type Checkpoint,
  type Document,
  type Filter,
  type FindOptions,
  type Projection,
  type ProjectionBatch,
  type SearchOptions,
  type ReadModelStore,
  type WalkOptions,
} from '../types.js';
import {
  chooseIndex,
  chooseWalkIndex,
  type CollectionIndex,
  type IndexChoice,
} from './index-choice.js';
import { declareIndexes, openReadModelFile, openSchema, optimize } from './sqlite-schema.js';
import {
  planCount,
  planFind,
  runFind,
  queryPlan,
  type FindPlan,
  type FindRow,
} from './sqlite-find.js';
import { searchWindow, SqliteFullText, type SearchHit } from './full-text.js';
import { SqliteCheckpoints } from './sqlite-checkpoints.js';
import { walkPages, WALK_PAGE } from './sqlite-walk.js';
import { IndexedDocumentWriter } from './indexed-fields.js';

/** A collection's declared indexes, and the writer that keeps the values they read apart. */
interface IndexedCollection {
  readonly indexes: readonly CollectionIndex[];
  readonly writer: IndexedDocumentWriter | undefined;
}
const UNINDEXED: IndexedCollection = { indexes: [], writer: undefined };

/** Commits between two refreshes of the planner's statistics: a long-running process keeps them fresh. */
const OPTIMIZE_EVERY = 10_000;

/**
 * Read models in SQLite: one table of JSON documents, with partial expression indexes on
 * the fields each collection declares. Commits are one transaction for documents and
 * checkpoints together: exactly-once effect, whatever crashes when.
 */
export class SqliteReadModelStore implements ReadModelStore {
  readonly db: Database.Database;
  private readonly ownsDb: boolean;
  private readonly checkpointRows: SqliteCheckpoints;
  private readonly upsertDocument: Database.Statement;
  private readonly deleteDocument: Database.Statement;
  private readonly selectDocument: Database.Statement<[string, string, string], { doc: string }>;
  private readonly selectAll: Database.Statement<
    [string, string, string, number],
    { key: string; doc: string }
  >;
  private readonly commitTx: Database.Transaction<(batches: readonly ProjectionBatch[]) => void>;
  private readonly finds = new Map<string, Database.Statement>();
  private readonly collections = new Map<string, IndexedCollection>();
  /** The shared connection's own synchronous level, restored after each commit; undefined when commits keep the connection's level. */
  private readonly syncLevel: number | undefined;
  private readonly codecs = new Codecs();
  private readonly fullText: SqliteFullText;
  private commits = 0;

  /** Opens a file (sharing it with the event store is fine: the tables do not meet) or uses an open connection. */
  constructor(fileOrDb: string | Database.Database) {
    this.ownsDb = typeof fileOrDb === 'string';
    this.db = typeof fileOrDb === 'string' ? openReadModelFile(fileOrDb) : fileOrDb;
    // 2 is FULL, 3 EXTRA: a level above NORMAL set by the owner of a shared connection.
    const level = Number(this.db.pragma('synchronous', { simple: true }));
    this.syncLevel = !this.ownsDb && level > 1 ? level : undefined;
    try {
      openSchema(this.db);
    } catch (error) {
      // A refused file (a newer layout) is not kept open.
      if (this.ownsDb) this.db.close();
      throw error;
    }
    this.fullText = new SqliteFullText(this.db);
    this.checkpointRows = new SqliteCheckpoints(this.db);
    this.upsertDocument = this.db.prepare(
      'INSERT INTO rm_documents (projection, collection, key, doc) VALUES (?, ?, ?, ?) ON CONFLICT (projection, collection, key) DO UPDATE SET doc = excluded.doc',
    );
    this.deleteDocument = this.db.prepare(
      'DELETE FROM rm_documents WHERE projection = ? AND collection = ? AND key = ?',
    );
    this.selectDocument = this.db.prepare(
      'SELECT doc FROM rm_documents WHERE projection = ? AND collection = ? AND key = ?',
    );
    this.selectAll = this.db.prepare(
      'SELECT key, doc FROM rm_documents WHERE projection = ? AND collection = ? AND key > ? ORDER BY key LIMIT ?',
    );
    this.commitTx = this.db.transaction(this.write);
  }

  /** The batches' documents and checkpoints, written inside a transaction the caller holds. */
  private readonly write = (batches: readonly ProjectionBatch[], checkpointsRead = false): void => {
    if (!checkpointsRead) {
      const stored = this.checkpointRows.all();
      checkCheckpoints(batches, (projection) => stored.get(projection));
    }
    for (const batch of batches) {
      for (const [collection, docs] of batch.writes) {
        const words = this.fullText.indexed(batch.projection, collection);
        for (const [key, doc] of docs) {
          if (doc === null) {
            if (words) this.fullText.write(batch.projection, collection, key, null);
            this.deleteDocument.run(batch.projection, collection, key);
          } else {
            const stored = this.codecs.stored(batch.projection, collection, doc);
            const json = JSON.stringify(stored);
            const { writer } = this.collection(batch.projection, collection);
            if (writer) writer.write(batch.projection, collection, key, stored, json);
            else this.upsertDocument.run(batch.projection, collection, key, json);
            if (words) this.fullText.write(batch.projection, collection, key, doc);
          }
        }
      }
    }
    this.checkpointRows.write(batches);
  };

  checkpoint(projection: string): Checkpoint | undefined {
    return this.checkpointRows.get(projection);
  }

  checkpoints(projections: readonly string[]): Array<Checkpoint | undefined> {
    const stored = this.checkpointRows.all();
    return projections.map((projection) => stored.get(projection));
  }

  snapshot<T>(read: () => T): T {
    if (this.db.inTransaction) return read();
    // DEFERRED: a read transaction, taken at the first query, never the write lock.
    return this.db.transaction(read).deferred();
  }

  commit(batches: readonly ProjectionBatch[]): void {
    if (++this.commits % OPTIMIZE_EVERY === 0) optimize(this.db);
    if (this.syncLevel === undefined) {
      // IMMEDIATE: the checkpoints are checked under the write lock another process would need to move them.
      this.commitTx.immediate(batches);
      return;
    }
    // On a connection shared with an event store at FULL: read models can be rebuilt from the
    // events and lose their checkpoint with their documents, so their commits skip the sync.
    // The next synced commit of the WAL makes them durable, in order.
    this.db.pragma('synchronous = NORMAL');
    try {
      this.commitTx.immediate(batches);
    } finally {
      this.db.pragma(`synchronous = ${this.syncLevel}`);
    }
  }

  /** `commit` as a savepoint of the transaction open on the shared connection (an append's): one commit, one sync, for both. */
  commitWithinTransaction(batches: readonly ProjectionBatch[], checkpointsRead = false): void {
    if (!this.db.inTransaction)
      throw new Error('commitWithinTransaction: no transaction is open on the connection');
    // No savepoint of its own: whatever fails here rolls the append back with it.
    this.write(batches, checkpointsRead);
  }

  get<T extends Document>(projection: string, collection: string, key: string): T | undefined {
    const row = this.selectDocument.get(projection, collection, key);
    return row ? this.codecs.decode<T>(projection, collection, row.doc) : undefined;
  }

  find<T extends Document>(
    projection: string,
    collection: string,
    filter: Filter = {},
    options: FindOptions = {},
  ): T[] {
    const { plan } = this.findPlan(projection, collection, filter, options);
    return this.rows(plan).map((row) => this.codecs.decode<T>(projection, collection, row.doc));
  }

  /** A find's plan on the index its shape chooses; `after`: a page of a filtered walk past that key. */
  private findPlan(
    projection: string,
    collection: string,
    filter: Filter,
    options: FindOptions,
    after?: string,
  ): { choice: IndexChoice; plan: FindPlan } {
    const choice = this.choose(projection, collection, filter, options);
    const { indexes } = this.collection(projection, collection);
    return {
      choice,
      plan: planFind(projection, collection, choice, filter, options, indexes, after),
    };
  }

  private rows(plan: FindPlan): FindRow[] {
    return runFind(plan, (read) => this.statement(read.sql).all(...read.values) as FindRow[]);
  }

  count(
    projection: string,
    collection: string,
    filter: Filter = {},
    options: { readonly upTo?: number } = {},
  ): number {
    const read = this.countRead(projection, collection, filter, options.upTo);
    return (this.statement(read.sql).get(...read.values) as { n: number }).n;
  }

  private countRead(projection: string, collection: string, filter: Filter, upTo?: number) {
    const choice = this.choose(projection, collection, filter, {});
    const { indexes } = this.collection(projection, collection);
    return planCount(projection, collection, choice, filter, indexes, upTo);
  }

  /** The steps SQLite runs a `count` with, from EXPLAIN QUERY PLAN. */
  explainCount(projection: string, collection: string, filter: Filter = {}): string[] {
    const read = this.countRead(projection, collection, filter);
    return queryPlan(this.db, read.sql, read.values);
  }

  /**
   * The steps SQLite runs a `find` with, from EXPLAIN QUERY PLAN: the query-plan tests read
   * them. `after`: a page of a filtered walk (`all`) past that key.
   */
  explainFind(
    projection: string,
    collection: string,
    filter: Filter = {},
    options: FindOptions = {},
    after?: string,
  ): { choice: IndexChoice; steps: string[] } {
    const { choice, plan } = this.findPlan(projection, collection, filter, options, after);
    const steps = plan.segments.flat().flatMap((read) => queryPlan(this.db, read.sql, read.values));
    return { choice, steps };
  }

  private choose(projection: string, collection: string, filter: Filter, options: FindOptions) {
    return chooseIndex(
      projection,
      collection,
      this.collection(projection, collection).indexes,
      filter,
      options,
    );
  }

  private collection(projection: string, collection: string): IndexedCollection {
    return this.collections.get(`${projection}\u0000${collection}`) ?? UNINDEXED;
  }

  private statement(sql: string): Database.Statement {
    let statement = this.finds.get(sql);
    if (!statement) this.finds.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  *all<T extends Document>(
    projection: string,
    collection: string,
    options: WalkOptions = {},
  ): Iterable<[string, T]> {
    // By the unique key index, or on the filter's index from the last key read.
    const { filter } = options;
    const page =
      filter === undefined || Object.keys(filter).length === 0
        ? (after: string) => this.selectAll.all(projection, collection, after, WALK_PAGE)
        : this.filteredPage(projection, collection, filter);
    yield* walkPages(page, (doc) => this.codecs.decode<T>(projection, collection, doc));
  }

  /** A page of the documents a filter matches, past a key, on the index a find would choose. */
  private filteredPage(projection: string, collection: string, filter: Filter) {
    const { indexes } = this.collection(projection, collection);
    const choice = chooseWalkIndex(projection, collection, indexes, filter);
    const page = { limit: WALK_PAGE };
    return (after: string): FindRow[] =>
      this.rows(planFind(projection, collection, choice, filter, page, indexes, after));
  }

  search(
    projection: string,
    collection: string,
    text: string,
    limit: number,
    options: SearchOptions = {},
  ): SearchHit[] {
    const window = this.searchWindow(projection, collection, options);
    return this.fullText.search(projection, collection, text, limit, options.recent, window);
  }

  private searchWindow(projection: string, collection: string, options: SearchOptions) {
    const choose = (find: FindOptions) => this.choose(projection, collection, {}, find);
    const { indexes } = this.collection(projection, collection);
    return searchWindow(projection, collection, indexes, choose, options);
  }

  /** A `search`'s steps (EXPLAIN QUERY PLAN): as of a value, its window's read; else the walk to the lowest recent rowid; the search. */
  explainSearch(
    projection: string,
    collection: string,
    text: string,
    options: SearchOptions = {},
  ): { window: string[]; walk: string[]; search: string[] } {
    const window = this.searchWindow(projection, collection, options);
    return {
      window: window?.read ? queryPlan(this.db, window.read.sql, window.read.values) : [],
      ...this.fullText.explain(projection, collection, text, options.recent, window),
    };
  }

  reset(projection: string): void {
    this.db.transaction(() => {
      this.fullText.reset(projection);
      this.db.prepare('DELETE FROM rm_documents WHERE projection = ?').run(projection);
      this.db.prepare('DELETE FROM rm_checkpoints WHERE projection = ?').run(projection);
    })();
  }

  ensureCollections(projection: Projection): void {
    this.codecs.register(projection);
    this.fullText.ensure(projection);
    for (const [collection, indexes] of declareIndexes(this.db, projection)) {
      this.collections.set(`${projection.name}\u0000${collection}`, {
        indexes,
        writer: indexes.length > 0 ? new IndexedDocumentWriter(this.db, indexes) : undefined,
      });
    }
  }

  close(): void {
    if (this.db.open) optimize(this.db);
    if (this.ownsDb && this.db.open) this.db.close();
  }
}
