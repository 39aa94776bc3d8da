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
  // Wall rates, and CPU time per event (which other jobs on a shared machine move far less), best of the rounds.
  const best = {
    raw: 0,
    verified: 0,
    chainsOnly: 0,
    rawCpu: Infinity,
    verifiedCpu: Infinity,
    chainsOnlyCpu: Infinity,
  };
  let events = 0;
  let onWorker = false;
  const run = async (decode: boolean): Promise<{ rate: number; cpu: number }> => {
    const store = new SqliteEventStore(file, { synchronous: 'NORMAL' });
    const started = performance.now();
    const cpu = process.cpuUsage();
    const report = await verifyHistory(store, { decode });
    const used = process.cpuUsage(cpu);
    const seconds = (performance.now() - started) / 1000;
    await store.close();
    if (!report.intact)
      throw new Error(`The benchmark store does not verify: ${report.breakCount} break(s)`);
    events = report.events;
    if (report.workerFrom !== undefined) onWorker = true;
    return { rate: report.events / seconds, cpu: (used.user + used.system) / report.events };
  };
  for (let i = 0; i < rounds; i++) {
    const cpu = process.cpuUsage();
    const raw = rawReadAndParse(file);
    const used = process.cpuUsage(cpu);
    best.raw = Math.max(best.raw, raw.perSecond);
    best.rawCpu = Math.min(best.rawCpu, (used.user + used.system) / raw.rows);
    const verified = await run(true);
    best.verified = Math.max(best.verified, verified.rate);
    best.verifiedCpu = Math.min(best.verifiedCpu, verified.cpu);
    const chainsOnly = await run(false);
    best.chainsOnly = Math.max(best.chainsOnly, chainsOnly.rate);
    best.chainsOnlyCpu = Math.min(best.chainsOnlyCpu, chainsOnly.cpu);
  }
  return {
    events,
    /** Whether a round walked the later events on a worker thread (only on a large store with a core free). */
    onWorker,
    eventsPerSecond: round(best.verified, 0),
    rawReadAndParsePerSecond: round(best.raw, 0),
    ratio: round(best.verified / best.raw),
    /** Without the strict decoding of each event: what the chains, revisions and positions cost alone. */
    chainsOnlyEventsPerSecond: round(best.chainsOnly, 0),
    chainsOnlyRatio: round(best.chainsOnly / best.raw),
    /** CPU µs per event, and the ratios in CPU time (raw over verify: the same sense as the rates). */
    cpuMicrosPerEvent: {
      raw: round(best.rawCpu, 2),
      verify: round(best.verifiedCpu, 2),
      chainsOnly: round(best.chainsOnlyCpu, 2),
    },
    cpuRatio: round(best.rawCpu / best.verifiedCpu),
    chainsOnlyCpuRatio: round(best.rawCpu / best.chainsOnlyCpu),
  };
}

/**
 * W1 on SQLite FULL, one caller, with and without the seal (an option only the benchmark
 * uses): the ratio of commands per second, as the target is set. That rate is mostly the
 * sync's, whose time varies from round to round on a shared disk, so a first round of each
 * warms the code up uncounted, then interleaved rounds, best of each. CPU per command is
 * reported beside it: what the seal costs the process, which the sync's wait hides.
 */
export async function sealingOverhead(dir: string, calls: number, rounds = 3) {
  const best = { sealed: 0, unsealed: 0, sealedCpu: Infinity, unsealedCpu: Infinity };
  for (let i = -1; i < rounds; i++) {
    for (const seal of [false, true]) {
      const file = join(dir, `w1-seal-${seal}-${i}.db`);
      const store = new SqliteEventStore(file, { synchronous: 'FULL', seal });
      const cpu = process.cpuUsage();
      const result = await w1Lifecycle(store, calls, 1);
      const used = process.cpuUsage(cpu);
      await store.close();
      removeDatabase(file);
      if (i < 0) continue;
      const key = seal ? 'sealed' : 'unsealed';
      best[key] = Math.max(best[key], result.commandsPerSecond);
      best[`${key}Cpu`] = Math.min(best[`${key}Cpu`], (used.user + used.system) / result.commands);
    }
  }
  return {
    calls,
    sealedCommandsPerSecond: round(best.sealed, 0),
    unsealedCommandsPerSecond: round(best.unsealed, 0),
    ratio: round(best.sealed / best.unsealed),
    /** CPU µs per command, and unsealed over sealed (the same sense as the rates): what the hashing costs. */
    cpuMicrosPerCommand: { sealed: round(best.sealedCpu, 1), unsealed: round(best.unsealedCpu, 1) },
    cpuRatio: round(best.unsealedCpu / best.sealedCpu),
  };
}
