import { Callstream } from '../callstream.js';
import type { ProjectionMode } from '../callstream-options.js';
import type { ModePoint } from './growth-modes.js';
import type { FloorPoint } from './sqlite-floor.js';
import { SqliteEventStore } from '../store/sqlite.js';
import { truncateWal } from '../store/sqlite-wal-truncate.js';
import { generateCalls } from './generate.js';
import { runLifecycle } from './lifecycle.js';
import { percentile, round } from './stats.js';
import { countingStatements } from './statements.js';
import { countingWalPages, type WalOwner } from './wal-pages.js';
import { removeDatabase } from './workloads.js';

export interface GrowthPoint {
  /** Calls already in the store (generated history, every read model caught up) before the measured commands. */
  readonly callsInStore: number;
  readonly historyEvents: number;
  readonly commands: number;
  readonly seconds: number;
  readonly commandsPerSecond: number;
  /** Each command's wall time: the tail shows a command that waits (a checkpoint, a collection). */
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  /** Process CPU (user + system) per measured command. */
  readonly cpuMsPerCommand: number;
  /** SQLite statements run per measured command: the work per command, unmoved by the machine's noise. */
  readonly sqliteStatementsPerCommand: number;
  /** Pages written to the WAL per command, counted on WAL_CALLS more calls after the timed ones. */
  readonly walPagesPerCommand: number;
  /** Those pages by the table or index they belong to, most first: where a command's writes go. */
  readonly walPagesByTree: ReadonlyArray<{ readonly tree: string; readonly perCommand: number }>;
  /**
   * As many calls again with CONCURRENT_CALLERS callers (fewer when a round has fewer calls),
   * timed after the pages are counted, into the store as those rounds left it: group commits
   * with inline read models.
   */
  readonly concurrent: {
    readonly callers: number;
    readonly callsInStore: number;
    readonly commands: number;
    readonly commandsPerSecond: number;
    readonly cpuMsPerCommand: number;
    readonly sqliteStatementsPerCommand: number;
  };
}

/** Calls run after the timed ones to count the pages their commands write. */
const WAL_CALLS = 50;

/** Callers of W5's concurrent round: as many as W1's. */
export const CONCURRENT_CALLERS = 32;

/**
 * Rounds that each size's timed calls are split into, the sizes taking turns: a machine that
 * slows down or speeds up during the run then weighs on every size alike, not on the one
 * measured last (once × 1.83 from 1,000 to 100,000 calls measured one size after the other,
 * × 1.22 and × 1.24 in the two orders right after).
 */
const ROUNDS = 3;

/** A store of generated history, projected, open through Callstream; `next` numbers the next call. */
export interface GrowthStore {
  readonly size: number;
  readonly file: string;
  readonly callstream: Callstream;
  readonly historyEvents: number;
  next: number;
}

/** Bulk-writes `size` calls of history by the deciders (generateCalls) and opens the file, projecting it once, untimed. */
export async function openGrowthStore(
  file: string,
  size: number,
  onProgress?: (text: string) => void,
  projectionMode: ProjectionMode = 'inline',
): Promise<GrowthStore> {
  removeDatabase(file);
  const writer = new SqliteEventStore(file, { synchronous: 'NORMAL' });
  const historyEvents = await generateCalls(writer, size, (done) =>
    onProgress?.(`W5: history ${done}/${size} calls`),
  );
  await writer.close();
  onProgress?.(`W5: projecting ${size} calls of history …`);
  // Customer validation off: W1's calls name a customer the generated history never registered.
  const callstream = await Callstream.open({
    file,
    synchronous: 'NORMAL',
    customerValidation: false,
    projectionMode,
  });
  return { size, file, callstream, historyEvents, next: size };
}

export async function closeGrowthStore(store: GrowthStore): Promise<void> {
  await store.callstream.close();
  removeDatabase(store.file);
}

