import { FORWARDS, START, type EventStoreDBClient, type ReadPosition } from '@eventstore/db-client';
import { allRecordPosition, isSystemEventType, unpackPosition } from './eventstoredb-mapping.js';
import { sealedRowOf } from './eventstoredb-seal.js';
import type { SealedRow } from './seal.js';

/**
 * `$all` with the seals, for the periodic seals and `verify` (audit/history-seals.ts): every
 * event after `after` (exclusive) in `$all` order with its stream hash, a page at a time;
 * the server's own events (a `$` type, or in a `$` stream) left out. Callstream's events
 * are JSON; anything else is read with no data and fails its seal.
 */
export async function* readSealedAll(
  client: EventStoreDBClient,
  pageSize: number,
  after?: bigint,
): AsyncGenerator<SealedRow> {
  let from: ReadPosition = after === undefined ? START : unpackPosition(after);
  // A page starts at the last record of the one before (reads of $all are inclusive).
  let seen = after;
  for (;;) {
    const page = [];
    for await (const resolved of client.readAll({
      fromPosition: from,
      direction: FORWARDS,
      maxCount: pageSize,
    }))
      page.push(resolved); // the whole page first: no read stays open while the caller thinks
    for (const resolved of page) {
      const position = allRecordPosition(resolved);
      if (position === undefined || (seen !== undefined && position <= seen)) continue;
      seen = position;
      const event = resolved.event!;
      if (isSystemEventType(event.type) || event.streamId.startsWith('$')) continue;
      yield sealedRowOf(event, position);
    }
    if (page.length < pageSize || seen === undefined) return;
    from = unpackPosition(seen);
  }
}
