import type Database from 'better-sqlite3';
import type { FindOptions, Projection, SearchOptions } from '../types.js';
import { checkField, windowFind } from './filter.js';
import type { CollectionIndex, IndexChoice } from './index-choice.js';
import { fieldColumn } from './indexed-fields.js';
import { planFind, queryPlan, ROWIDS } from './sqlite-find.js';

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

/** A row of a search: the best matches of a stretch, each flagged whether it is within the window. */
interface SearchRow {
  readonly key: string;
  readonly rowid: number;
  readonly rank: number;
  readonly within: number;
}

export interface SearchHit {
  readonly key: string;
  /** Higher is more relevant; comparable only within one answer. */
  readonly score: number;
}

/**
 * How a search as of a value of a field (SearchOptions.until) reads its window: the documents
 * whose field is at most the value; with `read` (on the field's index, rowid and key of each,
 * latest first, `size` at most), only those.
 */
export interface SearchWindow {
  /** SQL reading the field from the document (fieldColumn). */
  readonly column: string;
  readonly value: string | number;
  readonly read?: { readonly sql: string; readonly values: readonly unknown[] };
  readonly size?: number;
}

/** How a search as of a value reads its window on SQLite: on the field's index alone, when `recent` bounds it. */
export function searchWindow(
  projection: string,
  collection: string,
  indexes: readonly CollectionIndex[],
  choose: (find: FindOptions) => IndexChoice,
  { until, recent }: SearchOptions,
): SearchWindow | undefined {
  if (until === undefined) return undefined;
  // Every document up to the value: each match's field is read, wherever it is kept.
  if (recent === undefined)
    return { column: fieldColumn(indexes, checkField(until.field)), value: until.value };
  const find = windowFind(until, recent);
  const choice = choose(find);
  return {
    column: fieldColumn(indexes, until.field, choice.index),
    value: until.value,
    read: planFind(projection, collection, choice, {}, find, indexes, undefined, ROWIDS)
      .segments[0]![0]!,
    size: find.limit!,
  };
}

/**
 * A window as the search takes it: the stretches of rowids that hold its documents (and
 * perhaps others written among them); a document is within when its field is at most the
 * value and, when the window holds only the latest of them, its (value, key) at least the
 * window's last.
 */
interface SearchBound {
  readonly stretches: ReadonlyArray<readonly [low: number, high: number]>;
  readonly column: string;
  readonly value: string | number;
  readonly lowest?: { readonly value: unknown; readonly key: string };
}

/** At most this many stretches of rowids are searched for one window: each FTS5 query costs a few milliseconds however few its rows. */
const MOST_STRETCHES = 4;
/** A gap wider than this share of the window's whole span of rowids ends a stretch. */
const WIDE_GAP = 1 / 8;

/**
 * The stretches of rowids a window's documents lie in. Documents are mostly written in the
 * order of their instants, but not all: a resolution recorded late, or planned work dated in
 * the past, sits among rowids written long after. One stretch from the lowest rowid to the
 * highest would then make FTS5 rank matches from most of the history; the widest gaps are
 * left out instead, the documents past them searched in stretches of their own.
 */
function rowidStretches(rowids: readonly number[]): Array<[number, number]> {
  // Sorted as numbers outside the JavaScript heap: a window is some thousand rowids, sorted for every search.
  const sorted = Float64Array.from(rowids).sort();
  const n = sorted.length;
  if (n === 0) return [];
  const wide = WIDE_GAP * (sorted[n - 1]! - sorted[0]!);
  const gapAt = (i: number) => sorted[i]! - sorted[i - 1]!;
  const cuts: number[] = [];
  for (let i = 1; i < n; i++) if (gapAt(i) > wide) cuts.push(i);
  const kept = cuts
    .sort((a, b) => gapAt(b) - gapAt(a))
    .slice(0, MOST_STRETCHES - 1)
    .sort((a, b) => a - b);
  const stretches: Array<[number, number]> = [];
  let start = 0;
  for (const cut of kept) {
    stretches.push([sorted[start]!, sorted[cut - 1]!]);
    start = cut;
  }
  stretches.push([sorted[start]!, sorted[n - 1]!]);
  return stretches;
}

