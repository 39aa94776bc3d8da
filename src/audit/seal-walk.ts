import { GENESIS_HEX, type SealedRow } from '../store/seal.js';
import { type BreakKind, type BreakList, type HexSeal, short } from './history-report.js';
import { HistoryWalk } from './history-walk.js';
import { RangeDigest, inGlobalChain, type HistorySeal } from './history-seals.js';

/**
 * The checks of a history whose positions are a server's (EventStoreDB's `$all`), walked in
 * position order one row at a time: every stream's own chain and revisions and the order of
 * positions (history-walk.ts), and the global chain recomputed and compared with each
 * periodic seal (history-seals.ts). A range that does not match its seal is reported at
 * its seal, as deleted, inserted, edited or reordered between the seals; seals past the last
 * event as truncated. After a broken range the walk goes on from that seal's chain, so each
 * damaged range is reported once. Reading is the caller's: any iterable of rows will do.
 */
export class SealWalk {
  readonly streamWalk: HistoryWalk;
  /** The global chain recomputed through the last event of the chain checked. */
  chain = GENESIS_HEX;
  /** Events in the global chain (callstream's, not the seals). */
  chained = 0;
  /** The position of the last event in the global chain. */
  last: bigint | undefined;
  againstMatched = false;
  /** Whether the walk reached the digest's position (met there, or passed it: that event is gone). */
  againstReached = false;
  private range = new RangeDigest();
  /** The next seal to meet. */
  private next = 0;
  private resynced = false;

  /** `seals`: the seals stream's seals in its order; `against`: a digest to prove (a position and the chain there). */
  constructor(
    readonly breaks: BreakList,
    private readonly seals: readonly HistorySeal[],
    private readonly against: HexSeal | undefined,
  ) {
    this.streamWalk = new HistoryWalk(breaks, undefined, undefined, undefined, false);
  }

  get events(): number {
    return this.streamWalk.events;
  }

  /** Events after the last seal met: sealed by no seal yet. */
  get unsealed(): number {
    return this.range.events;
  }

  check(row: SealedRow, undecodable: string | undefined): void {
    this.streamWalk.check(row, undecodable);
    if (!inGlobalChain(row)) return;
    // A seal whose last event is gone is met by the first event after it.
    while (this.seals[this.next] && this.seals[this.next]!.through < row.position) this.close();
    const { against } = this;
    if (against && !this.againstReached && row.position > against.position) {
      this.againstReached = true;
      this.breaks.report({
        kind: 'deleted',
        position: against.position,
        expected: `an event at position ${against.position} (the digest)`,
        found: `the next at position ${row.position} (${row.streamName}@${row.revision})`,
      });
    }
    this.range.add(row);
    this.chained++;
    this.last = row.position;
    if (!this.resynced) this.chain = this.range.chain;
    if (row.position === against?.position) {
      this.againstReached = true;
      this.againstMatched = !this.resynced && this.chain === against.chain;
      if (!this.againstMatched)
        this.breaks.report({
          kind: 'edited',
          position: row.position,
          streamName: row.streamName,
          revision: row.revision,
          expected: `chain ${short(against.chain)}… (the digest)`,
          found: `chain ${short(this.range.chain)}…`,
        });
    }
    if (this.seals[this.next]?.through === row.position) this.close();
  }

  /** After the last row: the seals not met yet cover events past the last one, a cut tail. */
  finish(): void {
    while (this.seals[this.next]) this.close(true);
  }

  /** Compares the range walked since the last seal with the next seal, and goes on from that seal. */
  private close(atEnd = false): void {
    const seal = this.seals[this.next]!;
    const previous = this.next === 0 ? GENESIS_HEX : this.seals[this.next - 1]!.chain;
    if (seal.previousChain !== previous)
      this.breaks.report({
        kind: 'edited',
        position: seal.position,
        expected: `seal ${seal.revision} to go on from chain ${short(previous)}… (the seal before)`,
        found: `chain ${short(seal.previousChain)}…`,
      });
    const found = this.range;
    if (found.chain !== seal.chain || found.events !== seal.events) {
      this.breaks.report({
        kind: rangeBreak(found, seal, atEnd),
        position: seal.through,
        range: { from: seal.from, through: seal.through },
        expected: `${seal.events} events chained to ${short(seal.chain)}… (seal ${seal.revision})`,
        found:
          found.events === 0
            ? 'no events'
            : `${found.events} events chained to ${short(found.chain)}…`,
      });
      this.resynced = true;
    }
    this.range = new RangeDigest(seal.chain);
    this.next++;
  }
}

/** What happened to a range that does not match its seal, from its count and its order-free digest; `atEnd`: no event follows it. */
function rangeBreak(found: RangeDigest, seal: HistorySeal, atEnd: boolean): BreakKind {
  if (found.events < seal.events) return atEnd ? 'truncated' : 'deleted';
  if (found.events > seal.events) return 'inserted';
  return found.eventsDigest === seal.eventsDigest ? 'reordered' : 'edited';
}
