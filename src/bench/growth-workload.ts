import { join } from 'node:path';
import {
  CONCURRENT_CALLERS,
  growthSummary,
  ratioCeiling,
  w5Growth,
  w5WarmUp,
  type GrowthSummary,
} from './growth.js';
import { w5Modes } from './growth-modes.js';
import { w5SqliteFloor } from './sqlite-floor.js';
import { round } from './stats.js';

/**
 * W5 at each size, with the growth (CPU per command, largest over smallest store) and the
 * ratio to raw commits; by projection mode and SQLite's floor at the smallest size.
 */
export async function growthWorkload(
  dir: string,
  sizes: readonly number[],
  calls: number,
  rawNormalCommits: number,
  say: (text: string) => void,
): Promise<GrowthSummary> {
  // One round untimed first, on a store of its own: the process keeps warming up over
  // thousands of commands, which the first round measured would otherwise carry alone.
  const smallest = Math.min(...sizes);
  say(`W5 growth: warming up on a store of ${smallest} calls …`);
  await w5WarmUp(join(dir, 'w5-warm-up.db'), smallest, calls, say);
  say(`W5 growth: ${calls} calls into stores of ${sizes.join(', ')} calls …`);
  const points = await w5Growth((size) => join(dir, `w5-${size}.db`), sizes, calls, say);
  const modes = await w5Modes(
    (mode) => join(dir, `w5-${mode}.db`),
    smallest,
    calls,
    rawNormalCommits,
    say,
  );
  const sqliteFloor = await w5SqliteFloor(
    join(dir, 'w5-floor.db'),
    smallest,
    calls,
    [
      { mode: 'inline', callers: [1, Math.min(CONCURRENT_CALLERS, calls)] },
      { mode: 'manual', callers: [1] },
    ],
    rawNormalCommits,
    say,
  );
  return { ...growthSummary(points, rawNormalCommits), modes, sqliteFloor };
}

/**
 * Estimates of the highest W5 ratio with one caller: the pipeline's own CPU per command (W1
 * on the memory store: no I/O, though that store's own work is in it; measured in its own
 * process) added to one raw commit per command (`ratioCeiling`), or to the replay of the
 * writes the commands run, alone (`writesBound`: with these writes and this pipeline).
 */
export function ratioBounds(pipelineCpuMicrosPerCommand: number, w5: GrowthSummary) {
  const raw = w5.rawEventCommitsPerSecond;
  const writes = w5.sqliteFloor?.find((point) => point.mode === 'inline' && point.callers === 1);
  return {
    ratioCeiling: ratioCeiling(pipelineCpuMicrosPerCommand, raw),
    ...(writes === undefined
      ? {}
      : {
          writesBound: round(
            1 / (raw * (pipelineCpuMicrosPerCommand / 1e6 + 1 / writes.writesAlonePerSecond)),
          ),
        }),
  };
}
