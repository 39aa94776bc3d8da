import { supportsSynchronousReads, type EventStore, type RecordedEvent } from '../store/port.js';

export interface EventReader {
  /** At most `max` more events in order; an empty list at the end. */
  read(max: number): Promise<readonly RecordedEvent[]>;
  /**
   * The position up to which every event was looked at: the last event read, or past it when
   * the store passed over events of other types (`types`). Undefined before anything was.
   */
  reached(): bigint | undefined;
  /** How many events of the store the reads went through so far, handed over or passed over. */
  passed(): number;
  /** Releases the read (stopping early, at `until` or on an error, as leaving a for-await loop does). */
  close(): Promise<unknown>;
}

/**
 * Reads the events after `from` (up to `until`) in order. A store that hands over pages is
 * read without a promise per event and, given `types`, hands over those types only: a
 * reader of a few types (the planner's index, one projection rebuilt) skips the rest in
 * the store. Other stores give every event; the caller picks its types as before.
 */
export function eventReader(
  events: EventStore,
  from: bigint | undefined,
  until: bigint | undefined,
  types?: ReadonlySet<string>,
): EventReader {
  let ended = false;
  let reached = from;
  if (supportsSynchronousReads(events)) {
    // Positions there are dense (1, 2, 3, …): how far the reads went says how many events they passed.
    const passed = () => Number((reached ?? 0n) - (from ?? 0n));
    const read = async (max: number) => {
      if (ended) return [];
      // Read before the page: every event up to it is committed, so the page looks at it.
      const head = types === undefined ? undefined : await events.headPosition();
      const page = events.readPageAfter(reached, max, types);
      let end = page.length;
      if (until !== undefined) while (end > 0 && page[end - 1]!.position > until) end--;
      ended = end < max;
      if (end > 0) reached = page[end - 1]!.position;
      // A short page went through to the head; past `until` it went through `until`.
      if (ended && head !== undefined) {
        const through = until !== undefined && until < head ? until : head;
        if (reached === undefined || through > reached) reached = through;
      }
      return end === page.length ? page : page.slice(0, end);
    };
    return { read, reached: () => reached, passed, close: async () => undefined };
  }
  const iterator = events
    .readAll(from === undefined ? {} : { fromPosition: from })
    [Symbol.asyncIterator]();
  let exhausted = false;
  let passed = 0;
  const read = async (max: number) => {
    const slice: RecordedEvent[] = [];
    while (!ended && slice.length < max) {
      const next = await iterator.next();
      if (next.done) ended = exhausted = true;
      else if (until !== undefined && next.value.position > until) ended = true;
      else if (from === undefined || next.value.position > from) {
        slice.push(next.value);
        reached = next.value.position;
        passed++;
      }
    }
    return slice;
  };
  return {
    read,
    reached: () => reached,
    passed: () => passed,
    close: async () => (exhausted ? undefined : iterator.return?.()),
  };
}
