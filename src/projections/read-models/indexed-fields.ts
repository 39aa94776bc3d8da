import type Database from 'better-sqlite3';
import type { Document } from '../types.js';
import type { CollectionIndex } from './index-choice.js';

/**
 * A document's indexed values, kept apart from the document: SQLite rewrites an expression
 * index's entry whenever a column its expression reads is set, even to the same value.
 * Indexed on `doc`, every write of a call rewrote its five index entries; indexed on one
 * column of all the indexed values (`fields`, now left empty), every write that changed one
 * of them still rewrote all five. Now each index of a collection reads a column of its own
 * (`index0`, `index1`, … in the order the collection declares them), and a write sets only
 * the columns whose values changed: only the indexes whose entry moves are touched.
 */

/** The column holding the values the collection's index number `slot` reads. */
function slotColumn(slot: number): string {
  return `index${slot}`;
}

const SLOT_COLUMN = /^index\d+$/;

/**
 * SQL for a JSON object of `fields` of the document in `source`: the same text the writer
 * makes (`->` keeps JSON values as JSON, `true` as `true`), so that the first write of a
 * document filled here finds its values unchanged.
 */
function valuesOf(fields: readonly string[], source: string): string {
  // Field names are checked identifiers (filter.ts checkField): safe to inline.
  return `json_object(${fields.map((field) => `'${field}', ${source} -> '$.${field}'`).join(', ')})`;
}

/**
 * SQL reading one field of a collection's documents: from the column of `preferred` when
 * that index reads it (a find must name the very expression its forced index is made of),
 * else from any index's column that holds it, else from the document.
 */
export function fieldColumn(
  indexes: readonly CollectionIndex[],
  field: string,
  preferred?: CollectionIndex,
): string {
  const slot = preferred?.fields.includes(field)
    ? indexes.indexOf(preferred)
    : indexes.findIndex((index) => index.fields.includes(field));
  return `json_extract(${slot < 0 ? 'doc' : slotColumn(slot)}, '$.${field}')`;
}

/** Which indexes (their fields, in order) each collection's value columns were filled for. */
export const INDEXED_FIELDS = `
CREATE TABLE IF NOT EXISTS rm_indexed_fields (
  projection TEXT NOT NULL,
  collection TEXT NOT NULL,
  fields     TEXT NOT NULL,
  PRIMARY KEY (projection, collection)
);`;

/**
 * Fills a collection's value columns when its indexes changed (a new version of the
 * projection, or a file written before the columns existed), once: the indexes they were
 * filled for are recorded beside them. Run before the indexes are made.
 */
export function refreshIndexedFields(
  db: Database.Database,
  projection: string,
  collection: string,
  indexes: readonly CollectionIndex[],
): void {
  // Earlier files recorded the sorted field names alone: a list of lists never equals them.
  const wanted = JSON.stringify(indexes.map((index) => index.fields));
  const recorded = () =>
    db
      .prepare('SELECT fields FROM rm_indexed_fields WHERE projection = ? AND collection = ?')
      .pluck()
      .get(projection, collection) as string | undefined;
  if (recorded() === wanted) return;
  db.transaction(() => {
    // Another process opening the file may have filled them meanwhile.
    if (recorded() === wanted) return;
    const columns = documentColumns(db);
    const slots = columns.filter((name) => SLOT_COLUMN.test(name));
    for (let slot = slots.length; slot < indexes.length; slot++)
      db.exec(`ALTER TABLE rm_documents ADD COLUMN ${slotColumn(slot)} TEXT`);
    // `fields`, where files written before kept the values of all indexes together, is emptied.
    const sets = columns.includes('fields') ? ['fields = NULL'] : [];
    // Columns past this collection's indexes held an earlier version's values: emptied.
    for (let slot = 0; slot < Math.max(slots.length, indexes.length); slot++)
      sets.push(
        `${slotColumn(slot)} = ${slot < indexes.length ? valuesOf(indexes[slot]!.fields, 'doc') : 'NULL'}`,
      );
    if (sets.length > 0)
      db.prepare(
        `UPDATE rm_documents SET ${sets.join(', ')} WHERE projection = ? AND collection = ?`,
      ).run(projection, collection);
    db.prepare(
      'INSERT INTO rm_indexed_fields (projection, collection, fields) VALUES (?, ?, ?) ON CONFLICT (projection, collection) DO UPDATE SET fields = excluded.fields',
    ).run(projection, collection, wanted);
  }).immediate();
}

/** The columns of the documents' table, in order. */
function documentColumns(db: Database.Database): string[] {
  return db.prepare("SELECT name FROM pragma_table_info('rm_documents')").pluck().all() as string[];
}

/** The JSON text of a document's values of `fields`, as `doc` holds them. */
function valuesJson(fields: readonly string[], stored: Document): string {
  const values = Object.create(null) as Record<string, unknown>;
  for (const field of fields) values[field] = stored[field] ?? null;
  return JSON.stringify(values);
}

/** Writes one collection's documents, setting only the value columns whose values changed. */
export class IndexedDocumentWriter {
  private readonly upsertKeepingValues: Database.Statement;
  private readonly selectValues: Database.Statement<[string, string, string]>;
  /** The UPDATE for each set of changed columns met so far, by their slots joined. */
  private readonly updates = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly indexes: readonly CollectionIndex[],
  ) {
    const slots = indexes.map((_, slot) => slotColumn(slot));
    // A new document is inserted whole; an existing one takes the new `doc` only where its
    // indexed values are unchanged (no index entry is touched), else nothing happens here.
    const unchanged = slots.map((slot) => `${slot} IS excluded.${slot}`).join(' AND ');
    this.upsertKeepingValues = db.prepare(
      `INSERT INTO rm_documents (projection, collection, key, doc, ${slots.join(', ')}) VALUES (?, ?, ?, ?, ${slots.map(() => '?').join(', ')}) ON CONFLICT (projection, collection, key) DO UPDATE SET doc = excluded.doc WHERE ${unchanged}`,
    );
    this.selectValues = db
      .prepare(
        `SELECT ${slots.join(', ')} FROM rm_documents WHERE projection = ? AND collection = ? AND key = ?`,
      )
      .raw();
  }

  /** `stored` is the value whose JSON text `doc` is: its indexed values are read from it, not parsed again. */
  write(projection: string, collection: string, key: string, stored: Document, doc: string): void {
    const values = this.indexes.map((index) => valuesJson(index.fields, stored));
    if (this.upsertKeepingValues.run(projection, collection, key, doc, ...values).changes > 0)
      return;
    // Some indexed value changed: only the columns that hold one are set.
    const current = this.selectValues.get(projection, collection, key) as Array<string | null>;
    const changed: number[] = [];
    for (let slot = 0; slot < values.length; slot++)
      if (current[slot] !== values[slot]) changed.push(slot);
    this.update(changed).run(
      doc,
      ...changed.map((slot) => values[slot]),
      projection,
      collection,
      key,
    );
  }

  private update(slots: readonly number[]): Database.Statement {
    const name = slots.join(',');
    let statement = this.updates.get(name);
    if (statement === undefined) {
      const sets = ['doc = ?', ...slots.map((slot) => `${slotColumn(slot)} = ?`)];
      statement = this.db.prepare(
        `UPDATE rm_documents SET ${sets.join(', ')} WHERE projection = ? AND collection = ? AND key = ?`,
      );
      this.updates.set(name, statement);
    }
    return statement;
  }
}