/** Runs `calls` more calls on a store with `callers` callers, the store's numbering moved on. */
export function lifecycle(store: GrowthStore, calls: number, callers: number): Promise<number[]> {
  const first = store.next;
  store.next += calls;
  return runLifecycle(store.callstream, calls, callers, first);
}

/** `calls` in ROUNDS parts as even as whole calls allow (at least one call each). */
function roundSizes(calls: number): number[] {
  const rounds = Math.max(1, Math.min(ROUNDS, calls));
  return Array.from(
    { length: rounds },
    (_, r) => Math.floor((calls * (r + 1)) / rounds) - Math.floor((calls * r) / rounds),
  );
}

/** Each store's calls in rounds, the stores taking turns; each store's rounds added up. */
async function inTurns(
  stores: readonly GrowthStore[],
  calls: number,
  callers: number,
): Promise<Timed[]> {
  const totals = stores.map(() => emptyTimed());
  for (const part of roundSizes(calls))
    for (const [i, store] of stores.entries())
      addTimed(totals[i]!, await timed(() => lifecycle(store, part, callers)));
  return totals;
}

/** Warms the process up on a store of its own (three identical rounds in one process: 1.13, 0.81, 0.71 ms per command), untimed. */
export async function w5WarmUp(
  file: string,
  size: number,
  calls: number,
  onProgress?: (text: string) => void,
): Promise<void> {
  const store = await openGrowthStore(file, size, onProgress);
  try {
    await lifecycle(store, calls, 1);
  } finally {
    await closeGrowthStore(store);
  }
}

/**
 * W5: W1's ten commands per call through the public Callstream API with inline projections
 * (the embedded and CLI default), into stores that already hold each of `sizes` calls of
 * history. `calls` new calls run their lifecycle in each store, one caller, timed (the stores
 * taking turns, see ROUNDS); WAL_CALLS more count the pages a command writes; then `calls`
 * more with CONCURRENT_CALLERS callers. Cost per command must not grow with history.
 */
export async function w5Growth(
  fileFor: (size: number) => string,
  sizes: readonly number[],
  calls: number,
  onProgress?: (text: string) => void,
): Promise<GrowthPoint[]> {
  const stores: GrowthStore[] = [];
  try {
    for (const size of sizes) stores.push(await openGrowthStore(fileFor(size), size, onProgress));
    onProgress?.(`W5: ${calls} calls into each store, one caller …`);
    const one = await inTurns(stores, calls, 1);
    const wal: Array<Awaited<ReturnType<typeof countingWalPages<number[]>>>> = [];
    for (const store of stores) {
      // The store is a proxy over the SQLite store (privacy): its connection shows through.
      const walOwner = store.callstream.store as unknown as WalOwner;
      wal.push(await countingWalPages(walOwner, store.file, () => lifecycle(store, WAL_CALLS, 1)));
      // The WAL held for counting is emptied: the next round must not pay for its pages.
      truncateWal(walOwner.db);
    }
    const concurrentFrom = stores.map((store) => store.next);
    // As many callers as a round has calls, up to CONCURRENT_CALLERS.
    const callers = Math.min(CONCURRENT_CALLERS, ...roundSizes(calls));
    onProgress?.(`W5: ${calls} calls into each store, ${callers} callers …`);
    const many = await inTurns(stores, calls, callers);
    return stores.map((store, i) => {
      const counted = wal[i]!;
      return {
        callsInStore: store.size,
        historyEvents: store.historyEvents,
        commands: one[i]!.latencies.length,
        seconds: round(one[i]!.seconds, 3),
        ...figures(one[i]!),
        latencyMs: latencyFigures(one[i]!.latencies),
        walPagesPerCommand: round(counted.pages / counted.result.length, 1),
        walPagesByTree: [...counted.byTree]
          .map(([tree, pages]) => ({ tree, perCommand: round(pages / counted.result.length, 2) }))
          .sort((a, b) => b.perCommand - a.perCommand),
        concurrent: {
          callers,
          callsInStore: concurrentFrom[i]!,
          commands: many[i]!.latencies.length,
          ...figures(many[i]!),
        },
      };
    });
  } finally {
    for (const store of stores) await closeGrowthStore(store);
  }
}

