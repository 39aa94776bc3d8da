import { supportsSynchronousReads } from '../store/port.js';
import { BatchDocuments } from './documents.js';
import { applyDue, dueEvents, type FoldParts } from './slice.js';
import { readCheckpoints } from './types.js';

export interface InlineFoldParts extends FoldParts {
  /** At most this many events at once; more (another process wrote them) are left to the catch-up. */
  readonly maxEvents: number;
}

/**
 * Inline projections inside the append that wrote their events (SQLite: events and read
 * models on one connection): the events after the checkpoints are folded, and documents
 * and checkpoints written, in the append's own transaction. A command then costs one commit
 * and one sync, and read models can never be behind the events they follow; an error in a
 * fold rolls the append back with it. Folded only when every projection stands at the same
 * checkpoint of its current version and can be folded at once; otherwise (a projection
 * rebuilding, a store that reads asynchronously) nothing happens here and the catch-up after
 * the append folds the events as before. Answers the position every projection then stands
 * at, or undefined when it left the events.
 */
export function foldWithinAppend(parts: InlineFoldParts): bigint | undefined {
  const { events, readModels, projections } = parts;
  if (!supportsSynchronousReads(events) || !readModels.commitWithinTransaction) return undefined;
  let from: bigint | undefined;
  const names = projections.map((projection) => projection.name);
  const stored = readCheckpoints(readModels, names);
  for (const [i, projection] of projections.entries()) {
    if (projection.prefetch && !projection.prefetchNow) return undefined;
    const checkpoint = stored[i];
    if (checkpoint?.version !== projection.version) return undefined;
    if (i > 0 && checkpoint.position !== from) return undefined;
    from = checkpoint.position;
  }
  const page = events.readPageAfter(from, parts.maxEvents);
  if (page.length === 0) return from;
  const checkpoints = projections.map(() => from);
  const due = dueEvents(projections, page, parts.wanted, checkpoints, parts.strictDecoding);
  for (const [i, projection] of projections.entries()) projection.prefetchNow?.(due[i]!);
  const documents = projections.map(
    (projection) => new BatchDocuments(readModels, projection.name),
  );
  applyDue(projections, due, documents);
  const { position, id } = page[page.length - 1]!;
  const anchor = { position, id };
  // The checkpoints were read above, in this transaction, under its write lock.
  readModels.commitWithinTransaction(
    projections.map((projection, i) =>
      documents[i]!.batch(projection.version, from, position, anchor),
    ),
    true,
  );
  return position;
}
