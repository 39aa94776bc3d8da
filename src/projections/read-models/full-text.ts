import type Database from 'better-sqlite3';
import type { Projection } from '../types.js';
import { queryPlan } from './sqlite-find.js';

/**
 * Searching documents by words (`ReadModelStore.search`). SQLite keeps the words of each
 * full-text collection in an FTS5 table of its own, whose rowid is the document's rowid in
 * rm_documents: a write replaces the document's row there in the same transaction, a delete
 * or a reset removes it. The memory store scans (searchScore).
 *
 * The indexed text must hold no personal value: an FTS index keeps its words in clear, out
 * of reach of the per-person sealing (PrivateReadModels refuses such a collection).
 */

/** At most this many words of a query count: a long description is a query too. */
const MAX_TERMS = 64;

/** The words of a text as both stores compare them: lower case, without diacritics, two characters or more. */
export function searchTerms(text: string): string[] {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= 2);
  return [...new Set(words)].slice(0, MAX_TERMS);
}

/** An FTS5 query matching any of the words, each quoted (no operator of the user's reaches FTS5). */
export const ftsQuery = (terms: readonly string[]): string =>
  terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(' OR ');

/** The memory store's relevance: how many of the query's words (or their plural) the text has. */
export function searchScore(terms: readonly string[], text: string): number {
  const words = new Set(searchTerms(text).map(singular));
  return terms.filter((term) => words.has(singular(term))).length;
}
const singular = (word: string): string =>
  word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word;

export interface SearchHit {
  readonly key: string;
  /** Higher is more relevant; comparable only within one answer. */
  readonly score: number;
}

const lowestRecentSql = (table: string): string =>
  `SELECT rowid FROM ${table} ORDER BY rowid DESC LIMIT 1 OFFSET ?`;

const tableName = (projection: string, collection: string): string =>
  `rm_fts_${projection}_${collection}`.replace(/[^A-Za-z0-9_]/g, '_');

/** The FTS5 tables of one SQLite read-model file. */
export class SqliteFullText {
  /** projection NUL collection → the field indexed, its table. */
  private readonly collections = new Map<string, { field: string; table: string }>();
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  ensure(projection: Projection): void {
    for (const [collection, definition] of Object.entries(projection.collections)) {
      if (!definition.fullText) continue;
      const table = tableName(projection.name, collection);
      this.db.exec(
        `CREATE VIRTUAL TABLE IF NOT EXISTS ${table} USING fts5(body, tokenize = 'porter unicode61 remove_diacritics 2')`,
      );
      this.collections.set(`${projection.name}\u0000${collection}`, {
        field: definition.fullText.field,
        table,
      });
    }
  }

  /** Whether a collection's writes must also go to an FTS table (known once ensured). */
  indexed(projection: string, collection: string): boolean {
    return this.collections.has(`${projection}\u0000${collection}`);
  }

  /** After the document's upsert: its words replace the old ones. Before its delete: `doc` null. */
  write(projection: string, collection: string, key: string, doc: Record<string, unknown> | null) {
    const target = this.collections.get(`${projection}\u0000${collection}`)!;
    const rowid = this.statement(
      'SELECT rowid FROM rm_documents WHERE projection = ? AND collection = ? AND key = ?',
    )
      .pluck()
      .get(projection, collection, key) as number | bigint | undefined;
    if (rowid === undefined) return;
    this.statement(`DELETE FROM ${target.table} WHERE rowid = ?`).run(rowid);
    const body = doc?.[target.field];
    if (typeof body === 'string' && body.length > 0)
      this.statement(`INSERT INTO ${target.table} (rowid, body) VALUES (?, ?)`).run(rowid, body);
  }

  /**
   * The keys whose text has any of the words, most relevant first (FTS5's bm25 rank); with
   * `recent`, among the last `recent` rows only. FTS5 ranks every row that has a word of
   * the query before it keeps the best: over ten years of documents, common words make a
   * search read them all. Its rowids are the documents' (given in the order they were first
   * written, kept by rewrites), so a lowest rowid bounds the work whatever the history.
   */
  search(
    projection: string,
    collection: string,
    text: string,
    limit: number,
    recent?: number,
  ): SearchHit[] {
    const read = this.searchSql(projection, collection, text, limit, recent);
    if (!read) return [];
    return (
      this.statement(read.sql).all(...read.values) as Array<{ key: string; rank: number }>
    ).map((row) => ({ key: row.key, score: -row.rank }));
  }

  /** The steps SQLite runs a search with (EXPLAIN QUERY PLAN; first the walk to the lowest recent rowid, if any), for the query-plan tests. */
  explain(projection: string, collection: string, text: string, recent?: number): string[] {
    const read = this.searchSql(projection, collection, text, 10, recent);
    if (!read) return [];
    const steps = (sql: string, values: readonly unknown[]) => queryPlan(this.db, sql, values);
    const table = this.collections.get(`${projection}\u0000${collection}`)!.table;
    return [
      ...(recent === undefined ? [] : steps(lowestRecentSql(table), [recent])),
      ...steps(read.sql, read.values),
    ];
  }

  private searchSql(
    projection: string,
    collection: string,
    text: string,
    limit: number,
    recent?: number,
  ) {
    const target = this.collections.get(`${projection}\u0000${collection}`);
    if (!target) throw new Error(`${projection}.${collection} has no full-text index`);
    const terms = searchTerms(text);
    if (terms.length === 0) return undefined;
    const lowest = recent === undefined ? 0 : this.lowestRecent(target.table, recent);
    return {
      // bm25 sorted by SQLite, not FTS5's ORDER BY rank: FTS5 ranks every match before it
      // applies the rowid bound (three times the work at 27,000 rows for 10,000 searched).
      // Only the best rows are joined to their documents, not every match.
      sql: `SELECT d.key AS key, f.rank AS rank FROM (SELECT rowid, bm25(${target.table}) AS rank FROM ${target.table} WHERE ${target.table} MATCH ? AND rowid >= ? ORDER BY rank, rowid DESC LIMIT ?) f JOIN rm_documents d ON d.rowid = f.rowid ORDER BY f.rank, f.rowid DESC`,
      values: [ftsQuery(terms), lowest, limit] as const,
    };
  }

  /** The rowid of the `recent`-th row from the last (0 when there are fewer): a walk back along the rowids. */
  private lowestRecent(table: string, recent: number): number | bigint {
    if (recent < 1) return Number.MAX_SAFE_INTEGER;
    const rowid = this.statement(lowestRecentSql(table))
      .pluck()
      .get(Math.floor(recent) - 1) as number | bigint | undefined;
    return rowid ?? 0;
  }

  /** Empties the FTS tables of a projection being rebuilt (also those a stored file has but this run did not ensure yet). */
  reset(projection: string): void {
    const prefix = tableName(projection, '');
    const tables = this.db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%' AND substr(name, 1, ?) = ?",
      )
      .pluck()
      .all(prefix.length, prefix) as string[];
    for (const table of tables) this.db.exec(`DELETE FROM ${table}`);
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }
}
