import { reviveStored, type DomainEvent, type Fold } from '../domain/index.js';
import {
  NO_STREAM_REVISION,
  supportsSynchronousReads,
  type EventStore,
  type RecordedEvent,
} from '../store/port.js';
import { CorruptedHistory } from '../store/errors.js';

export interface Loaded<S> {
  readonly state: S;
  /** Revision of the last event read; -1n when the stream does not exist. */
  readonly revision: bigint;
  /** Every command id recorded on the stream so far. */
  readonly commandIds: ReadonlySet<string>;
  /** When the stream's last event occurred: a new one may not be dated before it. */
  readonly lastOccurredAt?: Date;
  /** The events an earlier execution of this command id already recorded, if any. */
  readonly processed?: {
    readonly commandType: string;
    readonly commandDigest?: string;
    readonly events: ProcessedEvent[];
  };
}

/** An event an earlier execution recorded, decoded, with where it sits. */
export interface ProcessedEvent {
  readonly id: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly event: DomainEvent;
}

export interface LoadOptions {
  /** Recognise an earlier execution of this command. */
  readonly commandId?: string;
  /** Stop before the first event that occurred after this instant (as-of replay for audits). */
  readonly asOf?: Date;
  /** Stop after this revision. */
  readonly toRevision?: bigint;
}

/**
 * Rehydrates an aggregate: read its stream, decode every event through its schema, fold.
 * Given a `known` earlier load of the same stream, only the events after it are read:
 * events are immutable, so a prefix once folded stays true.
 */
export async function loadStream<S, E extends DomainEvent>(
  store: EventStore,
  streamName: string,
  fold: Fold<S, E>,
  options: LoadOptions = {},
  known?: Loaded<S>,
): Promise<Loaded<S>> {
  if (
    known &&
    (options.asOf ||
      options.toRevision !== undefined ||
      (options.commandId && known.commandIds.has(options.commandId)))
  ) {
    return loadStream(store, streamName, fold, options); // these need the whole stream
  }
  let state: S = known ? known.state : fold.initialState();
  let revision = known?.revision ?? NO_STREAM_REVISION;
  const commandIds = new Set(known?.commandIds);
  let lastOccurredAt = known?.lastOccurredAt;
  let processed:
    { commandType: string; commandDigest?: string; events: ProcessedEvent[] } | undefined;
  const asOf = options.asOf?.getTime();
  const range: { fromRevision?: bigint; maxCount?: number } = {};
  if (known) range.fromRevision = known.revision + 1n;
  if (options.toRevision !== undefined) range.maxCount = Number(options.toRevision) + 1;
  /** Folds one event; false once `asOf` is passed. */
  const step = (recorded: RecordedEvent): boolean => {
    // A gap or a repeat means the stored stream is damaged: fail here, not with a wrong state.
    if (recorded.revision !== revision + 1n)
      throw outOfSequence(streamName, revision + 1n, recorded.revision);
    const { event, metadata } = reviveStored(recorded);
    if (asOf !== undefined && metadata.occurredAt.getTime() > asOf) return false;
    // A stream holds its own aggregate's events only: its name says which aggregate it is.
    state = fold.evolve(state, event as E);
    revision = recorded.revision;
    lastOccurredAt = metadata.occurredAt;
    commandIds.add(metadata.commandId);
    if (options.commandId !== undefined && metadata.commandId === options.commandId) {
      processed ??=
        metadata.commandDigest === undefined
          ? { commandType: metadata.commandType, events: [] }
          : {
              commandType: metadata.commandType,
              commandDigest: metadata.commandDigest,
              events: [],
            };
      processed.events.push({
        id: recorded.id,
        revision: recorded.revision,
        position: recorded.position,
        event,
      });
    }
    return true;
  };
  // A store that reads a page of a stream at once is folded without a promise per event.
  if (supportsSynchronousReads(store)) {
    let from = range.fromRevision ?? 0n;
    let left = range.maxCount ?? Number.POSITIVE_INFINITY;
    reading: while (left > 0) {
      const limit = Math.min(store.pageSize, left);
      const page = store.readStreamPage(streamName, from, limit);
      for (const recorded of page) if (!step(recorded)) break reading;
      if (page.length < limit) break;
      left -= page.length;
      from = page[page.length - 1]!.revision + 1n;
    }
  } else {
    for await (const recorded of store.readStream(streamName, range)) if (!step(recorded)) break;
  }
  const loaded = lastOccurredAt
    ? { state, revision, commandIds, lastOccurredAt }
    : { state, revision, commandIds };
  return processed ? { ...loaded, processed } : loaded;
}

function outOfSequence(streamName: string, expected: bigint, found: bigint): CorruptedHistory {
  return new CorruptedHistory(
    streamName,
    expected,
    found > expected
      ? `revision ${expected} is missing (found ${found})`
      : `revision ${found} is stored again or out of order`,
  );
}