/** What timed rounds add up to: latencies, wall seconds, CPU microseconds and statements. */
interface Timed {
  readonly latencies: number[];
  seconds: number;
  cpuMicros: number;
  statements: number;
}

const emptyTimed = (): Timed => ({ latencies: [], seconds: 0, cpuMicros: 0, statements: 0 });

function addTimed(total: Timed, part: Timed): void {
  total.latencies.push(...part.latencies);
  total.seconds += part.seconds;
  total.cpuMicros += part.cpuMicros;
  total.statements += part.statements;
}

/** Commands per second, CPU and SQLite statements per command of what was timed. */
function figures({ latencies, seconds, cpuMicros, statements }: Timed) {
  return {
    commandsPerSecond: round(latencies.length / seconds, 0),
    cpuMsPerCommand: round(cpuMicros / 1000 / latencies.length, 3),
    sqliteStatementsPerCommand: round(statements / latencies.length, 1),
  };
}

/** One timed round: its commands' latencies, wall time, process CPU and SQLite statements. */
async function timed(work: () => Promise<number[]>): Promise<Timed> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const { result: latencies, statements } = await countingStatements(work);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { latencies, seconds, cpuMicros: used.user + used.system, statements };
}

function latencyFigures(latencies: readonly number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    p50: round(percentile(sorted, 50), 3),
    p99: round(percentile(sorted, 99), 3),
    max: round(sorted[sorted.length - 1] ?? 0, 3),
  };
}

/** W5 over its sizes: the growth of CPU per command (largest store over smallest) and the ratio to raw commits. */
export function growthSummary(points: readonly GrowthPoint[], rawNormalCommits: number) {
  const first = points[0]!;
  const last = points[points.length - 1]!;
  return {
    points,
    smallest: first.callsInStore,
    largest: last.callsInStore,
    growth: round(last.cpuMsPerCommand / first.cpuMsPerCommand),
    rawEventCommitsPerSecond: rawNormalCommits,
    ratio: round(first.commandsPerSecond / rawNormalCommits),
    /** The same ratio with CONCURRENT_CALLERS callers (their commands share commits). */
    concurrentRatio: round(first.concurrent.commandsPerSecond / rawNormalCommits),
    /** The growth of CPU per command with CONCURRENT_CALLERS callers, largest store over smallest. */
    concurrentGrowth: round(last.concurrent.cpuMsPerCommand / first.concurrent.cpuMsPerCommand),
  };
}
export type GrowthSummary = ReturnType<typeof growthSummary> & {
  /** See `ratioCeiling`: present when the same run measured the pipeline on the memory store. */
  readonly ratioCeiling?: number;
  /** See `ratioBounds` (growth-workload.ts): present when the run measured the pipeline and the floor. */
  readonly writesBound?: number;
  /** The same commands in each projection mode, at the smallest size (growth-modes.ts). */
  readonly modes?: readonly ModePoint[];
  /** SQLite alone doing what the commands made it do, at the smallest size (sqlite-floor.ts). */
  readonly sqliteFloor?: readonly FloorPoint[];
};

/**
 * The highest W5 ratio any inline-projection store could reach with one caller: a command
 * costs at least the pipeline's own CPU (W1 on the memory store, no I/O) plus one raw commit.
 * Projections, personal-data sealing, idempotency and every statement beyond that one commit
 * would have to cost nothing to reach it.
 */
export function ratioCeiling(pipelineCpuMicrosPerCommand: number, rawNormalCommits: number) {
  return round(1 / (1 + (pipelineCpuMicrosPerCommand / 1e6) * rawNormalCommits));
}
