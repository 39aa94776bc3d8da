import { copyFileSync } from 'node:fs';
import type { ProjectionMode } from '../callstream-options.js';
import { truncateWal } from '../store/sqlite-wal-truncate.js';
import { closeGrowthStore, lifecycle, openGrowthStore } from './growth.js';
import { recording, replay, type Recorded } from './statement-replay.js';
import { median, round } from './stats.js';
import type { WalOwner } from './wal-pages.js';
import { removeDatabase } from './workloads.js';

/**
 * W5's SQLite floor: what SQLite alone costs for the statements W5's commands run. Every
 * statement (BEGIN, event rows, seal, read-model documents, reads, pragmas, COMMIT) is
 * recorded with its arguments on a store, then run again, in the same order with nothing in
 * between, on a copy of that store as it was before them (statement-replay.ts). No store
 * that runs these statements, a transaction per command as this one does, can run the
 * commands faster than their replay; nor, whatever it reads, faster than the replay of
 * their writes alone. Inline (the read models in each command's transaction) and manual
 * (the commands alone: what an asynchronous mode's commands write, its folds not counted).
 */
export interface FloorPoint {
  /** `inline`: the commands with their read models; `manual`: the commands alone. */
  readonly mode: FloorMode;
  readonly callers: number;
  readonly commands: number;
  readonly statementsPerCommand: number;
  /** Commands per second of the replayed statements alone. */
  readonly commandsPerSecond: number;
  /** Those over raw event-row commits at NORMAL: the most W5's ratio could be with these statements. */
  readonly ratio: number;
  /** Of those statements, the ones that write (transaction control included). */
  readonly writesPerCommand: number;
  /** Commands per second of the writes replayed alone: what these writes allow, whatever is read. */
  readonly writesAlonePerSecond: number;
  readonly writesAloneRatio: number;
}

export type FloorMode = Extract<ProjectionMode, 'inline' | 'manual'>;

/** Calls replayed untimed first: the copy's connection starts with SQLite's page cache empty. */
const WARM_CALLS = 10;
/** Replays of each kind, the median reported. */
const REPLAY_ROUNDS = 3;

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
      const writes = { warm: warm.filter((e) => e.writes), timed: timed.filter((e) => e.writes) };
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
