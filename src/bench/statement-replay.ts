import Database from 'better-sqlite3';
import type { SqliteSynchronous } from '../store/sqlite-options.js';
import { WalCheckpoints } from '../store/sqlite-wal-checkpoints.js';
import { aroundStatements, type StatementMethod } from './statements.js';

/** A statement run as recorded, with what it did: a replay must do the same. */
export interface Recorded {
  readonly source: string;
  readonly method: StatementMethod;
  readonly args: readonly unknown[];
  /** It writes or controls a transaction: what a replay of the writes alone keeps. */
  readonly writes: boolean;
  threw?: boolean;
  /** Rows changed (`run`), returned (`get`, `all`) or taken from the iterator (`iterate`). */
  rows?: number;
  /** `iterate`: the iterator was run to its end (else the run never looked past `rows`). */
  ended?: boolean;
}

// SQLite calls these read-only (they write no page themselves), yet a transaction is made of them.
const TRANSACTION_CONTROL = /^\s*(BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b/i;
const PRAGMA_SETTING = /^\s*PRAGMA\b[^=]*=/i;

/**
 * The statements run on `db` while `work` runs (told how many so far), with their arguments
 * (copied: a caller may reuse an object) and what each did. A statement on another connection
 * is refused: a replay runs on one.
 */
export async function recording(
  db: Database.Database,
  work: (sofar: () => number) => Promise<unknown>,
): Promise<Recorded[]> {
  const log: Recorded[] = [];
  await aroundStatements(
    (statement, method, args, proceed) => {
      if (statement.database !== db)
        throw new Error(`the replay runs on one connection, not on ${statement.database.name}`);
      const { source, readonly } = statement;
      const writes = !readonly || TRANSACTION_CONTROL.test(source) || PRAGMA_SETTING.test(source);
      const entry: Recorded = { source, method, args: args.map(copied), writes };
      log.push(entry);
      let result: unknown;
      try {
        result = proceed();
      } catch (error) {
        entry.threw = true;
        throw error;
      }
      if (method === 'iterate') return counted(result as IterableIterator<unknown>, entry);
      entry.rows = rowCount(method, result);
      return result;
    },
    () => work(() => log.length),
  );
  return log;
}

function copied(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return Buffer.from(value);
  // An array binds its values in order, an object by name: each copied as what it is.
  if (Array.isArray(value)) return value.map(copied);
  if (typeof value === 'object' && value !== null) return { ...value };
  return value;
}

const rowCount = (method: Exclude<StatementMethod, 'iterate'>, result: unknown): number =>
  method === 'run'
    ? (result as Database.RunResult).changes
    : method === 'all'
      ? (result as unknown[]).length
      : result === undefined
        ? 0
        : 1;

/** The iterator, counting into `entry` the rows taken from it and whether it was run to its end. */
function counted(iterator: IterableIterator<unknown>, entry: Recorded): IterableIterator<unknown> {
  entry.rows = 0;
  entry.ended = false;
  const next = iterator.next.bind(iterator);
  iterator.next = () => {
    const step = next();
    if (step.done === true) entry.ended = true;
    else entry.rows! += 1;
    return step;
  };
  return iterator;
}

/**
 * Runs `warm` untimed, then `timed` timed, on the file at `file` (a copy of the recorded
 * store as it was before them), its WAL checkpointed on a thread as the store's is; returns
 * the timed seconds. Every statement is prepared before the clock starts. A statement that
 * does otherwise than when recorded (its row count, the end of its rows, a throw) stops the
 * replay: the copy would no longer be doing the recorded work.
 */
export async function replay(
  file: string,
  warm: readonly Recorded[],
  timed: readonly Recorded[],
  synchronous: SqliteSynchronous = 'NORMAL',
): Promise<number> {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('busy_timeout = 10000');
  const checkpoints = new WalCheckpoints(db, file, synchronous, true);
  const prepared = new Map<string, Database.Statement>();
  const statementsOf = (entries: readonly Recorded[]) =>
    entries.map((entry) => {
      let statement = prepared.get(entry.source);
      if (statement === undefined)
        prepared.set(entry.source, (statement = db.prepare(entry.source)));
      return statement;
    });
  try {
    run(warm, statementsOf(warm), checkpoints);
    const statements = statementsOf(timed);
    const started = performance.now();
    run(timed, statements, checkpoints);
    return (performance.now() - started) / 1000;
  } finally {
    await checkpoints.close();
    db.close();
  }
}

function run(
  entries: readonly Recorded[],
  statements: readonly Database.Statement[],
  checkpoints: WalCheckpoints,
): void {
  let immediate = false;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    step(entry, statements[i]!);
    // As the store does: its checkpoint thread counts the commits of appends (BEGIN IMMEDIATE).
    if (entry.source === 'BEGIN IMMEDIATE') immediate = true;
    else if (entry.source === 'COMMIT' && immediate) {
      immediate = false;
      checkpoints.committed();
    }
  }
}

function step(entry: Recorded, statement: Database.Statement): void {
  let rows: number;
  let ended: boolean | undefined;
  try {
    if (entry.method === 'iterate')
      ({ rows, ended } = taken(statement.iterate(...entry.args), entry));
    else rows = rowCount(entry.method, statement[entry.method](...entry.args));
  } catch (error) {
    if (entry.threw === true) return;
    throw new Error(`the replay of ${entry.source} threw where the command did not`, {
      cause: error,
    });
  }
  if (entry.threw === true)
    throw new Error(`the replay of ${entry.source} did not throw where the command did`);
  if (rows !== entry.rows || ended !== entry.ended)
    throw new Error(`the replay of ${entry.source} did otherwise than the command did`);
}

/** Takes as many rows as the recorded run took, and one look more when it ran to the end. */
function taken(
  iterator: IterableIterator<unknown>,
  entry: Recorded,
): { rows: number; ended: boolean } {
  const wanted = entry.rows ?? 0;
  let rows = 0;
  let ended = false;
  while (rows < wanted && !(ended = iterator.next().done === true)) rows++;
  if (!ended && entry.ended === true) ended = iterator.next().done === true;
  iterator.return?.();
  return { rows, ended };
}
