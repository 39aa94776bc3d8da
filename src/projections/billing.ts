import {
  evolveInvoice,
  type AllowanceEvent,
  type Invoice,
  type InvoiceEvent,
  type InvoiceTotals,
} from '../domain/index.js';
import {
  ALLOWANCE_USES,
  ALLOWANCES,
  allowanceCollections,
  applyAllowance,
  type AllowanceDocument,
  type AllowanceUseDocument,
} from './billing-allowances.js';
import { inPeriod, type MonthIndexed, type Period } from './in-period.js';
import type {
  Document,
  Documents,
  FindOptions,
  ProjectedEvent,
  Projection,
  ReadModelStore,
} from './types.js';

export type { AllowanceDocument, AllowanceUseDocument } from './billing-allowances.js';

/**
 * The billing read model (D2–D4): each call's invoice with its lines and the coverage
 * decision behind each, and what each contract line's limits have given out. Per
 * contract, customer and period figures are sums over these documents.
 */
export const BILLING_PROJECTION = 'billing';

export interface InvoiceDocument extends Document {
  callId: string;
  number: string;
  customerId: string | null;
  contractId: string | null;
  status: Invoice['status'];
  invoiceNumber: string | null;
  currency: string;
  trigger: Invoice['trigger'];
  totals: InvoiceTotals;
  lines: Invoice['lines'];
  consumption: Invoice['consumption'];
  proposedAt: string;
  issuedAt: string | null;
  /** The month the invoice belongs to: when issued, else when proposed. */
  period: string;
  /** The invoice stream's revision of the proposal (or "nothing to invoice") this is. */
  proposalRevision: number;
  /** `waived`: a goodwill credit, after which the call is not billed again. */
  credit: { number: string; at: string; reason: string; waived?: true } | null;
}

/**
 * An invoice or credit note as the accounting received it, in the month it was issued: kept
 * when the call's invoice moves on (credited, billed again), so a month's figures stay what
 * was issued in it.
 */
export interface LedgerDocument extends Document {
  kind: 'invoice' | 'credit-note';
  /** The invoice's or credit note's own number. */
  documentNumber: string;
  callId: string;
  /** The call's number. */
  number: string;
  customerId: string | null;
  contractId: string | null;
  currency: string;
  /** The chargeable amount issued; a credit note's is the invoice's it reverses. */
  chargeable: number;
  at: string;
  /** The UTC month of `at`. */
  period: string;
}

const proposals = ['InvoiceProposed', 'NothingToInvoice'];
const invoiceTypes = [...proposals, 'InvoiceIssued', 'InvoiceCredited'];
const allowanceTypes = ['AllowanceConsumed', 'AllowanceReleased'];

export const billingProjection: Projection = {
  name: BILLING_PROJECTION,
  version: 5,
  // Holds no personal value: forgetting a person changes nothing in it.
  forgetting: { rebuildFor: [] },
  collections: {
    // The ready-to-invoice queue; totals over a period read its months.
    invoices: { indexes: [['status', 'proposedAt'], ['period']] },
    ledger: { indexes: [['period']] },
    ...allowanceCollections,
  },
  eventTypes: new Set([...invoiceTypes, ...allowanceTypes]),
  apply(projected: ProjectedEvent, documents: Documents): void {
    if (allowanceTypes.includes(projected.event.type)) {
      applyAllowance(projected.streamName, projected.event as AllowanceEvent, documents);
      return;
    }
    const callId = projected.streamName.slice('invoice-'.length);
    const before = documents.get<InvoiceDocument>('invoices', callId);
    const after = evolveInvoice(before ? revive(before) : null, projected.event as InvoiceEvent);
    const proposalRevision = proposals.includes(projected.event.type)
      ? Number(projected.revision)
      : (before?.proposalRevision ?? 0);
    if (!after) return;
    documents.put('invoices', callId, toDocument(after, proposalRevision));
    const entry = ledgerEntry(projected.event as InvoiceEvent, after);
    // Keyed by the call too: a number is unique on the embedded stores, but a command id reused
    // on EventStoreDB can hand two calls one number (docs/stores.md); neither may hide the other.
    if (entry) documents.put('ledger', `${callId} ${entry.kind} ${entry.documentNumber}`, entry);
  },
};

