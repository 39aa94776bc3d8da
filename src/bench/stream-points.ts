import { percentile, round } from './stats.js';

/** A command's cost on a stream already holding `events` of its kind (W6, W7). */
export interface StreamPoint {
  readonly events: number;
  /** CPU per command with the stream's state cached, as an embedding process runs (ms). */
  readonly warmMs: number;
  /** CPU of the first command after opening the store, as every CLI command runs: the stream loaded from its start (ms, median). */
  readonly coldMs: number;
}

export interface PointRuns {
  /** Runs `commands` commands in a row, on streams already loaded. */
  readonly warm: () => Promise<void>;
  readonly commands: number;
  /** Closes the store and opens it again: nothing cached. */
  readonly reopen: () => Promise<void>;
  /** One command, timed after each reopening. */
  readonly cold: () => Promise<void>;
  readonly coldRuns: number;
}

/** Warm: CPU per command over a run of them; cold: the median over `coldRuns` first commands after opening. */
export async function streamPoint(events: number, runs: PointRuns): Promise<StreamPoint> {
  const warmMs = cpuMs(await timedCpu(runs.warm)) / runs.commands;
  const cold: number[] = [];
  for (let run = 0; run < runs.coldRuns; run++) {
    await runs.reopen();
    cold.push(cpuMs(await timedCpu(runs.cold)));
  }
  cold.sort((a, b) => a - b);
  return { events, warmMs: round(warmMs, 3), coldMs: round(percentile(cold, 50), 2) };
}

/** Warm CPU on the longest stream over the shortest. */
export const warmGrowth = (points: readonly StreamPoint[]): number =>
  round(points.at(-1)!.warmMs / points[0]!.warmMs);

async function timedCpu(work: () => Promise<void>): Promise<NodeJS.CpuUsage> {
  const before = process.cpuUsage();
  await work();
  return process.cpuUsage(before);
}

const cpuMs = (used: NodeJS.CpuUsage): number => (used.user + used.system) / 1000;
