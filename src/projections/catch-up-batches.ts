import { BatchDocuments } from './documents.js';
import { eventReader } from './event-reader.js';
import { foldSlice, type FoldParts } from './slice.js';
import { CheckpointMoved, type EventAnchor } from './types.js';

export interface CatchUpReport {
  /** The store's events the catch-up went through, those no projection reads included. */
  readonly events: number;
  readonly position: bigint | undefined;
}

/** Events decoded and folded at a time within a batch: fewer of them alive when the young generation is collected. */
export const SLICE = 200;

/** What a catch-up folds with: the runner's store, read models, projections and settings. */
export interface BatchParts extends FoldParts {
  readonly batchSize: number;
  readonly untilPosition: bigint | undefined;
  /** Each projection's stored checkpoint, in projection order, read again before each batch. */
  readonly checkpoints: () => Array<bigint | undefined>;
}

/**
 * One catch-up from the checkpoints `first` (read by the caller, after resetting projections of
 * another version): batches of events folded a slice at a time and committed whole with every
 * projection's checkpoint. A checkpoint another runner moved back fails the batch
 * (CheckpointMoved), before it writes anything.
 */
export async function foldBatches(
  parts: BatchParts,
  first: Array<bigint | undefined>,
  progress: { events: number },
): Promise<CatchUpReport> {
  // The first batch uses the checkpoints the caller read; each later one reads them again.
  let stored: Array<bigint | undefined> | undefined = first;
  const from =
    first.length === 0 || first.some((c) => c === undefined)
      ? undefined
      : first.reduce((a, b) => (b! < a! ? b : a));
  const reader = eventReader(parts.events, from, parts.untilPosition, parts.wanted);
  let processed = 0;
  let last: bigint | undefined = from;
  let passed = 0;
  try {
    for (let more = true; more;) {
      // One batch: folded a slice at a time (so its events need not all be alive at once), committed whole.
      const checkpoints = stored ?? parts.checkpoints();
      stored = undefined;
      // A checkpoint behind the reader was moved back by another runner (a rebuild began):
      // the events before the reader are due again, so start again from the checkpoints.
      checkpoints.forEach((checkpoint, i) => {
        if (last !== undefined && (checkpoint === undefined || checkpoint < last))
          throw new CheckpointMoved(parts.projections[i]!.name, last, checkpoint);
      });
      const documents = parts.projections.map(
        (projection) => new BatchDocuments(parts.readModels, projection.name),
      );
      let count = 0;
      let position: bigint | undefined;
      let anchor: EventAnchor | undefined;
      while (count < parts.batchSize) {
        const slice = await reader.read(Math.min(SLICE, parts.batchSize - count));
        if (slice.length === 0) {
          more = false;
          break;
        }
        await foldSlice(
          parts.projections,
          slice,
          parts.wanted,
          checkpoints,
          parts.strictDecoding,
          documents,
        );
        count += slice.length;
        const { position: last, id } = slice[slice.length - 1]!;
        position = last;
        anchor = { position: last, id };
      }
      // Past the batch's last event when the store passed over events no projection reads.
      const reached = reader.reached();
      if (reached !== undefined && reached > (position ?? last ?? -1n)) position = reached;
      if (position === undefined) break;
      parts.readModels.commit(
        parts.projections.map((projection, i) => {
          // A projection already past this batch (the others are catching up to it) keeps its checkpoint.
          const from = checkpoints[i];
          return from !== undefined && from > position
            ? documents[i]!.batch(projection.version, from, from)
            : documents[i]!.batch(projection.version, from, position, anchor);
        }),
      );
      // Counted as the store's events gone through, not only those some projection read.
      const through = reader.passed();
      processed += through - passed;
      progress.events += through - passed;
      passed = through;
      last = position;
    }
  } finally {
    await reader.close();
  }
  return { events: processed, position: last };
}
