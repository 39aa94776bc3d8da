import { CorruptedHistory } from '../store/errors.js';
import { GENESIS, streamHash, type AuditableStore } from '../store/seal.js';

/**
 * Checks one stream's own chain before an audit view (a call's transaction log, its state
 * as of an instant) is built from it: every revision present and in order, every event's
 * hash over its stored bytes. Throws CorruptedHistory at the first break; `verify` checks
 * the whole store, the global chain included.
 */
export async function verifyStream(store: AuditableStore, streamName: string): Promise<void> {
  const origin = await store.chainOrigin();
  let link = GENESIS;
  let expected = 0n;
  for (const row of await store.readSealedStream(streamName)) {
    if (row.revision !== expected) {
      const problem = row.revision > expected ? `revision ${expected} is missing` : `revision ${row.revision} is stored again or out of order after revision ${expected - 1n}`;
      throw new CorruptedHistory(streamName, row.revision > expected ? expected : row.revision, problem);
    }
    const legacy = origin !== undefined && row.position <= origin.position;
    const hash = streamHash(legacy ? GENESIS : link, row);
    if (!legacy) {
      if (row.hash === null || !hash.equals(row.hash)) throw new CorruptedHistory(streamName, row.revision, `the event at position ${row.position} was changed after it was stored (its hash does not match)`);
    }
    link = legacy ? GENESIS : row.hash!;
    expected++;
  }
}
