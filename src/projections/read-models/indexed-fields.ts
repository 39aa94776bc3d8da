import type Database from 'better-sqlite3';
import type { Document } from '../types.js';
import type { CollectionIndex } from './index-choice.js';

/**
 * A document's indexed values, kept in a column of their own (`fields`, a small JSON object)
 * that the collection's indexes are declared on. SQLite rewrites an expression index's entry
 * whenever a column its expression reads is set, even to the same value: indexed on `doc`,
 * every write of a call rewrote its five index entries (about a third of the pages each
 * command wrote to the WAL). A write that leaves the indexed values as they were now sets
 * `doc` alone and touches no index; only a change of an indexed value sets `fields`.
 */

/** The fields any index of a collection reads, sorted: the keys of its `fields` column. */
export function indexedFields(indexes: readonly CollectionIndex[]): readonly string[] {
  return [...new Set(indexes.flatMap((index) => index.fields))].sort();
}

/** SQL for the `fields` value of the document in `source`: its indexed values as SQLite reads them. */
export function fieldsOf(fields: readonly string[], source: string): string {
  // Field names are checked identifiers (filter.ts checkField): safe to inline.
  return `json_object(${fields.map((field) => `'${field}', json_extract(${source}, '$.${field}')`).join(', ')})`;
}

/** SQL reading one indexed field: from `fields` when an index covers it, else from the document. */
export function fieldColumn(indexed: ReadonlySet<string>, field: string): string {
  return `json_extract(${indexed.has(field) ? 'fields' : 'doc'}, '$.${field}')`;
}

/** Which fields each collection's `fields` column was filled with. */
export const INDEXED_FIELDS = `
CREATE TABLE IF NOT EXISTS rm_indexed_fields (
  projection TEXT NOT NULL,
  collection TEXT NOT NULL,
  fields     TEXT NOT NULL,
  PRIMARY KEY (projection, collection)
);`;

/**
 * Fills the `fields` column of a collection's documents when the fields its indexes read
 * changed (a new version of the projection, or a file written before the column existed),
 * once: the set they were filled for is recorded beside them. Run before its indexes are made.
 */
export function refreshIndexedFields(
  db: Database.Database,
  projection: string,
  collection: string,
  fields: readonly string[],
): void {
  const wanted = JSON.stringify(fields);
  const recorded = db
    .prepare('SELECT fields FROM rm_indexed_fields WHERE projection = ? AND collection = ?')
    .pluck()
    .get(projection, collection) as string | undefined;
  if (recorded === wanted) return;
  db.transaction(() => {
    db.prepare(
      `UPDATE rm_documents SET fields = ${fields.length > 0 ? fieldsOf(fields, 'doc') : 'NULL'} WHERE projection = ? AND collection = ?`,
    ).run(projection, collection);
    db.prepare(
      'INSERT INTO rm_indexed_fields (projection, collection, fields) VALUES (?, ?, ?) ON CONFLICT (projection, collection) DO UPDATE SET fields = excluded.fields',
    ).run(projection, collection, wanted);
  }).immediate();
}

/** Writes one collection's documents, setting `fields` only when an indexed value changed. */
export class IndexedDocumentWriter {
  private readonly upsertKeepingFields: Database.Statement<
    [string, string, string, string, string]
  >;
  private readonly updateWithFields: Database.Statement<[string, string, string, string, string]>;

  constructor(
    db: Database.Database,
    private readonly fields: readonly string[],
  ) {
    // A new document is inserted whole; an existing one takes the new `doc` only where its
    // indexed values are unchanged (no index entry is touched), else nothing happens here…
    this.upsertKeepingFields = db.prepare(
      'INSERT INTO rm_documents (projection, collection, key, doc, fields) VALUES (?, ?, ?, ?, ?) ON CONFLICT (projection, collection, key) DO UPDATE SET doc = excluded.doc WHERE fields IS excluded.fields',
    );
    // … and this statement sets both.
    this.updateWithFields = db.prepare(
      'UPDATE rm_documents SET doc = ?, fields = ? WHERE projection = ? AND collection = ? AND key = ?',
    );
  }

  /** `stored` is the value whose JSON text `doc` is: its indexed values are read from it, not parsed again. */
  write(projection: string, collection: string, key: string, stored: Document, doc: string): void {
    const indexed = Object.create(null) as Record<string, unknown>;
    for (const field of this.fields) indexed[field] = stored[field] ?? null;
    // The same JSON values as in `doc`: SQLite reads the same values from either.
    const fields = JSON.stringify(indexed);
    if (this.upsertKeepingFields.run(projection, collection, key, doc, fields).changes === 0)
      this.updateWithFields.run(doc, fields, projection, collection, key);
  }
}
