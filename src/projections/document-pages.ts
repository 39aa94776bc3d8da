import type Database from 'better-sqlite3';
import { PrivateReadModels } from './read-models/private.js';
import { SqliteReadModelStore } from './read-models/sqlite.js';
import type { Document, DocumentCodec, Projection, ReadModelStore } from './types.js';

/** Documents read per query when a collection is walked. */
export const PAGE_SIZE = 500;

/** One stored document: its key and the JSON text it is stored as (encoded by its collection's codec). */
export interface StoredDocument {
  readonly key: string;
  readonly json: string;
}

/**
 * Every document of a collection in key order, read a page at a time: a walk over a
 * million documents holds one page, never the collection. A SQLite read model is read by
 * key ranges on its (projection, collection, key) index and hands over the stored text
 * as is; another store is walked through `all`, its documents encoded again as stored.
 */
export function* documentPages(
  store: ReadModelStore,
  projection: Projection,
  collection: string,
  pageSize = PAGE_SIZE,
): Generator<StoredDocument[]> {
  if (store instanceof PrivateReadModels) {
    // Sealed documents compare opened: a value sealed twice differs in its bytes, not in what it reads.
    yield* openedPages(
      store,
      projection.name,
      collection,
      documentPages(store.inner, projection, collection, pageSize),
    );
    return;
  }
  if (store instanceof SqliteReadModelStore) {
    yield* sqliteDocumentPages(store.db, projection.name, collection, pageSize);
    return;
  }
  const codec = projection.collections[collection]?.codec;
  let rows: StoredDocument[] = [];
  for (const [key, doc] of store.all(projection.name, collection)) {
    rows.push({ key, json: JSON.stringify(codec ? codec.encode(doc) : doc) });
    if (rows.length === pageSize) {
      yield rows;
      rows = [];
    }
  }
  if (rows.length > 0) yield rows;
}

/** The pages of a collection in a SQLite read-model file, on any connection to it (a snapshot's too). */
export function* sqliteDocumentPages(
  db: Database.Database,
  projection: string,
  collection: string,
  pageSize = PAGE_SIZE,
): Generator<StoredDocument[]> {
  const page = db.prepare<[string, string, string, number], StoredDocument>(
    'SELECT key, doc AS json FROM rm_documents WHERE projection = ? AND collection = ? AND key > ? ORDER BY key LIMIT ?',
  );
  // '' sorts before every key (keys are never empty).
  for (let after = ''; ;) {
    const rows = page.all(projection, collection, after, pageSize);
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.key;
  }
}

/** The documents of a collection one by one, in key order, decoded as a query would return them. */
export function* documentsOf<T extends Document>(
  store: ReadModelStore,
  projection: Projection,
  collection: string,
): Generator<[string, T]> {
  const codec = projection.collections[collection]?.codec;
  for (const page of documentPages(store, projection, collection)) {
    for (const { key, json } of page) yield [key, decode(codec, json) as T];
  }
}

/** A stored document as its collection's codec reads it back. */
export function decode(codec: DocumentCodec | undefined, json: string): Document {
  const doc = JSON.parse(json) as Document;
  return codec ? codec.decode(doc) : doc;
}

/** Pages of sealed documents as reads give them: every personal value opened (or erased). */
export function* openedPages(
  store: PrivateReadModels,
  projection: string,
  collection: string,
  pages: Iterator<StoredDocument[]>,
): Generator<StoredDocument[]> {
  for (let page = pages.next(); !page.done; page = pages.next())
    yield page.value.map(({ key, json }) => ({
      key,
      json: store.openJson(projection, collection, key, json),
    }));
}
