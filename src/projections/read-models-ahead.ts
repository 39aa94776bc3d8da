import type { EventStore } from '../store/port.js';
import type { EventAnchor } from './types.js';

/**
 * Read models that have seen further than the event store reaches were built from another
 * history: another store (a fresh in-memory one beside a file of read models), another
 * EventStoreDB, or events restored from a backup older than the read models. Caught up from
 * there, they would skip every new event up to their checkpoint and answer with the old
 * history's calls, so they are refused when callstream opens.
 */
export class ReadModelsAhead extends Error {
  readonly code = 'ReadModelsAhead';

  constructor(
    readonly projection: string,
    readonly checkpoint: bigint,
    readonly head: bigint | undefined,
  ) {
    super(
      `The read models were built up to position ${checkpoint} (${projection}), but the event store ${head === undefined ? 'holds no event' : `ends at position ${head}`}: they come from another history. Open them with the event store they were built from, or move their file away: callstream rebuilds read models from the events into a new file.`,
    );
    this.name = 'ReadModelsAhead';
  }
}

/** Refuses read models whose checkpoints lie past the store's head (read after them: the head only grows). */
export async function refuseReadModelsAhead(
  store: EventStore,
  checkpoints: Readonly<Record<string, bigint | undefined>>,
): Promise<void> {
  let furthest: { projection: string; checkpoint: bigint } | undefined;
  for (const [projection, checkpoint] of Object.entries(checkpoints))
    if (checkpoint !== undefined && (furthest === undefined || checkpoint > furthest.checkpoint))
      furthest = { projection, checkpoint };
  if (furthest === undefined) return;
  const head = await store.headPosition();
  if (head === undefined || furthest.checkpoint > head)
    throw new ReadModelsAhead(furthest.projection, furthest.checkpoint, head);
}

/**
 * Read models that saw another event where the event store holds one: the same count of
 * events, but another history (another store of the same length, or events restored from a
 * backup older than the read models and written to since). Caught up from there, they would
 * answer with calls the store does not hold; so they are refused when callstream opens.
 */
export class ReadModelsDiverged extends Error {
  readonly code = 'ReadModelsDiverged';

  constructor(
    readonly anchor: EventAnchor,
    readonly found: string | undefined,
  ) {
    super(
      `The read models saw event ${anchor.id} at position ${anchor.position}, but the event store holds ${found === undefined ? 'no event there' : `event ${found} there`}: they come from another history. Open them with the event store they were built from, or move their file away: callstream rebuilds read models from the events into a new file.`,
    );
    this.name = 'ReadModelsDiverged';
  }
}

/**
 * Refuses read models whose furthest anchor names an event the store does not hold there:
 * one read of one event. Read models written before anchors carry none: nothing to compare.
 */
export async function refuseReadModelsDiverged(
  store: EventStore,
  anchors: readonly EventAnchor[],
): Promise<void> {
  let furthest: EventAnchor | undefined;
  for (const anchor of anchors)
    if (furthest === undefined || anchor.position > furthest.position) furthest = anchor;
  if (furthest === undefined) return;
  let found: string | undefined;
  for await (const event of store.readAll({ fromPosition: furthest.position, maxCount: 1 })) {
    if (event.position === furthest.position) found = event.id;
    break;
  }
  if (found !== furthest.id) throw new ReadModelsDiverged(furthest, found);
}

/**
 * Read models opened for reading only (`readOnly`) whose events have gone further: they
 * cannot be brought up to date in a file that is never written, and answering from them
 * would leave out the later events without a word.
 */
export class ReadModelsBehind extends Error {
  readonly code = 'ReadModelsBehind';

  constructor(
    readonly projection: string,
    readonly checkpoint: bigint | undefined,
    readonly head: bigint,
  ) {
    super(
      `The read models (${projection}) were built ${checkpoint === undefined ? 'from no event' : `up to position ${checkpoint}`}, but the event store ends at position ${head}, and a file opened for reading only cannot bring them up to date: open a copy of it for writing once (callstream catches the read models up), then read that copy. Its history can be verified as it is.`,
    );
    this.name = 'ReadModelsBehind';
  }
}

/** Refuses, for a file read as it is, read models that have not seen every event of the store. */
export async function refuseReadModelsBehind(
  store: EventStore,
  checkpoints: Readonly<Record<string, bigint | undefined>>,
): Promise<void> {
  const head = await store.headPosition();
  if (head === undefined) return;
  for (const [projection, checkpoint] of Object.entries(checkpoints))
    if (checkpoint === undefined || checkpoint < head)
      throw new ReadModelsBehind(projection, checkpoint, head);
}

/**
 * A file opened for reading only whose read models an earlier callstream wrote: this one's
 * projections need tables or indexes it lacks, and SQLite refuses to make them there.
 */
export class ReadModelsOutdated extends Error {
  readonly code = 'ReadModelsOutdated';

  constructor(readonly fileName: string) {
    super(
      `The read models in ${fileName} were written by an earlier callstream and need tables or indexes that a file opened for reading only cannot take: open a copy of it for writing once (callstream brings them up to date), then read that copy. Its history can be verified as it is.`,
    );
    this.name = 'ReadModelsOutdated';
  }
}

/** What `open` builds on a file read as it is, SQLite's refusal to write said as ReadModelsOutdated. */
export function outdatedIfReadOnly<T>(build: () => T, readOnlyFile: string | undefined): T {
  try {
    return build();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (
      readOnlyFile !== undefined &&
      typeof code === 'string' &&
      code.startsWith('SQLITE_READONLY')
    )
      throw new ReadModelsOutdated(readOnlyFile);
    throw error;
  }
}
