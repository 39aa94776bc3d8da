import type { SealHead } from '../store/seal.js';
import type { VerifyWorkerOptions } from './verify-stretches.js';

/** What is wrong at one place of a history. */
export type BreakKind =
  'edited' | 'deleted' | 'inserted' | 'reordered' | 'truncated' | 'undecodable';

export interface HistoryBreak {
  readonly kind: BreakKind;
  /** Where: the event found there (absent when the break is past the last event). */
  readonly position?: bigint;
  readonly streamName?: string;
  readonly revision?: bigint;
  /** A break of a sealed range (EventStoreDB): the positions its seal covers; `position` is its last. */
  readonly range?: { readonly from: bigint; readonly through: bigint };
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
  /** EventStoreDB: the periodic seals found (see audit/history-seals.ts). */
  readonly seals?: number;
  /** EventStoreDB: events after the last seal, proven by no seal yet (until the next `callstream seal`). */
  readonly unsealedEvents?: number;
  /**
   * Present when the events after this position were walked on a worker thread, beside the
   * walk of those before it (a large SQLite store, two cores free, no break after it).
   */
  readonly workerFrom?: bigint;
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
  /** Where and from what size a second thread walks the later events (see verify-stretches.ts). */
  readonly worker?: VerifyWorkerOptions;
}

/** The breaks found so far: the first `max` kept in order, all of them counted. */
export class BreakList {
  readonly kept: HistoryBreak[] = [];
  count = 0;

  constructor(private readonly max: number) {}

  report(found: HistoryBreak): void {
    this.count++;
    if (this.kept.length < this.max) this.kept.push(found);
  }

  /** Forgets the kept breaks at these positions (they are reported again, as something else). */
  forgetAt(positions: ReadonlySet<bigint>): void {
    const kept = this.kept.filter((b) => b.position === undefined || !positions.has(b.position));
    this.count -= this.kept.length - kept.length;
    this.kept.length = 0;
    this.kept.push(...kept);
  }
}

/**
 * Whether the history up to a digest kept outside holds: its position was met with its
 * chain, and no break lies at or before it.
 */
export function againstReport(
  against: HexSeal,
  matched: boolean,
  breaks: BreakList,
): NonNullable<HistoryReport['against']> {
  return {
    digest: `${against.position}:${against.chain}`,
    holds:
      matched &&
      !breaks.kept.some((b) => b.position === undefined || b.position <= against.position),
  };
}

/** A digest shortened for a message. */
export const short = (hex: string): string => hex.slice(0, 16);

/** A seal's position and chain with the chain as lowercase hex. */
export interface HexSeal {
  readonly position: bigint;
  readonly chain: string;
}

/** Digests are compared as the lowercase hex the rows are read in. */
export function hexSeal<T extends { position: bigint; chain: Buffer }>(
  seal: T | undefined,
): (Omit<T, 'chain'> & HexSeal) | undefined {
  return seal && { ...seal, chain: seal.chain.toString('hex') };
}

/** An error's first line, at most 200 characters: what a break says was found. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
