import { supportsSynchronousReads, type EventStore, type RecordedEvent } from '../store/port.js';

export interface EventReader {
  /** At most `max` more events in order; an empty list at the end. */
  read(max: number): Promise<readonly RecordedEvent[]>;
  /** Releases the read (stopping early, at `until` or on an error, as leaving a for-await loop does). */
  close(): Promise<unknown>;
}

/**
 * Reads the events after `from` (up to `until`) in order. A store that hands over pages is
 * read without a promise per event.
 */
export function eventReader(
  events: EventStore,
  from: bigint | undefined,
  until: bigint | undefined,
): EventReader {
  let ended = false;
  if (supportsSynchronousReads(events)) {
    let after = from;
    const read = async (max: number) => {
      if (ended) return [];
      const page = events.readPageAfter(after, max);
      let end = page.length;
      if (until !== undefined) while (end > 0 && page[end - 1]!.position > until) end--;
      ended = end < max;
      if (end > 0) after = page[end - 1]!.position;
      return end === page.length ? page : page.slice(0, end);
    };
    return { read, close: async () => undefined };
  }
  const iterator = events
    .readAll(from === undefined ? {} : { fromPosition: from })
    [Symbol.asyncIterator]();
  let exhausted = false;
  const read = async (max: number) => {
    const slice: RecordedEvent[] = [];
    while (!ended && slice.length < max) {
      const next = await iterator.next();
      if (next.done) ended = exhausted = true;
      else if (until !== undefined && next.value.position > until) ended = true;
      else if (from === undefined || next.value.position > from) slice.push(next.value);
    }
    return slice;
  };
  return { read, close: async () => (exhausted ? undefined : iterator.return?.()) };
}
