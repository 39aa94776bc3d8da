import { decodeStored, reviveStored } from '../domain/index.js';
import type { EventStore, RecordedEvent } from '../store/port.js';
import type { Documents, ProjectedEvent, Projection, ReadModelStore } from './types.js';

/** What a fold of projections reads from and writes to. */
export interface FoldParts {
  readonly events: EventStore;
  readonly readModels: ReadModelStore;
  readonly projections: readonly Projection[];
  /** Every type some projection reads: the only ones read from the store. */
  readonly wanted: ReadonlySet<string>;
  readonly strictDecoding: boolean;
}

/**
 * The events of a slice each projection is due to fold: each decoded once (strictly for
 * audits, otherwise only its instants revived), given to every projection that reads its
 * type and has not folded it yet (its position is past the projection's checkpoint).
 */
export function dueEvents(
  projections: readonly Projection[],
  slice: readonly RecordedEvent[],
  wanted: ReadonlySet<string>,
  checkpoints: ReadonlyArray<bigint | undefined>,
  strictDecoding: boolean,
): ProjectedEvent[][] {
  const due: ProjectedEvent[][] = projections.map(() => []);
  for (const recorded of slice) {
    if (!wanted.has(recorded.type)) continue;
    const { event, metadata } = strictDecoding ? decodeStored(recorded) : reviveStored(recorded);
    const projected: ProjectedEvent = {
      event,
      metadata,
      id: recorded.id,
      streamName: recorded.streamName,
      revision: recorded.revision,
      position: recorded.position,
    };
    for (let i = 0; i < due.length; i++) {
      const checkpoint = checkpoints[i];
      if (
        projections[i]!.eventTypes.has(event.type) &&
        (checkpoint === undefined || projected.position > checkpoint)
      )
        due[i]!.push(projected);
    }
  }
  return due;
}

/** Folds the due events into each projection's documents (after its prefetch). */
export function applyDue(
  projections: readonly Projection[],
  due: ReadonlyArray<readonly ProjectedEvent[]>,
  documents: readonly Documents[],
): void {
  for (const [i, projection] of projections.entries())
    for (const event of due[i]!) projection.apply(event, documents[i]!);
}

/** Every event type some projection reads. */
export function wantedTypes(projections: readonly Projection[]): Set<string> {
  const wanted = new Set<string>();
  for (const projection of projections) for (const type of projection.eventTypes) wanted.add(type);
  return wanted;
}

/** Decodes a slice of a batch and folds it into every projection's documents. */
export async function foldSlice(
  projections: readonly Projection[],
  slice: readonly RecordedEvent[],
  wanted: ReadonlySet<string>,
  checkpoints: ReadonlyArray<bigint | undefined>,
  strictDecoding: boolean,
  documents: readonly Documents[],
): Promise<void> {
  const due = dueEvents(projections, slice, wanted, checkpoints, strictDecoding);
  for (const [i, projection] of projections.entries()) await projection.prefetch?.(due[i]!);
  applyDue(projections, due, documents);
}
