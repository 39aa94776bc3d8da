import { CorruptedHistory } from '../store/errors.js';
import {
  GENESIS_HEX,
  streamHashHex,
  type AuditableStore,
  type ChainOrigin,
  type SealedRow,
} from '../store/seal.js';

/**
 * One stream's own chain, checked a stored row at a time in position order: every revision
 * present and in order, every event's hash over its stored bytes. Throws CorruptedHistory
 * at the first break. An audit view reads its rows once and checks them as it goes.
 */
export class StreamSealCheck {
  private link = GENESIS_HEX;
  private expected = 0n;

  /** `origin`: the store's migration seal, needed only where a row carries no seal (see sealedRows). */
  constructor(
    private readonly streamName: string,
    private readonly origin: ChainOrigin | undefined,
  ) {}

  next(row: SealedRow): void {
    const { streamName } = this;
    if (row.revision !== this.expected) {
      const expected = this.expected;
      const problem =
        row.revision > expected
          ? `revision ${expected} is missing`
          : `revision ${row.revision} is stored again or out of order after revision ${expected - 1n}`;
      throw new CorruptedHistory(
        streamName,
        row.revision > expected ? expected : row.revision,
        problem,
      );
    }
    this.expected++;
    if (row.hash === null) {
      // Only events stored before the store was sealed lack a seal (its migration sealed them as
      // one block, which `verify` checks); the stream's next event chains from GENESIS again.
      if (this.origin === undefined || row.position > this.origin.position)
        throw new CorruptedHistory(
          streamName,
          row.revision,
          `the event at position ${row.position} carries no seal`,
        );
      this.link = GENESIS_HEX;
      return;
    }
    if (streamHashHex(this.link, row) !== row.hash) {
      throw new CorruptedHistory(
        streamName,
        row.revision,
        `the event at position ${row.position} was changed after it was stored (its hash does not match)`,
      );
    }
    this.link = row.hash;
  }
}

/**
 * A stream's stored rows with the check of its seal. The migration seal is read only when a
 * row carries none (a store sealed from its first event never has one to read).
 */
export async function sealedRows(
  store: AuditableStore,
  streamName: string,
): Promise<{ rows: readonly SealedRow[]; check: StreamSealCheck }> {
  const rows = await store.readSealedStream(streamName);
  const origin = rows.some((row) => row.hash === null) ? await store.chainOrigin() : undefined;
  return { rows, check: new StreamSealCheck(streamName, origin) };
}

/**
 * Checks one stream's own chain before an audit view (a call's state as of an instant) is
 * built from it. `verify` checks the whole store, the global chain included.
 */
export async function verifyStream(store: AuditableStore, streamName: string): Promise<void> {
  const { rows, check } = await sealedRows(store, streamName);
  for (const row of rows) check.next(row);
}
