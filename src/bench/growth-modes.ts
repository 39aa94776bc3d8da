import type { ProjectionMode } from '../callstream-options.js';
import { closeGrowthStore, CONCURRENT_CALLERS, lifecycle, openGrowthStore } from './growth.js';
import { round } from './stats.js';

/** W5's commands in one projection mode, its read models' work included. */
export interface ModePoint {
  readonly mode: ProjectionMode;
  readonly callers: number;
  readonly commands: number;
  /** Commands over the wall time of the commands and of the catch-up that brings the read models to them. */
  readonly commandsPerSecond: number;
  readonly cpuMsPerCommand: number;
  /** Commands per second over raw event-row commits at NORMAL. */
  readonly ratio: number;
  /** The commands alone, before the read models were brought to them (the same as above inline). */
  readonly commandsAlonePerSecond: number;
}

const MODES: readonly ProjectionMode[] = ['inline', 'live', 'manual'];

/**
 * W5 by projection mode: what the one-caller ratio to raw commits could be were the read
 * models not folded in each command's transaction. The same calls in each mode, into stores
 * of `size` calls of history, with one caller and with CONCURRENT_CALLERS (fewer given fewer calls); `live` and
 * `manual` are timed until `catchUp()` has folded every command's events, so the read
 * models' work is counted in every mode (in `manual` it is done in one batch at the end:
 * the most an asynchronous mode could gain).
 */
export async function w5Modes(
  fileFor: (mode: ProjectionMode) => string,
  size: number,
  calls: number,
  rawNormalCommits: number,
  onProgress?: (text: string) => void,
): Promise<ModePoint[]> {
  const points: ModePoint[] = [];
  for (const mode of MODES) {
    const store = await openGrowthStore(fileFor(mode), size, onProgress, mode);
    try {
      for (const callers of [1, Math.min(CONCURRENT_CALLERS, calls)]) {
        onProgress?.(`W5 by mode: ${calls} calls, ${mode}, ${callers} caller(s) …`);
        const cpu = process.cpuUsage();
        const started = performance.now();
        const latencies = await lifecycle(store, calls, callers);
        const alone = (performance.now() - started) / 1000;
        if (mode !== 'inline') await store.callstream.catchUp();
        const seconds = (performance.now() - started) / 1000;
        const used = process.cpuUsage(cpu);
        const commands = latencies.length;
        points.push({
          mode,
          callers,
          commands,
          commandsPerSecond: round(commands / seconds, 0),
          cpuMsPerCommand: round((used.user + used.system) / 1000 / commands, 3),
          ratio: round(commands / seconds / rawNormalCommits),
          commandsAlonePerSecond: round(commands / alone, 0),
        });
      }
    } finally {
      await closeGrowthStore(store);
    }
  }
  return points;
}
