import { decodeStored } from '../domain/index.js';
import { quickDecodable } from '../domain/quick-decodable.js';
import { parseSealedAsErased } from '../privacy/sealed.js';
import {
  GENESIS_HEX,
  chainHashHex,
  streamHashHex,
  type AuditableStore,
  type SealHead,
  type SealedRow,
} from '../store/seal.js';

/** What is wrong at one place of a history. */
export type BreakKind =
  'edited' | 'deleted' | 'inserted' | 'reordered' | 'truncated' | 'undecodable';

export interface HistoryBreak {
  readonly kind: BreakKind;
  /** Where: the event found there (absent when the break is past the last event). */
  readonly position?: bigint;
  readonly streamName?: string;
  readonly revision?: bigint;
  readonly expected: string;
  readonly found: string;
}

export interface HistoryReport {
  /** True only when every check holds (and the digest, when one was given). */
  readonly intact: boolean;
  readonly events: number;
  readonly streams: number;
  /** The head digest (`position:hash`) to keep: only for an intact, non-empty history. */
  readonly digest?: string;
  /** Events through this position were written before sealing and are sealed as one block by the migration. */
  readonly sealedByMigrationThrough?: bigint;
  /** Whether the history up to the given digest is unchanged and everything after chains from it. */
  readonly against?: { readonly digest: string; readonly holds: boolean };
  /** Every break found (the first `maxBreaks` of them; `breakCount` counts all). */
  readonly breaks: readonly HistoryBreak[];
  readonly breakCount: number;
}

export interface VerifyHistoryOptions {
  /** A digest kept outside the system: prove the history up to it unchanged. */
  readonly against?: SealHead;
  /** Called after every page with the events checked so far and the head position. */
  readonly onProgress?: (checked: number, head: bigint | undefined) => void;
  readonly pageSize?: number;
  readonly maxBreaks?: number;
  /** False skips the strict decoding of each event (the benchmark measures the chains alone with it). */
  readonly decode?: boolean;
}

interface StreamLink {
  revision: bigint;
  /** What the stream's next event chains from (hex, as the rows carry it). */
  hash: string;
}

const short = (hex: string): string => hex.slice(0, 16);

/**
 * Verifies a whole store in one streaming pass: both chains of the seal (see store/seal.ts),
 * revisions without gaps, positions in order, every event decodable by its schema version,
 * the recorded head, and optionally a digest kept outside. After a break it goes on from
 * what is stored, so each damaged place is reported once and every one is reported.
 */