/** The highest rowid a search reads, unbounded. */
const NO_BOUND = Number.MAX_SAFE_INTEGER;

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
   *
   * As of a value (`bound`), the rowids of its window bound the search the same way; the
   * best rows are then checked against the window as they are joined to their documents. A
   * document written among the window's but dated outside it is rare (recorded late), so
   * more rows are ranked only when such documents took places among the best.
   */
  search(
    projection: string,
    collection: string,
    text: string,
    limit: number,
    recent?: number,
    window?: SearchWindow,
  ): SearchHit[] {
    const bound = window && this.bound(window);
    if (bound === null) return [];
    // As of a value, a few more than asked: documents dated outside the window may be among them.
    for (let ranked = bound ? limit + Math.ceil(limit / 8) + 8 : limit; ; ranked *= 4) {
      const reads = this.searchSql(projection, collection, text, ranked, recent, bound);
      if (reads.length === 0) return [];
      let full = false;
      const rows: SearchRow[] = [];
      for (const read of reads) {
        const found = this.statement(read.sql).all(...read.values) as SearchRow[];
        full ||= found.length === ranked;
        rows.push(...found);
      }
      // bm25 ranks on the whole table's statistics: the stretches' ranks compare.
      if (reads.length > 1) rows.sort((a, b) => a.rank - b.rank || b.rowid - a.rowid);
      const hits = rows.filter((row) => row.within === 1).slice(0, limit);
      if (hits.length === limit || !full || limit === 0)
        return hits.map((row) => ({ key: row.key, score: -row.rank }));
    }
  }

  /** The steps SQLite runs a search with (EXPLAIN QUERY PLAN), for the query-plan tests: the walk to the lowest recent rowid, if any, then the search (of a window's first stretch). */
  explain(
    projection: string,
    collection: string,
    text: string,
    recent?: number,
    window?: SearchWindow,
  ): { walk: string[]; search: string[] } {
    const bound = (window && this.bound(window)) ?? undefined;
    const [read] = this.searchSql(projection, collection, text, 10, recent, bound);
    if (!read) return { walk: [], search: [] };
    const steps = (sql: string, values: readonly unknown[]) => queryPlan(this.db, sql, values);
    const table = this.collections.get(`${projection}\u0000${collection}`)!.table;
    return {
      walk: recent === undefined || bound ? [] : steps(lowestRecentSql(table), [recent]),
      search: steps(read.sql, read.values),
    };
  }

  /** The search's SELECTs, one per stretch of rowids: the `ranked` best rows of each, joined to their documents and flagged `within` the bound's window. */
  private searchSql(
    projection: string,
    collection: string,
    text: string,
    ranked: number,
    recent?: number,
    bound?: SearchBound,
  ): Array<{ sql: string; values: unknown[] }> {
    const target = this.collections.get(`${projection}\u0000${collection}`);
    if (!target) throw new Error(`${projection}.${collection} has no full-text index`);
    const terms = searchTerms(text);
    if (terms.length === 0) return [];
    const { table } = target;
    // As of a value, the stretches of its window; else the `recent` last rows.
    const stretches = bound
      ? bound.stretches
      : [[recent === undefined ? 0 : this.lowestRecent(table, recent), NO_BOUND] as const];
    const within = bound
      ? {
          sql: `${bound.column} <= ?${bound.lowest ? ` AND (${bound.column}, d.key) >= (?, ?)` : ''}`,
          values: [bound.value, ...(bound.lowest ? [bound.lowest.value, bound.lowest.key] : [])],
        }
      : { sql: '1', values: [] };
    // bm25 sorted by SQLite, not FTS5's ORDER BY rank: FTS5 ranks every match before it
    // applies the rowid bound (three times the work at 27,000 rows for 10,000 searched).
    // Only the best rows are joined to their documents, not every match.
    const sql = `SELECT d.key AS key, f.rowid AS rowid, f.rank AS rank, ${within.sql} AS within FROM (SELECT rowid, bm25(${table}) AS rank FROM ${table} WHERE ${table} MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rank, rowid DESC LIMIT ?) f JOIN rm_documents d ON d.rowid = f.rowid ORDER BY f.rank, f.rowid DESC`;
    return stretches.map(([low, high]) => ({
      sql,
      values: [...within.values, ftsQuery(terms), low, high, ranked],
    }));
  }

  /** A window's stretches of rowids and the bound of its field (null: no document is that early). */
  private bound(window: SearchWindow): SearchBound | null {
    const { column, value, read, size } = window;
    if (read === undefined) return { stretches: [[0, NO_BOUND]], column, value };
    const rowids = this.statement(`SELECT rowid FROM (${read.sql})`)
      .pluck()
      .all(...read.values) as number[];
    if (rowids.length === 0) return null;
    const bound = { stretches: rowidStretches(rowids), column, value };
    if (rowids.length < size!) return bound; // every document up to the value
    // The window's last document (one row read): its value and key bound the others.
    const lowest = this.statement(
      `SELECT ${column} AS value, key FROM rm_documents WHERE rowid = ?`,
    ).get(rowids[rowids.length - 1]) as { value: unknown; key: string };
    return { ...bound, lowest };
  }

  /** The rowid of the `recent`-th row from the last (0 when there are fewer): a walk back along the rowids. */
  private lowestRecent(table: string, recent: number): number {
    if (recent < 1) return NO_BOUND;
    const rowid = this.statement(lowestRecentSql(table))
      .pluck()
      .get(Math.floor(recent) - 1) as number | undefined;
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
