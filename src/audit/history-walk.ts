import { GENESIS_HEX, chainHashHex, streamHashHex, type SealedRow } from '../store/seal.js';
import { type BreakList, short, type HistoryBreak, type HexSeal } from './history-report.js';

export interface StreamLink {
  revision: bigint;
  /** What the stream's next event chains from (hex, as the rows carry it). */
  hash: string;
}

/**
 * Where a walk of a later stretch of history starts, read from what is stored before it
 * rather than walked (see verify-stretches.ts): the last position and its stored chain. An
 * empty `chain` stands for what only a walk of everything before could know (an event
 * without its seal): it never equals a walk's own state, so joining the stretches then fails.
 */
export interface WalkSeed {
  readonly previous: bigint;
  readonly chain: string;
}

/**
 * A stream a later stretch met without having walked its start: what the stretch took the
 * stream to be before it. Null: no stream (the first row met was revision 0). Otherwise the
 * stream was at `revision`, and `first` (the row of the next revision) is checked against
 * the hash it then holds when the stretches join.
 */
export type AssumedStream = { readonly revision: bigint; readonly first: SealedRow } | null;

/** What a walk of a later stretch hands back, to continue a walk of the stretch before it. */
export interface WalkedStretch {
  readonly events: number;
  readonly streams: ReadonlyMap<string, StreamLink>;
  readonly previous: bigint;
  readonly chain: string;
  readonly againstMatched: boolean;
  readonly tail: ReadonlyMap<bigint, { chain: string; row: SealedRow }>;
  /** The state it started from: the seed's position and chain, and what it took each stream it met to be. */
  readonly seeded: {
    readonly previous: bigint;
    readonly chain: string;
    readonly streams: ReadonlyMap<string, AssumedStream>;
  };
}

/**
 * The checks of a history walked in position order, one stored row at a time: positions
 * without gaps or reversals, each stream's revisions, the stream chain over the stored
 * bytes, the global chain, and a digest kept outside. After a break it goes on from what is
 * stored, so each damaged place is reported once and every one is reported. Whether a row
 * decodes is judged by the caller and handed in with it.
 */
export class HistoryWalk {
  readonly streams = new Map<string, StreamLink>();
  events = 0;
  /** The position of the last event checked. */
  previous = 0n;
  /** The global chain at `previous`. */
  chain = GENESIS_HEX;
  /** Whether the digest's position was met with the digest's chain. */
  againstMatched = false;
  /** Whether an event at the digest's position was met at all (with its chain or not). */
  againstMet = false;
  /** Chains past the head recorded at the start, to compare with the head read at the end. */
  readonly tail = new Map<bigint, { chain: string; row: SealedRow }>();
  /** A break of the global chain alone, at `previous`. */
  private lastGlobalBreak: HistoryBreak | undefined;
  /** The chain stored at the row before `previous`: where the history goes on after two rows swapped. */
  private chainBefore: string | undefined;
  /** In a seeded walk: what each stream met was taken to be before the stretch. */
  private readonly assumedStreams = new Map<string, AssumedStream>();

  /**
   * `origin`: the migration seal of history written before sealing; `headAtStart`: the head
   * recorded when the walk began; `against`: a digest to prove. `densePositions` false: the
   * positions are a server's (EventStoreDB's `$all`), increasing with gaps, and no row
   * carries a global chain (periodic seals prove the order there: seal-walk.ts).
   */
  constructor(
    readonly breaks: BreakList,
    private readonly origin: HexSeal | undefined,
    private readonly headAtStart: HexSeal | undefined,
    private readonly against: HexSeal | undefined,
    private readonly densePositions = true,
    private readonly seed?: WalkSeed,
  ) {
    if (seed) {
      this.previous = seed.previous;
      this.chain = seed.chain;
    }
  }

