import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import type { ProjectionMode } from '../callstream-options.js';
import { WalCheckpoints } from '../store/sqlite-wal-checkpoints.js';
import { truncateWal } from '../store/sqlite-wal-truncate.js';
import { closeGrowthStore, lifecycle, openGrowthStore } from './growth.js';
import { percentile, round } from './stats.js';
import { aroundStatements, type StatementRun } from './statements.js';
import type { WalOwner } from './wal-pages.js';
import { removeDatabase } from './workloads.js';

/** A statement run as recorded, with what it did: the replay must do the same. */
export interface Recorded extends StatementRun {
  threw?: boolean;
  /** Rows changed (`run`), rows returned (`get`, `all`) or rows taken from the iterator (`iterate`). */
  rows?: number;
}

/**
 * W5's SQLite floor: what SQLite alone costs for exactly what W5's commands make it do.
 * Every statement the commands run (BEGIN, event rows, seal, read-model documents, reads,
 * pragmas, COMMIT) is recorded with its arguments on a store, then run again, the same calls
 * in the same order with nothing in between, on a copy of that store as it was before them,
 * with its WAL checkpointed as the store's own is. The commands per second of that replay
 * bound any store that writes what these commands write: no JavaScript could make the
 * commands faster than their own statements. Inline (the read models in each command's
 * transaction) and manual (the commands alone: what an asynchronous mode's commands write).
 */
export interface FloorPoint {
  /** `inline`: the commands with their read models; `manual`: the commands alone. */
  readonly mode: FloorMode;
  readonly callers: number;
  readonly commands: number;
  readonly statementsPerCommand: number;
  /** Commands per second of the replayed statements alone. */
  readonly commandsPerSecond: number;
  /** Those over raw event-row commits at NORMAL: the most W5's ratio could be. */
  readonly ratio: number;
  /** Of those statements, the ones that write (transactions' included). */
  readonly writesPerCommand: number;
  /** Commands per second of the writes replayed alone: the bound for any store that writes these rows, whatever it reads. */
  readonly writesAlonePerSecond: number;
  readonly writesAloneRatio: number;
}

/** A statement that writes or ends a transaction: a reader's result is never needed by the replay. */
const writing = (entry: Recorded): boolean =>
  entry.method === 'run' || (entry.method === 'pragma' && entry.source.includes('='));

export type FloorMode = Extract<ProjectionMode, 'inline' | 'manual'>;

/** Calls replayed untimed first: the copy's connection starts with SQLite's page cache empty. */
const WARM_CALLS = 10;
/** Replays of each kind, the median reported. */
const REPLAY_ROUNDS = 3;

