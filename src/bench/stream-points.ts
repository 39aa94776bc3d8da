import { median, round } from './stats.js';

/** A command's cost on a stream already holding `events` of its kind (W6, W7). */
export interface StreamPoint {
  readonly events: number;
  /** CPU per command with the stream's state cached, as an embedding process runs (ms, median of the rounds). */
  readonly warmMs: number;
  /** CPU of the first command after opening the store, as every CLI command runs: the stream loaded from its start (ms, median). */
  readonly coldMs: number;
}

/** Points at each size, and how the largest compares with the smallest. */
export interface StreamGrowth {
  readonly points: readonly StreamPoint[];
  /** Warm CPU on the longest stream over the shortest: the median of the rounds' ratios. */
  readonly growth: number;
  /** The rounds' lowest and highest ratio: the noise the median stands in. */
  readonly growthRange: readonly [number, number];
}

/** One size's store, its stream already holding `events`. */
export interface SizedStream {
  readonly events: number;
  /** One round's warm slice: `RunsOfStreams.commands` commands in a row on the stream already loaded. */
  readonly warm: () => Promise<void>;
  /** Closes the store and opens it again: nothing cached. */
  readonly reopen: () => Promise<void>;
  /** One command, timed after each reopening. */
  readonly cold: () => Promise<void>;
}

export interface RunsOfStreams {
  readonly rounds: number;
  /** Commands in each warm slice. */
  readonly commands: number;
  readonly coldRuns: number;
}

/**
 * Each size in a store of its own, the stores taking turns: every round times a warm slice
 * of each, so a noisy neighbour in one minute weighs on every size alike, and the growth is
 * the median of each round's ratio (one slice timed per size minutes apart once gave × 0.54
 * to × 1.56 on the same build). The cold runs take turns too. `streams` from the shortest.
 */
export async function streamPoints(
  streams: readonly SizedStream[],
  runs: RunsOfStreams,
): Promise<StreamGrowth> {
  const warm = streams.map((): number[] => []);
  const ratios: number[] = [];
  for (let r = 0; r < runs.rounds; r++) {
    const slice = [];
    for (const stream of streams) slice.push(cpuMs(await timedCpu(stream.warm)) / runs.commands);
    slice.forEach((ms, i) => warm[i]!.push(ms));
    ratios.push(slice.at(-1)! / slice[0]!);
  }
  const cold = streams.map((): number[] => []);
  for (let run = 0; run < runs.coldRuns; run++)
    for (const [i, stream] of streams.entries()) {
      await stream.reopen();
      cold[i]!.push(cpuMs(await timedCpu(stream.cold)));
    }
  ratios.sort((a, b) => a - b);
  return {
    points: streams.map((stream, i) => ({
      events: stream.events,
      warmMs: round(median(warm[i]!), 3),
      coldMs: round(median(cold[i]!), 2),
    })),
    growth: round(median(ratios)),
    growthRange: [round(ratios[0]!), round(ratios.at(-1)!)],
  };
}

async function timedCpu(work: () => Promise<void>): Promise<NodeJS.CpuUsage> {
  const before = process.cpuUsage();
  await work();
  return process.cpuUsage(before);
}

const cpuMs = (used: NodeJS.CpuUsage): number => (used.user + used.system) / 1000;
