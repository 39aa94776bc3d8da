import type { AuditableStore, SealedRow } from '../store/seal.js';
import { GENESIS_HEX } from '../store/seal.js';
import { handedChains } from './page-chains.js';
import { PageDecoding, type Verdicts } from './page-decoding.js';
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

const NO_VERDICTS: Promise<Verdicts> = Promise.resolve({ undecodable: new Map() });

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
 * outside. Every break is reported with its place.
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
  const decoding =
    options.decode === false
      ? undefined
      : new PageDecoding(headAtStart?.position ?? 0n, {
          file: store.auditFile?.(),
          ...options.decodeWorker,
        });

  let after: bigint | undefined;
  let head: HexSeal | undefined;
  // Each page is read and handed to decoding before the one before it is walked: decoding
  // on a worker thread judges a page while this thread hashes the previous one.
  const pages = async function* (): AsyncGenerator<readonly SealedRow[]> {
    for (;;) {
      for (;;) {
        const page = await store.readSealedAfter(after, pageSize);
        if (page.length > 0) {
          after = page[page.length - 1]!.position;
          yield page;
        }
        if (page.length < pageSize) break;
      }
      // Read after the last page: whatever an append added meanwhile is under this head too.
      head = hexSeal(await store.sealHead());
      if (!head || head.position <= (after ?? 0n)) break;
      const more = await store.readSealedAfter(after, 1);
      if (more.length === 0) break; // the head is past the last event: a cut tail
    }
  };
  // `before`: the stored chain of the event before the page, from which a worker checks its links.
  const walkPage = (page: readonly SealedRow[], verdicts: Verdicts, before: string | null) => {
    const { undecodable, unconfirmed } = verdicts;
    for (let i = 0; i < page.length; i++) {
      const confirmedAfter =
        unconfirmed && !unconfirmed.has(i) ? (i === 0 ? before : page[i - 1]!.chain) : undefined;
      walk.check(page[i]!, undecodable.get(i), confirmedAfter);
    }
    options.onProgress?.(walk.events, headAtStart?.position);
  };
  try {
    let ahead:
      | { page: readonly SealedRow[]; verdicts: Promise<Verdicts>; before: string | null }
      | undefined;
    let before: string | null = GENESIS_HEX;
    for await (const page of pages()) {
      const chainsBefore = before;
      const next = {
        page,
        verdicts: decoding?.submit(page, () => handedChains(page, chainsBefore)) ?? NO_VERDICTS,
        before,
      };
      before = page[page.length - 1]!.chain;
      if (ahead) walkPage(ahead.page, await ahead.verdicts, ahead.before);
      ahead = next;
    }
    if (ahead) walkPage(ahead.page, await ahead.verdicts, ahead.before);
    else options.onProgress?.(walk.events, headAtStart?.position);
  } finally {
    await decoding?.close();
  }
  const last = after ?? 0n;
  checkHead(walk, head, last);
  if (against && !walk.againstMatched && against.position > last)
    breaks.report({
      kind: 'truncated',
      position: against.position,
      expected: `events through position ${against.position} (the digest)`,
      found: walk.events === 0 ? 'no events' : `the last event at position ${last}`,
    });

  const intact = breaks.count === 0;
  const onWorker = (await decoding?.onWorker) === true;
  return {
    intact,
    events: walk.events,
    streams: walk.streams.size,
    ...(walk.events > 0 && intact ? { digest: `${last}:${walk.chain}` } : {}),
    ...(origin ? { sealedByMigrationThrough: origin.position } : {}),
    ...(against ? { against: againstReport(against, walk.againstMatched, breaks) } : {}),
    ...(onWorker ? { decodedOnWorker: true as const } : {}),
    breaks: breaks.kept,
    breakCount: breaks.count,
  };
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
