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
  applyOptions,
  atMost,
  compare,
  keyedInOrder,
  matches,
  rowLimit,
  windowFind,
} from './filter.js';
import { searchScore, searchTerms, type SearchHit } from './full-text.js';
import {
  chooseIndex,
  chooseWalkIndex,
  collectionIndexes,
  type CollectionIndex,
} from './index-choice.js';

interface Space {
  checkpoint?: Checkpoint;
  collections: Map<string, Map<string, string>>;
}

/** Read models in memory. Documents are kept as JSON text, like the SQLite store, so neither aliases. */
export class MemoryReadModelStore implements ReadModelStore {
  private readonly spaces = new Map<string, Space>();
  private readonly codecs = new Codecs();
  private readonly indexes = new Map<string, readonly CollectionIndex[]>();
  /** projection NUL collection → its full-text field. */
  private readonly fullText = new Map<string, string>();

  checkpoint(projection: string): Checkpoint | undefined {
    return this.spaces.get(projection)?.checkpoint;
  }

  commit(batches: readonly ProjectionBatch[]): void {
    checkCheckpoints(batches, (projection) => this.checkpoint(projection));
    // Serialise everything first: nothing is applied unless all of it can be.
    const prepared = batches.map((batch) => ({
      batch,
      writes: [...batch.writes].map(
        ([collection, docs]) =>
          [
            collection,
            [...docs].map(
              ([key, doc]) =>
                [
                  key,
                  doc === null ? null : this.codecs.encode(batch.projection, collection, doc),
                ] as const,
            ),
          ] as const,
      ),
    }));
    for (const { batch, writes } of prepared) {
      const space = this.space(batch.projection);
      for (const [collection, docs] of writes) {
        const target = this.collection(space, collection);
        for (const [key, json] of docs) {
          if (json === null) target.delete(key);
          else target.set(key, json);
        }
      }
      const anchor = batch.anchor ?? space.checkpoint?.anchor;
      space.checkpoint = {
        position: batch.position,
        version: batch.version,
        ...(anchor ? { anchor } : {}),
      };
    }
  }

  get<T extends Document>(projection: string, collection: string, key: string): T | undefined {
    const json = this.spaces.get(projection)?.collections.get(collection)?.get(key);
    return json === undefined ? undefined : this.codecs.decode<T>(projection, collection, json);
  }

  count(
    projection: string,
    collection: string,
    filter: Filter = {},
    options: { readonly upTo?: number } = {},
  ): number {
    const all = this.find(projection, collection, filter).length;
    return options.upTo === undefined ? all : Math.min(all, rowLimit(options.upTo, 'upTo'));
  }

  find<T extends Document>(
    projection: string,
    collection: string,
    filter: Filter = {},
    options: FindOptions = {},
  ): T[] {
    this.choose(projection, collection, filter, options);
    if (options.limit !== undefined) rowLimit(options.limit); // refused as SQLite refuses it, rows or none
    const docs = this.spaces.get(projection)?.collections.get(collection);
    if (!docs) return [];
    const found: Array<[string, T]> = [];
    for (const [key, json] of docs) {
      const doc = this.codecs.decode<T>(projection, collection, json);
      if (matches(doc, filter)) found.push([key, doc]);
    }
    return applyOptions(found, options);
  }

  /** Scanning is fine in memory; the choice only holds memory to the same rule as SQLite. */
  private choose(projection: string, collection: string, filter: Filter, options: FindOptions) {
    chooseIndex(projection, collection, this.indexesOf(projection, collection), filter, options);
  }

  private indexesOf(projection: string, collection: string): readonly CollectionIndex[] {
    return this.indexes.get(`${projection}\u0000${collection}`) ?? [];
  }

  /** One state already: nothing runs between the queries of a synchronous read. */
  snapshot<T>(read: () => T): T {
    return read();
  }

