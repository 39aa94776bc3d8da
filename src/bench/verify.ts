import { join } from 'node:path';
import { verifyHistory } from '../audit/verify-history.js';
import { SqliteEventStore } from '../store/sqlite.js';
import { rawReadAndParse } from './raw.js';
import { round } from './stats.js';
import { removeDatabase, w1Lifecycle } from './workloads.js';

/**
 * The audit workloads:
 * - verify: the whole store checked (both chains, revisions, positions, strict decoding),
 *   beside the raw read + parse of the same file, best of `rounds` each, interleaved;
 * - sealing: W1 on SQLite FULL, one caller, with and without the seal (an option that only
 *   the benchmark uses), interleaved rounds, so the ratio shows what hashing costs an append.
 */
export async function verifyWorkload(file: string, rounds = 3) {
  let raw = 0;
  let verified = 0;
  let chainsOnly = 0;
  let events = 0;
  const run = async (decode: boolean): Promise<number> => {
    const store = new SqliteEventStore(file, { synchronous: 'NORMAL' });
    const started = performance.now();
    const report = await verifyHistory(store, { decode });
    const seconds = (performance.now() - started) / 1000;
    await store.close();
    if (!report.intact) throw new Error(`The benchmark store does not verify: ${report.breakCount} break(s)`);
    events = report.events;
    return report.events / seconds;
  };
  for (let i = 0; i < rounds; i++) {
    raw = Math.max(raw, rawReadAndParse(file).perSecond);
    verified = Math.max(verified, await run(true));
    chainsOnly = Math.max(chainsOnly, await run(false));
  }
  return {
    events,
    eventsPerSecond: round(verified, 0),
    rawReadAndParsePerSecond: round(raw, 0),
    ratio: round(verified / raw),
    /** Without the strict decoding of each event: what the chains, revisions and positions cost alone. */
    chainsOnlyEventsPerSecond: round(chainsOnly, 0),
    chainsOnlyRatio: round(chainsOnly / raw),
  };
}

export async function sealingOverhead(dir: string, calls: number, rounds = 2) {
  const best = { sealed: 0, unsealed: 0 };
  for (let i = 0; i < rounds; i++) {
    for (const seal of [false, true]) {
      const file = join(dir, `w1-seal-${seal}-${i}.db`);
      const store = new SqliteEventStore(file, { synchronous: 'FULL', seal });
      const result = await w1Lifecycle(store, calls, 1);
      await store.close();
      removeDatabase(file);
      const key = seal ? 'sealed' : 'unsealed';
      best[key] = Math.max(best[key], result.commandsPerSecond);
    }
  }
  return { calls, sealedCommandsPerSecond: round(best.sealed, 0), unsealedCommandsPerSecond: round(best.unsealed, 0), ratio: round(best.sealed / best.unsealed) };
}
