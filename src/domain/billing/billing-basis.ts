import type { Booking } from '../call/booking-state.js';
import type { Call } from '../call/state.js';
import type { SubcontractTransfer, Transfer } from '../call/transfer-state.js';

/**
 * What billing prices on a call: its bookings not cancelled and its completed subcontracts
 * with a cost, each in id order (B1, B2, … then T1, T2, …). A proposal prices exactly these,
 * one line each, so the lines' sources say what a proposal was made from.
 */
export function billedItems(call: Call): {
  readonly bookings: ReadonlyArray<readonly [string, Booking]>;
  readonly subcontracts: ReadonlyArray<readonly [string, BilledSubcontract]>;
} {
  return {
    bookings: Object.entries(call.bookings)
      .filter(([, booking]) => !booking.cancelled)
      .sort(byId),
    subcontracts: Object.entries(call.transfers).filter(isBilledSubcontract).sort(byId),
  };
}

type BilledSubcontract = SubcontractTransfer & Required<Pick<SubcontractTransfer, 'actualCost'>>;

const isBilledSubcontract = (entry: [string, Transfer]): entry is [string, BilledSubcontract] => {
  const transfer = entry[1];
  return (
    transfer.kind === 'subcontract' &&
    transfer.status === 'completed' &&
    transfer.actualCost !== undefined
  );
};

/** The sources billing would price now, in order: compared with a proposal's lines. */
export function billingBasis(call: Call): string[] {
  const { bookings, subcontracts } = billedItems(call);
  return [...bookings, ...subcontracts].map(([source]) => source);
}

/**
 * What changed on a call since a proposal priced it, given what billing prices now
 * (`billingBasis`): work booked after it (a dispute's rework, a late expense) or cancelled
 * since. Both empty when the proposal still prices the call.
 */
export function basisChanges(
  basis: readonly string[],
  lines: ReadonlyArray<{ readonly source: string }>,
): BasisChanges {
  const priced = new Set(lines.map((line) => line.source));
  const current = new Set(basis);
  return {
    added: basis.filter((source) => !priced.has(source)),
    removed: [...priced].filter((source) => !current.has(source)),
  };
}

export interface BasisChanges {
  readonly added: string[];
  readonly removed: string[];
}

export const outdates = (changes: BasisChanges): boolean =>
  changes.added.length > 0 || changes.removed.length > 0;

const byId = ([a]: readonly [string, unknown], [b]: readonly [string, unknown]) =>
  Number(a.slice(1)) - Number(b.slice(1));
