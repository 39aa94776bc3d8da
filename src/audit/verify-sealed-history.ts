import { EventDecoding } from './event-decoding.js';
import {
  againstReport,
  BreakList,
  hexSeal,
  type HistoryReport,
  type VerifyHistoryOptions,
} from './history-report.js';
import { SEALS_STREAM, readSeal, type HistorySeal } from './history-seals.js';
import type { SealableHistory } from './seal-history.js';
import { SealWalk } from './seal-walk.js';

/**
 * Verifies a store whose global order is the server's (EventStoreDB) in one streaming pass
 * over `$all`: every stream's chain, revisions and decoding as on the other stores, and the
 * global chain recomputed and compared with each periodic seal (seal-walk.ts). Reports the
 * breaks as `verifyHistory` does, with how many seals were found and how many events come
 * after the last one (sealed by no seal yet).
 */
export async function verifySealedHistory(
  store: Pick<SealableHistory, 'readSealedAll' | 'readSealedStream'>,
  options: VerifyHistoryOptions = {},
): Promise<HistoryReport> {
  const breaks = new BreakList(options.maxBreaks ?? 1000);
  // The seals first (a short stream): the walk then meets each at its range's last event.
  const seals: HistorySeal[] = [];
  for (const row of await store.readSealedStream(SEALS_STREAM)) {
    const seal = readSeal(row);
    const before = seals.at(-1);
    if (typeof seal === 'string')
      breaks.report({
        kind: 'undecodable',
        position: row.position,
        streamName: row.streamName,
        revision: row.revision,
        expected: 'a HistorySealed event',
        found: seal,
      });
    else if (before && seal.from <= before.through)
      breaks.report({
        kind: 'reordered',
        position: row.position,
        streamName: row.streamName,
        revision: row.revision,
        expected: `a seal of positions after ${before.through}`,
        found: `a seal of positions ${seal.from}–${seal.through}`,
      });
    else seals.push(seal);
  }
  const against = hexSeal(options.against);
  const walk = new SealWalk(breaks, seals, against);
  const decoding = options.decode === false ? undefined : new EventDecoding();
  let checked = 0;
  for await (const row of store.readSealedAll()) {
    walk.check(row, decoding?.undecodable(row.type, row.data, row.metadata));
    if (++checked % 1000 === 0) options.onProgress?.(checked, undefined);
  }
  walk.finish();
  options.onProgress?.(checked, undefined);
  if (against && !walk.againstReached)
    breaks.report({
      kind: 'truncated',
      position: against.position,
      expected: `events through position ${against.position} (the digest)`,
      found: walk.last === undefined ? 'no events' : `the last event at position ${walk.last}`,
    });

  const intact = breaks.count === 0;
  return {
    intact,
    events: walk.events,
    streams: walk.streamWalk.streams.size,
    ...(walk.last !== undefined && intact ? { digest: `${walk.last}:${walk.chain}` } : {}),
    ...(against ? { against: againstReport(against, walk.againstMatched, breaks) } : {}),
    seals: seals.length,
    unsealedEvents: walk.unsealed,
    breaks: breaks.kept,
    breakCount: breaks.count,
  };
}
