import type { EventStore } from '../store/port.js';

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