  /** A scan: every document's full-text field against the words. */
  search(
    projection: string,
    collection: string,
    text: string,
    limit: number,
    options: SearchOptions = {},
  ): SearchHit[] {
    const field = this.fullText.get(`${projection}\u0000${collection}`);
    if (field === undefined) throw new Error(`${projection}.${collection} has no full-text index`);
    const terms = searchTerms(text);
    const { recent, until } = options;
    // As of a value, the `recent` latest documents by its field, as a find gives them.
    const window = until && this.searchWindow(projection, collection, until, recent);
    // What SQLite's FTS table holds: the documents with words, in the order they were first
    // written (a Map keeps a rewritten key in its place, as a rowid stays).
    const texts: Array<[string, string]> = [];
    for (const [key, json] of this.spaces.get(projection)?.collections.get(collection) ?? []) {
      if (window && !window.has(key)) continue;
      const value = this.codecs.decode<Document>(projection, collection, json)[field];
      if (typeof value === 'string' && value.length > 0) texts.push([key, value]);
    }
    const searched =
      window || recent === undefined ? texts : recent < 1 ? [] : texts.slice(-Math.floor(recent));
    const hits: SearchHit[] = [];
    for (const [key, value] of searched) {
      const score = searchScore(terms, value);
      if (score > 0) hits.push({ key, score });
    }
    return hits
      .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .slice(0, limit);
  }

  /**
   * The keys of a search's window as of `until`: the documents whose field is at most its
   * value; with `recent`, only that many of them, the latest as `find` orders them (on an index).
   */
  private searchWindow(
    projection: string,
    collection: string,
    until: NonNullable<SearchOptions['until']>,
    recent: number | undefined,
  ): Set<string> {
    const docs =
      this.spaces.get(projection)?.collections.get(collection) ?? new Map<string, string>();
    const keyed = [...docs].map(
      ([key, json]) => [key, this.codecs.decode<Document>(projection, collection, json)] as const,
    );
    if (recent === undefined)
      return new Set(
        keyed.filter(([, doc]) => atMost(doc[until.field], until.value)).map(([key]) => key),
      );
    const options = windowFind(until, recent);
    this.choose(projection, collection, {}, options);
    return new Set(keyedInOrder(keyed, options).map(([key]) => key));
  }

  *all<T extends Document>(
    projection: string,
    collection: string,
    options: WalkOptions = {},
  ): Iterable<[string, T]> {
    const filter = options.filter ?? {};
    if (Object.keys(filter).length > 0)
      chooseWalkIndex(projection, collection, this.indexesOf(projection, collection), filter);
    const docs = this.spaces.get(projection)?.collections.get(collection);
    if (!docs) return;
    // In SQLite's order (code points), not UTF-16's: both stores walk alike.
    for (const key of [...docs.keys()].sort(compare)) {
      // Read as it stands when reached, as SQLite reads a page: one deleted meanwhile is gone.
      const stored = docs.get(key);
      if (stored === undefined) continue;
      const doc = this.codecs.decode<T>(projection, collection, stored);
      if (matches(doc, filter)) yield [key, doc];
    }
  }

  reset(projection: string): void {
    this.spaces.delete(projection);
  }

  ensureCollections(projection: Projection): void {
    this.codecs.register(projection);
    for (const [collection, definition] of Object.entries(projection.collections)) {
      if (definition.fullText)
        this.fullText.set(`${projection.name}\u0000${collection}`, definition.fullText.field);
      this.indexes.set(
        `${projection.name}\u0000${collection}`,
        collectionIndexes(projection.name, collection, definition),
      );
    }
  }

  close(): void {
    // Nothing to release: the documents live in this object's maps.
  }

  private space(projection: string): Space {
    let space = this.spaces.get(projection);
    if (!space) this.spaces.set(projection, (space = { collections: new Map() }));
    return space;
  }

  private collection(space: Space, name: string): Map<string, string> {
    let c = space.collections.get(name);
    if (!c) space.collections.set(name, (c = new Map<string, string>()));
    return c;
  }
}