/** The ledger's entry for an invoice issued or credited: `invoice` as it stands after the event. */
function ledgerEntry(event: InvoiceEvent, invoice: Invoice): LedgerDocument | undefined {
  const document =
    event.type === 'InvoiceIssued'
      ? { kind: 'invoice' as const, documentNumber: event.data.invoiceNumber, at: event.data.at }
      : event.type === 'InvoiceCredited'
        ? {
            kind: 'credit-note' as const,
            documentNumber: event.data.creditNoteNumber,
            at: event.data.at,
          }
        : undefined;
  if (!document) return undefined;
  const at = document.at.toISOString();
  return {
    kind: document.kind,
    documentNumber: document.documentNumber,
    callId: invoice.callId,
    number: invoice.number,
    customerId: invoice.customerId ?? null,
    contractId: invoice.contractId ?? null,
    currency: invoice.currency,
    chargeable: invoice.totals.chargeable,
    at,
    period: at.slice(0, 7),
  };
}

function toDocument(invoice: Invoice, proposalRevision: number): InvoiceDocument {
  const issuedAt = invoice.issuedAt?.toISOString() ?? null;
  return {
    callId: invoice.callId,
    number: invoice.number,
    customerId: invoice.customerId ?? null,
    contractId: invoice.contractId ?? null,
    status: invoice.status,
    invoiceNumber: invoice.invoiceNumber ?? null,
    currency: invoice.currency,
    trigger: invoice.trigger,
    totals: invoice.totals,
    lines: invoice.lines,
    proposedAt: invoice.proposedAt.toISOString(),
    issuedAt,
    period: (issuedAt ?? invoice.proposedAt.toISOString()).slice(0, 7),
    proposalRevision,
    credit: invoice.credit
      ? {
          number: invoice.credit.number,
          at: invoice.credit.at.toISOString(),
          reason: invoice.credit.reason,
          ...(invoice.credit.waived ? { waived: true as const } : {}),
        }
      : null,
    consumption: invoice.consumption,
  };
}

function revive(document: InvoiceDocument): Invoice {
  return {
    callId: document.callId,
    number: document.number,
    status: document.status,
    ...(document.customerId ? { customerId: document.customerId } : {}),
    ...(document.contractId ? { contractId: document.contractId } : {}),
    trigger: document.trigger,
    currency: document.currency,
    lines: document.lines,
    totals: document.totals,
    consumption: document.consumption,
    proposedAt: new Date(document.proposedAt),
    ...(document.invoiceNumber ? { invoiceNumber: document.invoiceNumber } : {}),
    ...(document.issuedAt ? { issuedAt: new Date(document.issuedAt) } : {}),
    ...(document.credit
      ? { credit: { ...document.credit, at: new Date(document.credit.at) } }
      : {}),
  };
}

export function invoiceOf(readModels: ReadModelStore, callId: string): InvoiceDocument | undefined {
  return readModels.get<InvoiceDocument>(BILLING_PROJECTION, 'invoices', callId);
}

/** The ready-to-invoice queue: proposals waiting to be issued. */
export function readyToInvoice(readModels: ReadModelStore): InvoiceDocument[] {
  return readModels.find<InvoiceDocument>(
    BILLING_PROJECTION,
    'invoices',
    { status: 'proposed' },
    { orderBy: 'proposedAt' },
  );
}

export const billingDimensions = ['contract', 'customer', 'period'] as const;
export type BillingDimension = (typeof billingDimensions)[number];

export interface BillingTally {
  calls: number;
  currency: string;
  total: number;
  warranty: number;
  contract: number;
  chargeable: number;
  /** Invoices issued in the period, whatever became of them since. */
  invoices: number;
  /** Chargeable on the invoices issued in the period. */
  invoiced: number;
  /** Credit notes issued in the period. */
  creditNotes: number;
  /** Chargeable the period's credit notes gave back: `invoiced - credited` is the period's net. */
  credited: number;
}