  /** Checks the next stored row; `undecodable` says why it does not decode, if it does not. */
  check(row: SealedRow, undecodable: string | undefined): void {
    const { breaks, origin, previous } = this;
    const before = breaks.count;
    if (undecodable !== undefined)
      breaks.report({
        kind: 'undecodable',
        ...locate(row),
        expected: 'an event its schema version decodes',
        found: undecodable,
      });
    this.checkPosition(row);

    const legacy = origin !== undefined && row.position <= origin.position;
    const stream = this.streams.get(row.streamName);
    // A seeded walk meeting a stream it has not walked from its start: the link before this
    // row is the earlier walk's, so revision and hash are checked when the two join (absorb).
    const assumed = stream === undefined && this.seed !== undefined && this.assume(row);
    const streamBroken = !assumed && this.checkRevision(row, stream);
    const computed =
      assumed && !legacy && row.hash !== null
        ? row.hash
        : streamHashHex(legacy ? GENESIS_HEX : (stream?.hash ?? GENESIS_HEX), row);
    let hash = computed;
    if (!legacy) {
      if (row.hash === null)
        breaks.report({
          kind: 'edited',
          ...locate(row),
          expected: `a seal (hash ${short(computed)}…)`,
          found: 'no seal',
        });
      else {
        hash = row.hash;
        if (!streamBroken && computed !== row.hash)
          breaks.report({
            kind: 'edited',
            ...locate(row),
            expected: `hash ${short(computed)}… over the stored event`,
            found: `hash ${short(row.hash)}…`,
          });
      }
    }
    const link = legacy ? GENESIS_HEX : hash;
    if (!stream) this.streams.set(row.streamName, { revision: row.revision, hash: link });
    else if (row.revision > stream.revision) {
      stream.revision = row.revision;
      stream.hash = link;
    }

    this.checkChain(row, hash, legacy, before);
    if (row.position === this.against?.position) {
      this.againstMet = true;
      this.againstMatched = this.chain === this.against.chain;
      if (!this.againstMatched)
        breaks.report({
          kind: 'edited',
          ...locate(row),
          expected: `chain ${short(this.against.chain)}… (the digest)`,
          found: `chain ${short(this.chain)}…`,
        });
    }
    // Without a head at the start (an empty store, or a damaged one) only a first stretch is
    // kept; a store without a recorded head (EventStoreDB) keeps none.
    if (
      this.densePositions &&
      (this.headAtStart ? row.position >= this.headAtStart.position : this.tail.size < 100_000)
    )
      this.tail.set(row.position, { chain: this.chain, row });
    if (row.position > previous) this.previous = row.position;
    this.events++;
  }

  /** Notes what a seeded walk takes a stream first met at `row` to be; whether its link is assumed (not a new stream). */
  private assume(row: SealedRow): boolean {
    const assumed = row.revision > 0n;
    this.assumedStreams.set(
      row.streamName,
      assumed ? { revision: row.revision - 1n, first: row } : null,
    );
    return assumed;
  }

  /** What this walk hands back as the later stretch of a history (it was seeded). */
  stretch(): WalkedStretch {
    const { events, streams, previous, chain, againstMatched, tail, seed } = this;
    return {
      events,
      streams,
      previous,
      chain,
      againstMatched,
      tail,
      seeded: { previous: seed!.previous, chain: seed!.chain, streams: this.assumedStreams },
    };
  }

  /**
   * Goes on with a later stretch walked on its own without a break, when it started from
   * exactly the state this walk ends in: its position and chain, and every stream as the
   * stretch took it to be (the stream's revision, and the hash its first row there chains
   * from, checked here). A row's checks read nothing else of the walk but the breaks
   * reported before, and only to reclassify them when that row breaks too; the stretch found
   * no break, so its rows would have reported none here either. False otherwise: this walk
   * must walk the stretch itself.
   */
  absorb(later: WalkedStretch): boolean {
    const { seeded } = later;
    if (seeded.previous !== this.previous || seeded.chain !== this.chain) return false;
    for (const [streamName, assumed] of seeded.streams) {
      const held = this.streams.get(streamName);
      if (assumed === null ? held !== undefined : !continues(held, assumed)) return false;
    }
    for (const [streamName, link] of later.streams) this.streams.set(streamName, link);
    for (const [position, entry] of later.tail) this.tail.set(position, entry);
    if (later.events > 0) this.lastGlobalBreak = undefined; // the stretch's last row broke nothing
    this.events += later.events;
    this.previous = later.previous;
    this.chain = later.chain;
    // A stretch without a break that met the digest's position met it with its chain.
    this.againstMatched ||= later.againstMatched;
    this.againstMet ||= later.againstMatched;
    return true;
  }

  /** An auditable store numbers its positions 1, 2, 3…: a gap is a deleted event, wherever its stream goes on. */
  private checkPosition(row: SealedRow): void {
    const { previous } = this;
    if (row.position <= previous)
      this.breaks.report({
        kind: 'reordered',
        ...locate(row),
        expected: `a position after ${previous}`,
        found: `position ${row.position}`,
      });
    if (this.densePositions && row.position > previous + 1n) {
      const missing =
        row.position - 1n === previous + 1n
          ? `position ${previous + 1n}`
          : `positions ${previous + 1n}–${row.position - 1n}`;
      this.breaks.report({
        kind: 'deleted',
        position: previous + 1n,
        expected: `an event at ${missing}`,
        found: `the next at position ${row.position} (${row.streamName}@${row.revision})`,
      });
    }
  }

