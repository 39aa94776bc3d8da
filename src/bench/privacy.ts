import { join } from 'node:path';
import { defaultProjections } from '../callstream.js';
import { isPrivateStore, privateEventStore } from '../privacy/private-store.js';
import { PrivateReadModels } from '../projections/read-models/private.js';
import { SqliteKeyStore } from '../privacy/sqlite-key-store.js';
import { SqliteReadModelStore } from '../projections/read-models/sqlite.js';
import { ProjectionRunner } from '../projections/runner.js';
import { SqliteEventStore } from '../store/sqlite.js';
import { round } from './stats.js';
import { removeDatabase, w1Lifecycle } from './workloads.js';

/** The store as a callstream opens it: personal values sealed per person (keys in the file), or not. */
function open(file: string, sealed: boolean, synchronous: 'FULL' | 'NORMAL') {
  const store = new SqliteEventStore(file, { synchronous });
  return sealed ? privateEventStore(store, new SqliteKeyStore(store.db)) : store;
}

async function replay(file: string, sealed: boolean, readModelFile: string): Promise<number> {
  const store = open(file, sealed, 'NORMAL');
  removeDatabase(readModelFile);
  const stored = new SqliteReadModelStore(readModelFile);
  // As a callstream keeps them: the copies of personal values sealed too.
  const readModels = isPrivateStore(store) ? new PrivateReadModels(stored, store.keys) : stored;
  try {
    const runner = new ProjectionRunner(store, readModels, defaultProjections(store));
    const started = performance.now();
    const { events } = await runner.rebuild();
    return events / ((performance.now() - started) / 1000);
  } finally {
    readModels.close();
    await store.close();
    removeDatabase(readModelFile);
  }
}

/**
 * What sealing personal data costs (issue 18): W1 on SQLite FULL, one caller, with every
 * personal value encrypted under its subject's key (a key created per new subject) beside
 * the same commands without; and W2, the replay of each store into every default
 * projection, every personal value opened on the way (when a fold reads it). Alternating,
 * best of each.
 */
export async function privacyOverhead(dir: string, calls: number, rounds = 2, replays = 6) {
  const best = { w1: { sealed: 0, plain: 0 }, w2: { sealed: 0, plain: 0 } };
  const files = {
    sealed: join(dir, 'w1-privacy-true.db'),
    plain: join(dir, 'w1-privacy-false.db'),
  };
  for (let i = 0; i < rounds; i++) {
    for (const sealed of [false, true]) {
      const key = sealed ? 'sealed' : 'plain';
      removeDatabase(files[key]);
      const store = open(files[key], sealed, 'FULL');
      const result = await w1Lifecycle(store, calls, 1);
      await store.close();
      best.w1[key] = Math.max(best.w1[key], result.commandsPerSecond);
    }
  }
  // A replay takes a fraction of a second: alternated several times, best of each, as the machine is shared.
  for (let i = 0; i < replays; i++) {
    for (const sealed of i % 2 === 0 ? [false, true] : [true, false]) {
      const key = sealed ? 'sealed' : 'plain';
      best.w2[key] = Math.max(
        best.w2[key],
        await replay(files[key], sealed, join(dir, `w2-privacy-${key}.db`)),
      );
    }
  }
  removeDatabase(files.sealed);
  removeDatabase(files.plain);
  return {
    calls,
    w1: {
      sealedCommandsPerSecond: round(best.w1.sealed, 0),
      plainCommandsPerSecond: round(best.w1.plain, 0),
      ratio: round(best.w1.sealed / best.w1.plain),
    },
    w2: {
      sealedEventsPerSecond: round(best.w2.sealed, 0),
      plainEventsPerSecond: round(best.w2.plain, 0),
      ratio: round(best.w2.sealed / best.w2.plain),
    },
  };
}

export function humanPrivacy(privacy: Awaited<ReturnType<typeof privacyOverhead>>): string {
  return [
    `Personal data sealed, W1 SQLite FULL, 1 caller, ${privacy.calls} calls: ${privacy.w1.sealedCommandsPerSecond} commands/s, without ${privacy.w1.plainCommandsPerSecond} (ratio ${privacy.w1.ratio})`,
    `Personal data sealed, W2 replay into every projection: ${privacy.w2.sealedEventsPerSecond} events/s, without ${privacy.w2.plainEventsPerSecond} (ratio ${privacy.w2.ratio})`,
  ].join('\n');
}
