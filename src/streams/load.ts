import { reviveStored, type DomainEvent, type Fold } from '../domain/index.js';
import {
  NO_STREAM_REVISION,
  supportsSynchronousReads,
  type EventStore,
  type RecordedEvent,
  type SynchronousReads,
} from '../store/port.js';
import { CorruptedHistory } from '../store/errors.js';

export interface Loaded<S> {
  readonly state: S;
  /** Revision of the last event read; -1n when the stream does not exist. */
  readonly revision: bigint;
  /**
   * Every command id recorded on the stream so far. One set grows along the loads of a
   * stream that follow from each other: copying it per command would make each command on
   * a long stream (a meter read every hour) cost the stream's length. An earlier load
   * thus may hold a later id too; that only sends a resend of it through the whole stream.
   */
  readonly commandIds: Set<string>;
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
  /** Stop before the first event stored after this position of the whole log: the stream as it stood then. */
  readonly toPosition?: bigint;
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
  // A store that reads a page of a stream at once is folded without a promise per event.
  if (supportsSynchronousReads(store))
    return loadStreamNow(store, streamName, fold, options, known);
  const rehydration = new Rehydration(
    streamName,
    fold,
    options,
    wholeStreamNeeded(options, known) ? undefined : known,
  );
  for await (const recorded of store.readStream(streamName, rehydration.range))
    if (!rehydration.step(recorded)) break;
  return rehydration.loaded();
}

/** loadStream on a store that reads synchronously, at once: usable inside a transaction. */
export function loadStreamNow<S, E extends DomainEvent>(
  store: EventStore & SynchronousReads,
  streamName: string,
  fold: Fold<S, E>,
  options: LoadOptions = {},
  known?: Loaded<S>,
): Loaded<S> {
  const rehydration = new Rehydration(
    streamName,
    fold,
    options,
    wholeStreamNeeded(options, known) ? undefined : known,
  );
  const { range } = rehydration;
  let from = range.fromRevision ?? 0n;
  let left = range.maxCount ?? Number.POSITIVE_INFINITY;
  reading: while (left > 0) {
    const limit = Math.min(store.pageSize, left);
    const page = store.readStreamPage(streamName, from, limit);
    for (const recorded of page) if (!rehydration.step(recorded)) break reading;
    if (page.length < limit) break;
    left -= page.length;
    from = page[page.length - 1]!.revision + 1n;
  }
  return rehydration.loaded();
}

/** As-of, up-to-a-revision, up-to-a-position and repeated-command loads read the whole stream, whatever is known. */
function wholeStreamNeeded<S>(options: LoadOptions, known: Loaded<S> | undefined): boolean {
  return (
    known !== undefined &&
    (options.asOf !== undefined ||
      options.toRevision !== undefined ||
      options.toPosition !== undefined ||
      (options.commandId !== undefined && known.commandIds.has(options.commandId)))
  );
}

/** One load in progress: the state folded so far, fed one stored event at a time. */
class Rehydration<S, E extends DomainEvent> {
  readonly range: { fromRevision?: bigint; maxCount?: number } = {};
  private state: S;
  private revision: bigint;
  private readonly commandIds: Set<string>;
  private lastOccurredAt: Date | undefined;
  private processed:
    { commandType: string; commandDigest?: string; events: ProcessedEvent[] } | undefined;
  private readonly asOf: number | undefined;
  private readonly toPosition: bigint | undefined;

  constructor(
    private readonly streamName: string,
    private readonly fold: Fold<S, E>,
    private readonly options: LoadOptions,
    known: Loaded<S> | undefined,
  ) {
    this.state = known ? known.state : fold.initialState();
    this.revision = known?.revision ?? NO_STREAM_REVISION;
    this.commandIds = known ? known.commandIds : new Set();
    this.lastOccurredAt = known?.lastOccurredAt;
    this.asOf = options.asOf?.getTime();
    this.toPosition = options.toPosition;
    if (known) this.range.fromRevision = known.revision + 1n;
    if (options.toRevision !== undefined) this.range.maxCount = Number(options.toRevision) + 1;
  }

  /** Folds one event; false once `asOf` or `toPosition` is passed. */
  step(recorded: RecordedEvent): boolean {
    // A gap or a repeat means the stored stream is damaged: fail here, not with a wrong state.
    if (recorded.revision !== this.revision + 1n)
      throw outOfSequence(this.streamName, this.revision + 1n, recorded.revision);
    if (this.toPosition !== undefined && recorded.position > this.toPosition) return false;
    const { event, metadata } = reviveStored(recorded);
    if (this.asOf !== undefined && metadata.occurredAt.getTime() > this.asOf) return false;
    // A stream holds its own aggregate's events only: its name says which aggregate it is.
    this.state = this.fold.evolve(this.state, event as E);
    this.revision = recorded.revision;
    this.lastOccurredAt = metadata.occurredAt;
    // Lower case, as the boundary keeps them now: an id an earlier version stored in capitals
    // still answers its resend.
    const commandId = metadata.commandId.toLowerCase();
    this.commandIds.add(commandId);
    if (this.options.commandId !== undefined && commandId === this.options.commandId) {
      this.processed ??=
        metadata.commandDigest === undefined
          ? { commandType: metadata.commandType, events: [] }
          : {
              commandType: metadata.commandType,
              commandDigest: metadata.commandDigest,
              events: [],
            };
      this.processed.events.push({
        id: recorded.id,
        revision: recorded.revision,
        position: recorded.position,
        event,
      });
    }
    return true;
  }

  loaded(): Loaded<S> {
    const { state, revision, commandIds, lastOccurredAt, processed } = this;
    const loaded = lastOccurredAt
      ? { state, revision, commandIds, lastOccurredAt }
      : { state, revision, commandIds };
    return processed ? { ...loaded, processed } : loaded;
  }
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