  /** Whether the row's revision breaks its stream (a missing, repeated or early revision), reported. */
  private checkRevision(row: SealedRow, stream: StreamLink | undefined): boolean {
    const expectedRevision = stream ? stream.revision + 1n : 0n;
    if (row.revision === expectedRevision) return false;
    const { breaks } = this;
    if (row.revision > expectedRevision) {
      const missing =
        row.revision - 1n === expectedRevision
          ? `revision ${expectedRevision}`
          : `revisions ${expectedRevision}–${row.revision - 1n}`;
      breaks.report({
        kind: 'deleted',
        ...locate(row),
        expected: `revision ${expectedRevision}`,
        found: `revision ${row.revision} (${missing} missing)`,
      });
      return true;
    }
    const kind = row.revision === stream?.revision ? 'inserted' : 'reordered';
    // The revision found missing earlier turns up late: that earlier place was a reordering too.
    const missed = breaks.kept.findLastIndex(
      (b) =>
        b.kind === 'deleted' &&
        b.streamName === row.streamName &&
        b.expected === `revision ${row.revision}`,
    );
    if (kind === 'reordered' && missed >= 0)
      breaks.kept[missed] = { ...breaks.kept[missed]!, kind: 'reordered' };
    breaks.report({
      kind,
      ...locate(row),
      expected: `revision ${expectedRevision}`,
      found: `revision ${row.revision}`,
    });
    return true;
  }

  /** The global chain at this row; `before`: the break count before this row's checks. */
  private checkChain(row: SealedRow, hash: string, legacy: boolean, before: number): void {
    const { breaks, origin } = this;
    const expectedChain = chainHashHex(this.chain, row.position, hash);
    let globalBreak: HistoryBreak | undefined;
    if (legacy) {
      this.chain = expectedChain;
      if (row.position === origin!.position && expectedChain !== origin!.chain)
        breaks.report({
          kind: 'edited',
          ...locate(row),
          expected: `the chain recorded when positions 1–${origin!.position} were sealed (${short(origin!.chain)}…)`,
          found: `${short(expectedChain)}…`,
        });
    } else {
      // After two rows found swapped, the history goes on from the chain stored at the first
      // of them (where the later one was moved): the row after the pair is untouched.
      const afterSwap =
        this.lastGlobalBreak?.kind === 'reordered' &&
        this.lastGlobalBreak.position === this.previous &&
        this.chainBefore !== undefined &&
        chainHashHex(this.chainBefore, row.position, hash) === row.chain;
      if (
        row.chain !== null &&
        expectedChain !== row.chain &&
        !afterSwap &&
        breaks.count === before
      ) {
        globalBreak = {
          kind: 'edited',
          ...locate(row),
          expected: `chain ${short(expectedChain)}…`,
          found: `chain ${short(row.chain)}…`,
        };
        // Two neighbours that each break only the global chain: they were swapped.
        const last = this.lastGlobalBreak;
        if (last?.position === this.previous && last.kind === 'edited') {
          const index = breaks.kept.indexOf(last);
          if (index >= 0) breaks.kept[index] = { ...last, kind: 'reordered' };
          globalBreak = { ...globalBreak, kind: 'reordered' };
        }
        breaks.report(globalBreak);
      }
      this.chainBefore = this.chain;
      this.chain = row.chain ?? expectedChain;
    }
    this.lastGlobalBreak = globalBreak;
  }
}

/** Whether a stream held at `held` goes on as a later stretch assumed: the next revision, its hash chained from the one held. */
function continues(held: StreamLink | undefined, assumed: NonNullable<AssumedStream>): boolean {
  const { first } = assumed;
  return (
    held?.revision === assumed.revision &&
    first.hash !== null &&
    streamHashHex(held.hash, first) === first.hash
  );
}

type Location = Pick<HistoryBreak, 'position' | 'streamName' | 'revision'>;

/** Where a break is: made only when one is reported (most rows report none). */
const locate = (row: SealedRow): Location => ({
  position: row.position,
  streamName: row.streamName,
  revision: row.revision,
});
