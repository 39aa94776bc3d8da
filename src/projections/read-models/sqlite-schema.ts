import Database from 'better-sqlite3';
import type { Projection } from '../types.js';
import { collectionIndexes, type CollectionIndex } from './index-choice.js';
import { fieldColumn, INDEXED_FIELDS, refreshIndexedFields } from './indexed-fields.js';
import { literal } from './sqlite-find.js';

// A rowid table, not WITHOUT ROWID: documents (about 1 KB) then sit in rows appended at the
// end and only the small key index takes random inserts. Clustered on random keys, every
// upsert split pages full of whole documents (several times slower to write).
const DOCUMENTS = `
CREATE TABLE IF NOT EXISTS rm_documents (
  projection TEXT NOT NULL,
  collection TEXT NOT NULL,
  key        TEXT NOT NULL,
  doc        TEXT NOT NULL,
  UNIQUE (projection, collection, key)
);`;

/** Files written before keep their documents: copied once into the rowid table, in one transaction. */
const MIGRATE_CLUSTERED = `
ALTER TABLE rm_documents RENAME TO rm_documents_clustered;
${DOCUMENTS}
INSERT INTO rm_documents (projection, collection, key, doc) SELECT projection, collection, key, doc FROM rm_documents_clustered;
DROP TABLE rm_documents_clustered;
`;

/**
 * The layout of the read-model tables: 1, indexes on `doc`; 2, one column of all indexed
 * values; 3, a column per index (indexed-fields.ts). An older callstream would write
 * documents without the values a newer layout's indexes read, so it is refused a newer file.
 */
const LAYOUT = 3;

const SCHEMA = `${DOCUMENTS}
CREATE TABLE IF NOT EXISTS rm_layout (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS rm_checkpoints (
  projection TEXT PRIMARY KEY,
  position   TEXT NOT NULL,
  version    INTEGER NOT NULL,
  anchor     TEXT
);
${INDEXED_FIELDS}
`;

/** A connection of its own to a file of read models. */
export function openReadModelFile(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 10000');
  // Read models take writes in bursts (a rebuild rewrites every document): checkpointing
  // every 10,000 pages rather than 1,000 copies hot index pages to the file far less often.
  db.pragma('wal_autocheckpoint = 10000');
  return db;
}

/** Refreshes the planner's statistics (`optimize` by default). */
export function optimize(db: Database.Database, pragma = 'optimize'): void {
  try {
    db.pragma(pragma);
  } catch {
    // A busy or read-only file keeps its statistics: they only guide, never decide, the finds.
  }
}

/** Creates the read-model tables, migrating a file written with the clustered table first. */
export function openSchema(db: Database.Database): void {
  // Before anything is created or migrated: a newer layout's file is left as it is.
  refuseNewerLayout(db);
  const clustered = () =>
    /WITHOUT\s+ROWID/i.test(
      (db
        .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'rm_documents'")
        .pluck()
        .get() as string | undefined) ?? '',
    );
  if (clustered()) db.transaction(() => clustered() && db.exec(MIGRATE_CLUSTERED)).immediate();
  db.exec(SCHEMA);
  addAnchors(db);
  recordLayout(db);
  // Each index's values get a column of their own as its collection is declared (indexed-fields.ts).
  // Fresh statistics for the rest of SQLite's choices (finds force their index anyway).
  db.pragma('analysis_limit = 1000');
  optimize(db, 'optimize = 0x10002');
}

/** The layout recorded in the file; null when none is (a new file, or one of layout 1 or 2). */
function recordedLayout(db: Database.Database): number | null {
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rm_layout'")
    .get();
  if (table === undefined) return null;
  return db.prepare('SELECT max(version) FROM rm_layout').pluck().get() as number | null;
}

function refuseNewerLayout(db: Database.Database): number | null {
  const version = recordedLayout(db);
  if (version !== null && version > LAYOUT)
    throw new Error(
      `The read models in this file were written by a newer callstream (layout ${version}, this one knows ${LAYOUT}): use that version, or rebuild the read models into a new file`,
    );
  return version;
}

/** Records this layout, which each collection is brought to as it is declared. */
function recordLayout(db: Database.Database): void {
  if (refuseNewerLayout(db) === LAYOUT) return;
  db.transaction(() => {
    if (refuseNewerLayout(db) === LAYOUT) return;
    db.exec('DELETE FROM rm_layout');
    db.prepare('INSERT INTO rm_layout (version) VALUES (?)').run(LAYOUT);
  }).immediate();
}

/**
 * Creates the indexes each collection of `projection` declares and drops those an earlier
 * version of it declared; gives each collection's indexes, for the finds to choose from.
 */
export function declareIndexes(
  db: Database.Database,
  projection: Projection,
): Array<[collection: string, indexes: readonly CollectionIndex[]]> {
  const declared = new Set<string>();
  const collections: Array<[string, readonly CollectionIndex[]]> = [];
  for (const [collection, definition] of Object.entries(projection.collections)) {
    const indexes = collectionIndexes(projection.name, collection, definition);
    collections.push([collection, indexes]);
    refreshIndexedFields(db, projection.name, collection, indexes);
    for (const index of indexes) {
      const { name, fields } = index;
      declared.add(name);
      // Projection and collection last, constant in the partial index: SQLite takes an index
      // on expressions as covering only when it holds the columns its WHERE names, so counts
      // and search windows read the index alone, never a document.
      const columns = [
        ...fields.map((field) => fieldColumn(indexes, field, index)),
        'key',
        'projection',
        'collection',
      ].join(', ');
      const sql = `CREATE INDEX ${name} ON rm_documents (${columns}) WHERE projection = ${literal(projection.name)} AND collection = ${literal(collection)}`;
      const existing = db
        .prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?")
        .pluck()
        .get(name);
      if (existing === sql) continue;
      // An index of this name on other expressions (on `doc`, before the `fields` column): made
      // again. IF (NOT) EXISTS: another process opening the file may do the same meanwhile.
      if (existing !== undefined) db.exec(`DROP INDEX IF EXISTS ${name}`);
      db.exec(sql.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS '));
    }
  }
  // Indexes an earlier version of the projection declared cost every write and serve no query.
  // Told by the projection their WHERE names, not by their names' prefix: `rm_a_` also begins
  // the indexes of a projection named `a_b`.
  const existing = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'rm_documents' AND instr(sql, ?) > 0",
    )
    .pluck()
    .all(` WHERE projection = ${literal(projection.name)} AND collection = `) as string[];
  for (const name of existing) if (!declared.has(name)) db.exec(`DROP INDEX IF EXISTS ${name}`);
  return collections;
}

/**
 * Gives a file written before anchors its column (see EventAnchor): its checkpoints carry
 * none until their next batch. A version without the column writes its checkpoints past an
 * anchor, which stays true of the event it names: it only checks less far.
 */
function addAnchors(db: Database.Database): void {
  const anchored = () =>
    db
      .prepare('SELECT name FROM pragma_table_info(?)')
      .pluck()
      .all('rm_checkpoints')
      .includes('anchor');
  // Looked at again under the write lock: two processes opening an old file add it once.
  if (!anchored())
    db.transaction(
      () => anchored() || db.exec('ALTER TABLE rm_checkpoints ADD COLUMN anchor TEXT'),
    ).immediate();
}