export async function verifyHistory(
  store: AuditableStore,
  options: VerifyHistoryOptions = {},
): Promise<HistoryReport> {
  const pageSize = options.pageSize ?? 1000;
  const maxBreaks = options.maxBreaks ?? 1000;
  // Digests compared as the lowercase hex the rows are read in.
  const origin = hexSeal(await store.chainOrigin());
  const headAtStart = hexSeal(await store.sealHead());
  const against = hexSeal(options.against);
  const decode = options.decode ?? true;
  const streams = new Map<string, StreamLink>();
  const breaks: HistoryBreak[] = [];
  let breakCount = 0;
  const report = (found: HistoryBreak): void => {
    breakCount++;
    if (breaks.length < maxBreaks) breaks.push(found);
  };
  let events = 0;
  let previous = 0n; // position of the last event checked
  let chain = GENESIS_HEX;
  let lastGlobalBreak: HistoryBreak | undefined; // a break of the global chain alone, at `previous`
  let againstMatched = false as boolean; // set inside check(), which narrowing does not follow
  // Chains past the head recorded at the start, to compare with the head read at the end.
  const tail = new Map<bigint, { chain: string; row: SealedRow }>();

  const check = (row: SealedRow): void => {
    const at = { position: row.position, streamName: row.streamName, revision: row.revision };
    const before = breakCount;
    if (decode)
      try {
        // Sealed personal values decode as erased: an audit checks the shape, and needs no key.
        const stored = {
          type: row.type,
          data: parseSealedAsErased(row.data),
          metadata: parseSealedAsErased(row.metadata),
        };
        // The quick check accepts only what strict decoding accepts; anything else is decoded strictly, for the verdict and its message.
        if (!quickDecodable(stored)) decodeStored(stored);
      } catch (error) {
        report({
          kind: 'undecodable',
          ...at,
          expected: 'an event its schema version decodes',
          found: firstLine(error),
        });
      }
    if (row.position <= previous)
      report({
        kind: 'reordered',
        ...at,
        expected: `a position after ${previous}`,
        found: `position ${row.position}`,
      });
    // An auditable store numbers its positions 1, 2, 3…: a gap is a deleted event, wherever its stream goes on.
    const gap = row.position > previous + 1n;
    if (gap) {
      const missing =
        row.position - 1n === previous + 1n
          ? `position ${previous + 1n}`
          : `positions ${previous + 1n}–${row.position - 1n}`;
      report({
        kind: 'deleted',
        position: previous + 1n,
        expected: `an event at ${missing}`,
        found: `the next at position ${row.position} (${row.streamName}@${row.revision})`,
      });
    }

    const legacy = origin !== undefined && row.position <= origin.position;
    const stream = streams.get(row.streamName);
    const expectedRevision = stream ? stream.revision + 1n : 0n;
    let streamBroken = false;
    if (row.revision !== expectedRevision) {
      streamBroken = true;
      if (row.revision > expectedRevision) {
        const missing =
          row.revision - 1n === expectedRevision
            ? `revision ${expectedRevision}`
            : `revisions ${expectedRevision}–${row.revision - 1n}`;
        report({
          kind: 'deleted',
          ...at,
          expected: `revision ${expectedRevision}`,
          found: `revision ${row.revision} (${missing} missing)`,
        });
      } else {
        const kind = row.revision === stream?.revision ? 'inserted' : 'reordered';
        // The revision found missing earlier turns up late: that earlier place was a reordering too.
        const missed = breaks.findLastIndex(
          (b) =>
            b.kind === 'deleted' &&
            b.streamName === row.streamName &&
            b.expected === `revision ${row.revision}`,
        );
        if (kind === 'reordered' && missed >= 0)
          breaks[missed] = { ...breaks[missed]!, kind: 'reordered' };
        report({
          kind,
          ...at,
          expected: `revision ${expectedRevision}`,
          found: `revision ${row.revision}`,
        });
      }
    }
    const computed = streamHashHex(
      legacy ? GENESIS_HEX : (stream?.hash ?? GENESIS_HEX),
      row.id,
      row.streamName,
      row.revision.toString(),
      row.type,
      row.data,
      row.metadata,
    );
    let hash = computed;
    if (!legacy) {
      if (row.hash === null)
        report({
          kind: 'edited',
          ...at,
          expected: `a seal (hash ${short(computed)}…)`,
          found: 'no seal',
        });
      else {
        hash = row.hash;
        if (!streamBroken && computed !== row.hash) {
          report({
            kind: 'edited',
            ...at,
            expected: `hash ${short(computed)}… over the stored event`,
            found: `hash ${short(row.hash)}…`,
          });
        }
      }
    }
    if (!stream || row.revision > stream.revision)
      streams.set(row.streamName, { revision: row.revision, hash: legacy ? GENESIS_HEX : hash });

    const expectedChain = chainHashHex(chain, row.position, hash);
    let globalBreak: HistoryBreak | undefined;
    if (legacy) {
      chain = expectedChain;
      if (row.position === origin.position && chain !== origin.chain) {
        report({
          kind: 'edited',
          ...at,
          expected: `the chain recorded when positions 1–${origin.position} were sealed (${short(origin.chain)}…)`,
          found: `${short(chain)}…`,
        });
      }
    } else {
      if (row.chain !== null && expectedChain !== row.chain && breakCount === before) {
        globalBreak = {
          kind: 'edited',
          ...at,
          expected: `chain ${short(expectedChain)}…`,
          found: `chain ${short(row.chain)}…`,
        };
        // Two neighbours that each break only the global chain: they were swapped.
        if (lastGlobalBreak?.position === previous && lastGlobalBreak.kind === 'edited') {
          const index = breaks.indexOf(lastGlobalBreak);
          if (index >= 0) breaks[index] = { ...lastGlobalBreak, kind: 'reordered' };
          globalBreak = { ...globalBreak, kind: 'reordered' };
        }
        report(globalBreak);
      }
      chain = row.chain ?? expectedChain;
    }
    lastGlobalBreak = globalBreak;
    if (row.position === against?.position) {
      againstMatched = chain === against.chain;
      if (!againstMatched)
        report({
          kind: 'edited',
          ...at,
          expected: `chain ${short(against.chain)}… (the digest)`,
          found: `chain ${short(chain)}…`,
        });
    }
    // Without a head at the start (an empty store, or a damaged one) only a first stretch is kept.
    if (headAtStart ? row.position >= headAtStart.position : tail.size < 100_000)
      tail.set(row.position, { chain, row });
    previous = row.position > previous ? row.position : previous;
    events++;
  };

  let after: bigint | undefined;
  let head: HexSeal | undefined;
  for (;;) {
    for (;;) {
      const page = await store.readSealedAfter(after, pageSize);
      for (const row of page) check(row);
      if (page.length > 0) after = page[page.length - 1]!.position;
      options.onProgress?.(events, headAtStart?.position);
      if (page.length < pageSize) break;
    }
    // Read after the last page: whatever an append added meanwhile is under this head too.
    head = hexSeal(await store.sealHead());
    if (!head || head.position <= (after ?? 0n)) break;
    const more = await store.readSealedAfter(after, 1);
    if (more.length === 0) break; // the head is past the last event: a cut tail
  }

  const last = after ?? 0n;
  if (head === undefined) {
    if (events > 0)
      report({
        kind: 'edited',
        position: last,
        expected: 'the recorded head of the chain',
        found: 'none',
      });
  } else if (head.position > last) {
    report({
      kind: 'truncated',
      position: head.position,
      expected: `events through position ${head.position} (the recorded head)`,
      found: events === 0 ? 'no events' : `the last event at position ${last}`,
    });
  } else {
    const atHead = tail.get(head.position);
    if (!atHead)
      report({
        kind: 'deleted',
        position: head.position,
        expected: `the event at position ${head.position} (the recorded head)`,
        found: 'none',
      });
    else if (atHead.chain !== head.chain)
      report({
        kind: 'edited',
        position: head.position,
        streamName: atHead.row.streamName,
        revision: atHead.row.revision,
        expected: `chain ${short(head.chain)}… (the recorded head)`,
        found: `chain ${short(atHead.chain)}…`,
      });
    // Events past the recorded head were not stored by an append: each is reported as inserted, and only so.
    const inserted = [...tail.values()].filter(({ row }) => row.position > head.position);
    if (inserted.length > 0) {
      const past = new Set(inserted.map(({ row }) => row.position));
      const kept = breaks.filter((b) => b.position === undefined || !past.has(b.position));
      breakCount -= breaks.length - kept.length;
      breaks.length = 0;
      breaks.push(...kept);
      for (const { row } of inserted)
        report({
          kind: 'inserted',
          position: row.position,
          streamName: row.streamName,
          revision: row.revision,
          expected: `no event past position ${head.position} (the recorded head)`,
          found: `${row.type} ${row.id}`,
        });
    }
  }
  if (against && !againstMatched && against.position > last) {
    report({
      kind: 'truncated',
      position: against.position,
      expected: `events through position ${against.position} (the digest)`,
      found: events === 0 ? 'no events' : `the last event at position ${last}`,
    });
  }
  const intact = breakCount === 0;
  return {
    intact,
    events,
    streams: streams.size,
    ...(events > 0 && intact ? { digest: `${last}:${chain}` } : {}),
    ...(origin ? { sealedByMigrationThrough: origin.position } : {}),
    ...(against
      ? {
          against: {
            digest: `${against.position}:${against.chain}`,
            holds:
              againstMatched &&
              !breaks.some((b) => b.position === undefined || b.position <= against.position),
          },
        }
      : {}),
    breaks,
    breakCount,
  };
}

/** A seal's position and chain with the chain as lowercase hex. */
interface HexSeal {
  readonly position: bigint;
  readonly chain: string;
}

function hexSeal<T extends { position: bigint; chain: Buffer }>(
  seal: T | undefined,
): (Omit<T, 'chain'> & HexSeal) | undefined {
  return seal && { ...seal, chain: seal.chain.toString('hex') };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