const invoicesByMonth: MonthIndexed<InvoiceDocument> = {
  projection: BILLING_PROJECTION,
  collection: 'invoices',
  monthField: 'period',
  instantOf: (invoice) => invoice.issuedAt ?? invoice.proposedAt,
};

const ledgerByMonth: MonthIndexed<LedgerDocument> = {
  projection: BILLING_PROJECTION,
  collection: 'ledger',
  monthField: 'period',
  instantOf: (entry) => entry.at,
};

/**
 * Billing summed per contract, customer or month. The calls' billing: total booked, covered
 * by warranty and contract, chargeable, over each call's current invoice (with `from`/`to`:
 * issued in the period, or proposed in it and not issued). The accounting's: invoices and
 * credit notes issued in the period, each in its own month, so a month's figures stay as
 * they were issued whatever is credited later. Both read by month on their `period` index.
 */
export function billingTotals(
  readModels: ReadModelStore,
  by: BillingDimension,
  period: Period = {},
): Record<string, BillingTally> {
  // Month after month of one state: an invoice issued meanwhile (its month moves from the
  // proposal's to the issue's) is counted once, and with its ledger entry or without.
  return readModels.snapshot(() => totalsOf(readModels, by, period));
}

function totalsOf(
  readModels: ReadModelStore,
  by: BillingDimension,
  period: Period,
): Record<string, BillingTally> {
  // A Map, not a plain object: contract and customer ids are user data.
  const tallies = new Map<string, BillingTally>();
  const tallyOf = (document: InvoiceDocument | LedgerDocument): BillingTally => {
    const key =
      by === 'contract'
        ? (document.contractId ?? '(none)')
        : by === 'customer'
          ? (document.customerId ?? '(generalist)')
          : document.period;
    const named = `${key} ${document.currency}`;
    let tally = tallies.get(named);
    if (!tally) tallies.set(named, (tally = emptyTally(document.currency)));
    return tally;
  };
  for (const invoice of inPeriod(readModels, invoicesByMonth, period)) {
    const tally = tallyOf(invoice);
    tally.calls++;
    tally.total += invoice.totals.total;
    tally.warranty += invoice.totals.warranty;
    tally.contract += invoice.totals.contract;
    tally.chargeable += invoice.totals.chargeable;
  }
  for (const entry of inPeriod(readModels, ledgerByMonth, period)) {
    const tally = tallyOf(entry);
    if (entry.kind === 'invoice') {
      tally.invoices++;
      tally.invoiced += entry.chargeable;
    } else {
      tally.creditNotes++;
      tally.credited += entry.chargeable;
    }
  }
  return Object.fromEntries(tallies);
}

const emptyTally = (currency: string): BillingTally => ({
  calls: 0,
  currency,
  total: 0,
  warranty: 0,
  contract: 0,
  chargeable: 0,
  invoices: 0,
  invoiced: 0,
  creditNotes: 0,
  credited: 0,
});

/** What each contract line's limits have given out, per period: one contract's on its index. */
export function allowanceUse(readModels: ReadModelStore, contractId?: string): AllowanceDocument[] {
  return !contractId
    ? [...readModels.all<AllowanceDocument>(BILLING_PROJECTION, ALLOWANCES)].map(([, d]) => d)
    : readModels.find<AllowanceDocument>(BILLING_PROJECTION, ALLOWANCES, { contractId });
}

/** One allowance, by its key (contract, line and period). */
export const allowanceOf = (
  readModels: ReadModelStore,
  key: string,
): AllowanceDocument | undefined =>
  readModels.get<AllowanceDocument>(BILLING_PROJECTION, ALLOWANCES, key);

/** The calls that draw on one allowance, first billed first, with their numbers: a page at a time on its index. */
export function allowanceCalls(
  readModels: ReadModelStore,
  key: string,
  options: Pick<FindOptions, 'limit' | 'descending'> = {},
): Array<AllowanceUseDocument & { number: string | null }> {
  return readModels.snapshot(() =>
    readModels
      .find<AllowanceUseDocument>(
        BILLING_PROJECTION,
        ALLOWANCE_USES,
        { key },
        { orderBy: 'at', ...options },
      )
      .map((use) => ({ ...use, number: invoiceOf(readModels, use.callId)?.number ?? null })),
  );
}
