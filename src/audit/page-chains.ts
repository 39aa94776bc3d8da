import { createHash, hash as oneShotHash } from 'node:crypto';
import type { SealedRow } from '../store/seal.js';

/**
 * The global chain of a page checked on the worker thread, on the values this thread read.
 * Each event's link is a check of stored values alone, `chain = SHA-256(previous chain ‖
 * position ‖ hash)` with the previous event's stored chain, so a page's links can be
 * checked anywhere, all at once, while this thread walks the page before it. The worker
 * is handed this thread's own read (the stored hashes and chains, and the positions), never
 * a read of its own: what it confirms is exactly what the walk would have computed. It
 * answers with the events it could not confirm; the walk computes those itself (a break,
 * a missing seal, a migrated event), so every report stays the walk's own.
 */

/** A page's stored seals as this thread read them, for the worker. */
export interface HandedChains {
  /** The stored chain before the page's first event (GENESIS at the store's start), or NO_SEAL. */
  readonly before: string;
  /** Each event's stored hash and chain, 64 hex digits each, NO_SEAL where there is none. */
  readonly seals: string;
  /** Each event's position. */
  readonly positions: Float64Array;
}

/** A stand-in for a missing seal: not hex, so no link through it is ever confirmed. */
export const NO_SEAL = 'n'.repeat(64);

const sealText = (value: string | null): string =>
  value !== null && value.length === 64 ? value : NO_SEAL;

/** The seals of a page for the worker; `before`: the stored chain of the event before it. */
export function handedChains(page: readonly SealedRow[], before: string | null): HandedChains {
  const seals = new Array<string>(2 * page.length);
  const positions = new Float64Array(page.length);
  for (let i = 0; i < page.length; i++) {
    const row = page[i]!;
    const position = Number(row.position);
    // A position beyond exact doubles is left to the walk: its digits must be the stored ones.
    const exact = Number.isSafeInteger(position);
    seals[2 * i] = exact ? sealText(row.hash) : NO_SEAL;
    seals[2 * i + 1] = sealText(row.chain);
    positions[i] = exact ? position : 0;
  }
  return { before: sealText(before), seals: seals.join(''), positions };
}

let work = Buffer.allocUnsafe(0);
const views = new Map<number, Buffer>();

/**
 * The indices of the page's events whose stored chain is not confirmed: a mismatch, or a
 * seal missing on it or on the event before. On the worker thread.
 */
export function unconfirmedChains({ before, seals, positions }: HandedChains): number[] {
  const count = positions.length;
  // Layout: [the chain before][hash, chain of each event][an event's link to hash].
  const size = 32 + 64 * count + 128;
  if (work.length < size) {
    work = Buffer.allocUnsafe(2 * size);
    views.clear();
  }
  const linkAt = work.length - 128;
  const unconfirmed: number[] = [];
  // Where a seal is not 64 hex digits, the write stops short: each event is then written alone.
  const whole =
    work.write(before, 0, 'hex') === 32 && work.write(seals, 32, 'hex') === seals.length / 2;
  for (let i = 0; i < count; i++) {
    if (!whole && !writeEvent(before, seals, i)) {
      unconfirmed.push(i);
      continue;
    }
    const previous = i === 0 ? 0 : 32 + 64 * (i - 1) + 32;
    work.copyWithin(linkAt, previous, previous + 32);
    let at = linkAt + 32;
    at += work.write(`${positions[i]}\n`, at, 'latin1');
    work.copyWithin(at, 32 + 64 * i, 32 + 64 * i + 32);
    at += 32;
    if (!seals.startsWith(digestHex(at - linkAt, linkAt), 64 * (2 * i + 1))) unconfirmed.push(i);
  }
  return unconfirmed;
}

/** Writes event i's seals and the chain before it alone; false when any of them is not hex. */
function writeEvent(before: string, seals: string, i: number): boolean {
  const previous = i === 0 ? before : seals.slice(64 * (2 * i - 1), 64 * 2 * i);
  const at = 32 + 64 * i;
  return (
    (i === 0 ? work.write(previous, 0, 'hex') : work.write(previous, at - 32, 'hex')) === 32 &&
    work.write(seals.slice(64 * 2 * i, 64 * (2 * i + 1)), at, 'hex') === 32 &&
    work.write(seals.slice(64 * (2 * i + 1), 64 * (2 * i + 2)), at + 32, 'hex') === 32
  );
}

function digestHex(length: number, from: number): string {
  let view = views.get(length);
  if (view === undefined) views.set(length, (view = work.subarray(from, from + length)));
  // One-shot SHA-256 where Node has it (20.12 and later), as in store/seal.ts.
  return typeof oneShotHash === 'function'
    ? oneShotHash('sha256', view, 'hex')
    : createHash('sha256').update(view).digest('hex');
}
