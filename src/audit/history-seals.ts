import { historySealedEventSchemas } from '../domain/audit/history-sealed.js';
import { GENESIS_HEX, chainHashHex, streamHashHex, type SealedRow } from '../store/seal.js';

/**
 * Periodic seals over the global order of a store whose positions are a server's
 * (EventStoreDB's `$all`), as pure computations: nothing here reads or writes a store.
 *
 * The global chain is seal.ts's, `chain = SHA-256(previous chain ‖ position ‖ stream hash)`,
 * over the events of callstream's streams in position order (the server's own events and
 * the seals themselves are left out), from GENESIS. A seal records it at the end of a range
 * of positions, with the range's event count and an order-free digest of its stream hashes,
 * as a `HistorySealed` event of the seals stream; each seal's range starts after the one
 * before and its chain goes on from that seal's chain. `verify` recomputes the chain over
 * `$all` and compares it with every seal, so a deleted stream, a cut stream tail or events
 * reordered across streams inside a sealed range show there, between two seals.
 */

/** The stream the seals are appended to, each at the exact revision after the last. */
export const SEALS_STREAM = 'callstream-seals';
export const SEAL_EVENT_TYPE = 'HistorySealed';

/** Whether an event of `$all` takes part in the global chain: not the server's, not a seal. */
export function inGlobalChain(row: {
  readonly type: string;
  readonly streamName: string;
}): boolean {
  return (
    !row.type.startsWith('$') && !row.streamName.startsWith('$') && row.streamName !== SEALS_STREAM
  );
}

/**
 * The stream hash an event brings into the global chain: its seal as stored; for an event
 * stored without one (before sealing), the hash over its stored bytes from GENESIS, which
 * is what an append after it chains from. Needs no state, so a sealer starts anywhere.
 */
export function linkHash(row: SealedRow): string {
  return row.hash ?? streamHashHex(GENESIS_HEX, row);
}

const MOD_256 = (1n << 256n) - 1n;

/** The global chain over a range of positions, from the chain it starts from, an event at a time. */
export class RangeDigest {
  chain: string;
  events = 0;
  first: bigint | undefined;
  last: bigint | undefined;
  private sum = 0n;

  constructor(readonly previousChain: string = GENESIS_HEX) {
    this.chain = previousChain;
  }

  /** Adds the next event of the range (one that is `inGlobalChain`). */
  add(row: SealedRow): void {
    const hash = linkHash(row);
    this.chain = chainHashHex(this.chain, row.position, hash);
    this.sum = (this.sum + BigInt(`0x${hash}`)) & MOD_256;
    this.events++;
    this.first ??= row.position;
    this.last = row.position;
  }

  /** The sum of the range's stream hashes modulo 2²⁵⁶: the same for the same events in any order. */
  get eventsDigest(): string {
    return this.sum.toString(16).padStart(64, '0');
  }
}

/** EventStoreDB's position pair as decimal text (a packed position: commit << 64 | prepare). */
export interface LogPosition {
  readonly commit: string;
  readonly prepare: string;
}

const MASK_64 = (1n << 64n) - 1n;
export const logPosition = (packed: bigint): LogPosition => ({
  commit: (packed >> 64n).toString(),
  prepare: (packed & MASK_64).toString(),
});
export const packedPosition = ({ commit, prepare }: LogPosition): bigint =>
  (BigInt(commit) << 64n) | BigInt(prepare);

/** The data of a HistorySealed event. */
export type HistorySealedData = ReturnType<
  (typeof historySealedEventSchemas)['HistorySealed']['parse']
>;

/** The seal of a non-empty range. */
export function sealOf(range: RangeDigest): HistorySealedData {
  if (range.first === undefined || range.last === undefined)
    throw new RangeError('An empty range has no seal');
  return {
    from: logPosition(range.first),
    through: logPosition(range.last),
    events: range.events,
    previousChain: range.previousChain,
    chain: range.chain,
    eventsDigest: range.eventsDigest,
  };
}

/** A seal as recorded: where it stands in the seals stream and in `$all`, and what it holds (positions packed). */
export interface HistorySeal {
  readonly revision: bigint;
  readonly position: bigint;
  readonly from: bigint;
  readonly through: bigint;
  readonly events: number;
  readonly previousChain: string;
  readonly chain: string;
  readonly eventsDigest: string;
}

/** A stored seal read back, or why it cannot be (its text is not a seal). */
export function readSeal(row: SealedRow): HistorySeal | string {
  if (row.type !== SEAL_EVENT_TYPE) return `a ${row.type} event in the seals stream`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.data);
  } catch {
    return 'a seal whose data is not JSON';
  }
  return sealOfData(parsed, row.revision, row.position);
}

/** A seal's data (parsed JSON) at its revision and position in the seals stream, or why it is not one. */
export function sealOfData(
  data: unknown,
  revision: bigint,
  position: bigint,
): HistorySeal | string {
  const result = historySealedEventSchemas.HistorySealed.safeParse(data);
  if (!result.success)
    return `a seal that does not match its schema: ${result.error.issues[0]?.message}`;
  const seal = result.data;
  return {
    revision,
    position,
    from: packedPosition(seal.from),
    through: packedPosition(seal.through),
    events: seal.events,
    previousChain: seal.previousChain,
    chain: seal.chain,
    eventsDigest: seal.eventsDigest,
  };
}
