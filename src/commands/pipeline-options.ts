import type { MasterData, ServiceLevelVersion } from '../domain/index.js';
import type { EventStore } from '../store/port.js';
import type { OpenCallIndex } from './decision-context.js';

/** What a command pipeline is built with: its store, clock and the sources its decisions read. */
export interface PipelineOptions {
  readonly store: EventStore;
  /** The only clock: stamps commands that arrive without `at`. */
  readonly clock?: () => Date;
  /** The rules calls count by when nobody published any (default: callstream's built-in 24×7 rules). */
  readonly serviceLevels?: ServiceLevelVersion;
  readonly openCalls?: OpenCallIndex;
  /** Attempts on a revision conflict before giving up (default 16; domain refusals are never retried). */
  readonly maxAttempts?: number;
  /** Runs after every successful append with its position: the hook for inline projections. */
  readonly afterAppend?: (position: bigint) => Promise<void>;
  /** How many aggregates' states stay cached between commands (default 10,000). */
  readonly cacheSize?: number;
  /**
   * How far ahead of the clock a command, or a process's instant, may be dated (default: no
   * limit, for simulations; the CLI sets 15 minutes). Once recorded, a later `at` would leave
   * its call, meter or agenda refusing every change until then as out of order.
   */
  readonly maxAheadOfClockMs?: number;
  /**
   * Where customers, contracts and equipment come from (B5). With it, every customer call
   * is validated (B1–B4) and blocks stop a call's progress; without it, none is.
   */
  readonly masterData?: MasterData;
  /**
   * Set when `masterData` is another system's (an ERP, B5): customers and contracts are kept
   * there, and a command that would record them here, where nothing reads them, is refused.
   */
  readonly masterDataKeptElsewhere?: boolean;
}
