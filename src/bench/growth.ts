import { Callstream } from '../callstream.js';
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
   * As many calls again with CONCURRENT_CALLERS callers (fewer when there are fewer calls),
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
 * W5: W1's ten commands per call through the public Callstream API with inline projections
 * (the embedded and CLI default), into stores that already hold `size` calls of history.
 * The history is bulk-written by the deciders (generateCalls) and projected once, untimed;
 * then `calls` new calls run their lifecycle, timed. Cost per command must not grow with history.
 */
export async function w5Growth(
  file: string,
  size: number,
  calls: number,
  onProgress?: (text: string) => void,
): Promise<GrowthPoint> {
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
  });
  try {
    const one = await timed(() => runLifecycle(callstream, calls, 1, size));
    // The store is a proxy over the SQLite store (privacy): its connection shows through.
    const walOwner = callstream.store as unknown as WalOwner;
    const wal = await countingWalPages(walOwner, file, () =>
      runLifecycle(callstream, WAL_CALLS, 1, size + calls),
    );
    // The WAL held for counting is emptied first: the next round must not pay for its pages.
    truncateWal(walOwner.db);
    const concurrentFrom = size + calls + WAL_CALLS;
    const many = await timed(() =>
      runLifecycle(callstream, calls, CONCURRENT_CALLERS, concurrentFrom),
    );
    return {
      callsInStore: size,
      historyEvents,
      commands: one.latencies.length,
      seconds: round(one.seconds, 3),
      commandsPerSecond: one.commandsPerSecond,
      latencyMs: latencyFigures(one.latencies),
      cpuMsPerCommand: one.cpuMsPerCommand,
      sqliteStatementsPerCommand: one.sqliteStatementsPerCommand,
      walPagesPerCommand: round(wal.pages / wal.result.length, 1),
      walPagesByTree: [...wal.byTree]
        .map(([tree, pages]) => ({ tree, perCommand: round(pages / wal.result.length, 2) }))
        .sort((a, b) => b.perCommand - a.perCommand),
      concurrent: {
        callers: Math.min(calls, CONCURRENT_CALLERS),
        callsInStore: concurrentFrom,
        commands: many.latencies.length,
        commandsPerSecond: many.commandsPerSecond,
        cpuMsPerCommand: many.cpuMsPerCommand,
        sqliteStatementsPerCommand: many.sqliteStatementsPerCommand,
      },
    };
  } finally {
    await callstream.close();
    removeDatabase(file);
  }
}

/** One timed round: its commands' latencies, wall time, process CPU and SQLite statements per command. */
async function timed(work: () => Promise<number[]>) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const { result: latencies, statements } = await countingStatements(work);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    latencies,
    seconds,
    commandsPerSecond: round(latencies.length / seconds, 0),
    cpuMsPerCommand: round((used.user + used.system) / 1000 / latencies.length, 3),
    sqliteStatementsPerCommand: round(statements / latencies.length, 1),
  };
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