const median = (values: readonly number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

export async function w5SqliteFloor(
  file: string,
  size: number,
  calls: number,
  runs: ReadonlyArray<{ readonly mode: FloorMode; readonly callers: readonly number[] }>,
  rawNormalCommits: number,
  onProgress?: (text: string) => void,
): Promise<FloorPoint[]> {
  const points: FloorPoint[] = [];
  for (const { mode, callers } of runs)
    points.push(
      ...(await floorsIn(mode, file, size, calls, callers, rawNormalCommits, onProgress)),
    );
  return points;
}

/** The floor of the same calls with each number of callers, into one store in `mode`. */
async function floorsIn(
  mode: FloorMode,
  file: string,
  size: number,
  calls: number,
  callers: readonly number[],
  rawNormalCommits: number,
  onProgress?: (text: string) => void,
): Promise<FloorPoint[]> {
  const copy = `${file}.floor`;
  const scratch = `${file}.floor-replay`;
  const store = await openGrowthStore(file, size, onProgress, mode);
  const owner = store.callstream.store as unknown as WalOwner;
  const points: FloorPoint[] = [];
  try {
    for (const count of callers) {
      onProgress?.(`W5 SQLite floor: ${calls} calls, ${mode}, ${count} caller(s), recorded …`);
      snapshot(owner, file, copy);
      let commands = 0;
      let timedFrom = 0;
      // One recording: nothing the store runs between the two parts may escape it.
      const log = await recording(owner.db, async (sofar) => {
        await lifecycle(store, WARM_CALLS, 1);
        timedFrom = sofar();
        commands = (await lifecycle(store, calls, count)).length;
      });
      onProgress?.(`W5 SQLite floor: ${calls} calls, ${mode}, ${count} caller(s), replayed …`);
      const [warm, timed] = [log.slice(0, timedFrom), log.slice(timedFrom)];
      const writes = { warm: warm.filter(writing), timed: timed.filter(writing) };
      const rounds = { all: [] as number[], writes: [] as number[] };
      // Rounds taking turns, each on a fresh copy: a replay is a second or so, as noisy as one.
      for (let round = 0; round < REPLAY_ROUNDS; round++) {
        rounds.all.push(await replayOnCopy(copy, scratch, warm, timed));
        rounds.writes.push(await replayOnCopy(copy, scratch, writes.warm, writes.timed));
      }
      const seconds = median(rounds.all);
      const writeSeconds = median(rounds.writes);
      points.push({
        mode,
        callers: count,
        commands,
        statementsPerCommand: round(timed.length / commands, 1),
        commandsPerSecond: round(commands / seconds, 0),
        ratio: round(commands / seconds / rawNormalCommits),
        writesPerCommand: round(writes.timed.length / commands, 1),
        writesAlonePerSecond: round(commands / writeSeconds, 0),
        writesAloneRatio: round(commands / writeSeconds / rawNormalCommits),
      });
    }
  } finally {
    await closeGrowthStore(store);
    removeDatabase(copy);
    removeDatabase(scratch);
  }
  return points;
}

/** Copies the store's file as it is now: its WAL emptied into it first, no checkpoint running. */
function snapshot(owner: WalOwner, file: string, copy: string): void {
  const release = owner.holdWalCheckpoints();
  try {
    truncateWal(owner.db);
    removeDatabase(copy);
    copyFileSync(file, copy);
  } finally {
    release();
  }
}

/** The statements run on `db` while `work` runs (told how many so far), with what each did; another connection's are refused. */
export async function recording(
  db: Database.Database,
  work: (sofar: () => number) => Promise<unknown>,
): Promise<Recorded[]> {
  const log: Recorded[] = [];
  await aroundStatements(
    (run, proceed) => {
      if (run.database !== db)
        throw new Error(`the floor replays the store's connection alone, not ${run.database.name}`);
      const entry: Recorded = { ...run, args: [...run.args] };
      log.push(entry);
      try {
        const result = proceed();
        entry.rows = rowsOf(run.method, result, entry);
        return result;
      } catch (error) {
        entry.threw = true;
        throw error;
      }
    },
    () => work(() => log.length),
  );
  return log;
}

/** What a statement did, to hold the replay to; an iterator is counted as it is taken from. */
function rowsOf(method: Recorded['method'], result: unknown, entry: Recorded): number | undefined {
  if (method === 'run') return (result as Database.RunResult).changes;
  if (method === 'all') return (result as unknown[]).length;
  if (method === 'get') return result === undefined ? 0 : 1;
  if (method === 'iterate') {
    const iterator = result as Iterator<unknown>;
    const next = iterator.next.bind(iterator);
    iterator.next = () => {
      const step = next();
      if (step.done !== true) entry.rows = (entry.rows ?? 0) + 1;
      return step;
    };
    return 0;
  }
  return undefined;
}

/** Replays on a fresh copy of `original` at `scratch`, removed after. */
async function replayOnCopy(
  original: string,
  scratch: string,
  warm: Recorded[],
  timed: Recorded[],
): Promise<number> {
  removeDatabase(scratch);
  copyFileSync(original, scratch);
  try {
    return await replay(scratch, warm, timed);
  } finally {
    removeDatabase(scratch);
  }
}

/**
 * Runs `warm` untimed, then `log` timed, on the copy; returns the timed seconds. A statement
 * that does otherwise than it did when recorded (rows, a throw) stops the replay: the copy
 * would no longer be doing the commands' work.
 */
export async function replay(copy: string, warm: Recorded[], log: Recorded[]): Promise<number> {
  const db = new Database(copy);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 10000');
  const checkpoints = new WalCheckpoints(db, copy, 'NORMAL', true);
  const prepared = new Map<string, Database.Statement>();
  let immediate = false;
  const step = (entry: Recorded) => {
    let rows: number | undefined;
    try {
      if (entry.method === 'pragma') {
        db.pragma(...(entry.args as [string, Database.PragmaOptions?]));
        return;
      }
      let statement = prepared.get(entry.source);
      if (statement === undefined)
        prepared.set(entry.source, (statement = db.prepare(entry.source)));
      const args = entry.args as unknown[];
      if (entry.method === 'iterate') rows = taken(statement.iterate(...args), entry.rows ?? 0);
      else rows = rowsOf(entry.method, statement[entry.method](...args), entry);
    } catch (error) {
      if (entry.threw === true) return;
      throw new Error(`the replay of ${entry.source} threw where the command did not`, {
        cause: error,
      });
    }
    if (entry.threw === true || rows !== entry.rows)
      throw new Error(`the replay of ${entry.source} did otherwise than the command did`);
    if (entry.source === 'BEGIN IMMEDIATE') immediate = true;
    else if (entry.source === 'COMMIT' && immediate) {
      immediate = false;
      checkpoints.committed();
    }
  };
  try {
    warm.forEach(step);
    const started = performance.now();
    log.forEach(step);
    return (performance.now() - started) / 1000;
  } finally {
    await checkpoints.close();
    db.close();
  }
}

/** Takes `count` rows from an iterator, and no more, as the command did; then ends it. */
function taken(iterator: IterableIterator<unknown>, count: number): number {
  let rows = 0;
  while (rows < count && iterator.next().done !== true) rows++;
  iterator.return?.();
  return rows;
}
