import { GENESIS_HEX, type AuditableStore, type SealedRow } from '../store/seal.js';
import { EventDecoding } from './event-decoding.js';
import {
  againstReport,
  BreakList,
  hexSeal,
  short,
  type HexSeal,
  type HistoryReport,
  type VerifyHistoryOptions,
} from './history-report.js';
import { HistoryWalk } from './history-walk.js';
import { LaterStretch } from './verify-stretches.js';

export type {
  BreakKind,
  HistoryBreak,
  HistoryReport,
  VerifyHistoryOptions,
} from './history-report.js';

/**
 * Verifies a whole store in one streaming pass: both chains of the seal (see store/seal.ts),
 * revisions without gaps, positions in order, every event decodable by its schema version
 * (the walk's checks, history-walk.ts), then the recorded head, and optionally a digest kept
 * outside. Every break is reported with its place. A large SQLite store is walked in two
 * stretches on two threads when a core is free (verify-stretches.ts), with the same report.
 */
export async function verifyHistory(
  store: AuditableStore,
  options: VerifyHistoryOptions = {},
): Promise<HistoryReport> {
  const pageSize = options.pageSize ?? 1000;
  const origin = hexSeal(await store.chainOrigin());
  const headAtStart = hexSeal(await store.sealHead());
  const against = hexSeal(options.against);
  const breaks = new BreakList(options.maxBreaks ?? 1000);
  const walk = new HistoryWalk(breaks, origin, headAtStart, against);
  const decoding = options.decode === false ? undefined : new EventDecoding();
  const file = store.auditFile?.();
  const later =
    file === undefined || headAtStart === undefined
      ? undefined
      : LaterStretch.open(
          headAtStart.position,
          { file, origin, headAtStart, against, decode: decoding !== undefined, pageSize },
          options.worker,
        );
  /** The worker while its events are not yet the walk's own. */
  let walking = later;
  // Never backwards, though a worker's stretch may be walked again here.
  let reported = 0;
  const progress = () => {
    reported = Math.max(reported, walk.events + (walking?.walked() ?? 0));
    options.onProgress?.(reported, headAtStart?.position);
  };

  let after: bigint | undefined;
  /** Walks a page's events through `through` (all without it); false when it stopped short. */
  const walkPage = (page: readonly SealedRow[], through?: bigint): boolean => {
    for (const row of page) {
      if (through !== undefined && row.position > through) return false;
      walk.check(row, decoding?.undecodable(row.type, row.data, row.metadata));
      after = row.position;
    }
    return true;
  };
  let head: HexSeal | undefined;
  let workerFrom: bigint | undefined;
  try {
    if (later) {
      // From the first event on, until the worker is up and takes the events after `from`.
      let from: bigint | undefined;
      for (;;) {
        from ??= await later.splitAfter(after, headAtStart!.position);
        const page = await store.readSealedAfter(after, pageSize);
        const whole = walkPage(page, from);
        progress();
        if (!whole || page.length < pageSize || (from !== undefined && after! >= from)) break;
      }
      const answer = from === undefined ? undefined : await later.stretch(progress);
      walking = undefined;
      if (
        answer &&
        'stretch' in answer &&
        walk.absorb(answer.stretch) &&
        answer.stretch.events > 0
      ) {
        after = answer.stretch.previous;
        workerFrom = from;
      }
    }
    // The rest (all of it on one thread) to the last event; then the head, read after it:
    // whatever an append added meanwhile is under this head too.
    for (;;) {
      for (;;) {
        const page = await store.readSealedAfter(after, pageSize);
        walkPage(page);
        progress();
        if (page.length < pageSize) break;
      }
      head = hexSeal(await store.sealHead());
      if (!head || head.position <= (after ?? 0n)) break;
      const more = await store.readSealedAfter(after, 1);
      if (more.length === 0) break; // the head is past the last event: a cut tail
    }
  } finally {
    await later?.close();
  }
  const last = after ?? 0n;
  checkHead(walk, head, last);
  const matched = walk.againstMatched || (against !== undefined && provenBeforeAll(against));
  if (against && !matched && !walk.againstMet) checkUnmetDigest(walk, against, last);

  const intact = breaks.count === 0;
  return {
    intact,
    events: walk.events,
    streams: walk.streams.size,
    ...(walk.events > 0 && intact ? { digest: `${last}:${walk.chain}` } : {}),
    ...(origin ? { sealedByMigrationThrough: origin.position } : {}),
    ...(against ? { against: againstReport(against, matched, breaks) } : {}),
    ...(workerFrom !== undefined ? { workerFrom } : {}),
    breaks: breaks.kept,
    breakCount: breaks.count,
  };
}

/** A digest of the history before its first event (position 0, the genesis chain) holds of any history. */
const provenBeforeAll = (against: HexSeal): boolean =>
  against.position === 0n && against.chain === GENESIS_HEX;

/**
 * A digest whose position no event was met at proves nothing, and says so: past the last
 * event, the history was cut; at 0, a digest of the empty history with another chain; at a
 * gap (the gap itself is reported as a deleted event), there is no event to hold it.
 */
function checkUnmetDigest(walk: HistoryWalk, against: HexSeal, last: bigint): void {
  const where = `position ${against.position} (the digest)`;
  if (against.position > last)
    walk.breaks.report({
      kind: 'truncated',
      position: against.position,
      expected: `events through ${where}`,
      found: walk.events === 0 ? 'no events' : `the last event at position ${last}`,
    });
  else if (against.position <= 0n)
    walk.breaks.report({
      kind: 'edited',
      position: against.position,
      expected: `chain ${short(against.chain)}… at ${where}`,
      found: `chain ${short(GENESIS_HEX)}…, the history before its first event`,
    });
  else
    walk.breaks.report({
      kind: 'deleted',
      position: against.position,
      expected: `an event at ${where}`,
      found: 'no event there',
    });
}

/** The head recorded with the last append against the walk that ended at position `last`. */
function checkHead(walk: HistoryWalk, head: HexSeal | undefined, last: bigint): void {
  const { breaks } = walk;
  if (head === undefined) {
    if (walk.events > 0)
      breaks.report({
        kind: 'edited',
        position: last,
        expected: 'the recorded head of the chain',
        found: 'none',
      });
    return;
  }
  if (head.position > last) {
    breaks.report({
      kind: 'truncated',
      position: head.position,
      expected: `events through position ${head.position} (the recorded head)`,
      found: walk.events === 0 ? 'no events' : `the last event at position ${last}`,
    });
    return;
  }
  const atHead = walk.tail.get(head.position);
  if (!atHead)
    breaks.report({
      kind: 'deleted',
      position: head.position,
      expected: `the event at position ${head.position} (the recorded head)`,
      found: 'none',
    });
  else if (atHead.chain !== head.chain)
    breaks.report({
      kind: 'edited',
      position: head.position,
      streamName: atHead.row.streamName,
      revision: atHead.row.revision,
      expected: `chain ${short(head.chain)}… (the recorded head)`,
      found: `chain ${short(atHead.chain)}…`,
    });
  // Events past the recorded head were not stored by an append: each is reported as inserted, and only so.
  const inserted = [...walk.tail.values()].filter(({ row }) => row.position > head.position);
  if (inserted.length === 0) return;
  breaks.forgetAt(new Set(inserted.map(({ row }) => row.position)));
  for (const { row } of inserted)
    breaks.report({
      kind: 'inserted',
      position: row.position,
      streamName: row.streamName,
      revision: row.revision,
      expected: `no event past position ${head.position} (the recorded head)`,
      found: `${row.type} ${row.id}`,
    });
}
