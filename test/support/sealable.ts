import type { SealableHistory } from '../../src/audit/seal-history.js';
import type { MemoryEventStore } from '../../src/store/memory.js';
import type { SealedRow } from '../../src/store/seal.js';

/**
 * A store as EventStoreDB's adapter shows it to the periodic seals, over a memory store: its
 * rows in position order with their stream hashes and no global chain (EventStoreDB keeps
 * none). The seals' logic runs on it without a server.
 */
export function sealableMemory(store: MemoryEventStore): SealableHistory & {
  rows(): Promise<SealedRow[]>;
} {
  const rows = async (): Promise<SealedRow[]> =>
    (await store.readSealedAfter(undefined, Number.MAX_SAFE_INTEGER)).map((row) => ({
      ...row,
      chain: null,
    }));
  return {
    rows,
    async *readSealedAll(after?: bigint) {
      for (const row of await rows()) if (after === undefined || row.position > after) yield row;
    },
    readSealedStream: async (streamName) =>
      (await store.readSealedStream(streamName)).map((row) => ({ ...row, chain: null })),
    readStream: (streamName, options) => store.readStream(streamName, options),
    appendToStream: (streamName, events, options) =>
      store.appendToStream(streamName, events, options),
  };
}

/** A `$all` as recorded rows, changed or not: what verify reads, no store behind it. */
export function recorded(
  rows: readonly SealedRow[],
): Pick<SealableHistory, 'readSealedAll' | 'readSealedStream'> {
  const sorted = [...rows].sort((a, b) => (a.position < b.position ? -1 : 1));
  return {
    async *readSealedAll() {
      yield* sorted;
    },
    readSealedStream: async (streamName) => sorted.filter((row) => row.streamName === streamName),
  };
}
