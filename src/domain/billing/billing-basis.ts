import type { Booking } from '../call/booking-state.js';
import type { Call } from '../call/state.js';
import type { InvoiceStatus } from './invoice.js';
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
export function billedSources(call: Call): string[] {
  const { bookings, subcontracts } = billedItems(call);
  return [...bookings, ...subcontracts].map(([source]) => source);
}

/** What billing would make a proposal from now. */
export const billingBasis = (call: Call): BillingBasis => ({
  sources: billedSources(call),
  contractId: call.contractId ?? null,
});

/** What a proposal is made from: the sources it prices and the contract it charges (C4). */
export interface BillingBasis {
  readonly sources: readonly string[];
  readonly contractId?: string | null;
}

/** What a proposal (or a "nothing to invoice") was made from, as its event recorded it. */
export interface Billed {
  readonly lines: ReadonlyArray<{ readonly source: string }>;
  readonly contractId?: string | null;
}

/**
 * What changed on a call since a proposal priced it, given what billing would price now:
 * work booked after it (a dispute's rework, a late expense) or cancelled since, and the
 * contract it is charged to, if changed since. Nothing when the proposal still prices the call.
 */
export function basisChanges(basis: BillingBasis, billed: Billed): BasisChanges {
  const priced = new Set(billed.lines.map((line) => line.source));
  const current = new Set(basis.sources);
  const [then, now] = [billed.contractId ?? null, basis.contractId ?? null];
  return {
    added: basis.sources.filter((source) => !priced.has(source)),
    removed: [...priced].filter((source) => !current.has(source)),
    ...(then !== now ? { contract: { from: then, to: now } } : {}),
  };
}

export interface BasisChanges {
  readonly added: string[];
  readonly removed: string[];
  readonly contract?: { readonly from: string | null; readonly to: string | null };
}

export const outdates = (changes: BasisChanges): boolean =>
  changes.added.length > 0 || changes.removed.length > 0 || changes.contract !== undefined;

const byId = ([a]: readonly [string, unknown], [b]: readonly [string, unknown]) =>
  Number(a.slice(1)) - Number(b.slice(1));

/** A call's invoice as far as billing the call again goes: where it stands and what it priced. */
export interface BilledStanding extends Billed {
  readonly status: InvoiceStatus;
}

/**
 * Whether billing owes a finished call another round: it was never billed, its invoice was
 * credited, or its proposal (or "nothing to invoice") prices other work than the call now
 * has. An issued invoice stands until a credit note reverses it; a waived one stands for good.
 */
export function billingOutstanding(
  invoice: BilledStanding | undefined,
  basis: BillingBasis,
): boolean {
  if (!invoice || invoice.status === 'credited') return true;
  if (invoice.status === 'issued' || invoice.status === 'waived') return false;
  return outdates(basisChanges(basis, invoice));
}
