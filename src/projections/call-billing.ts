import {
  billedSources,
  billingOutstanding,
  invoicingMomentsReached,
  isWorkDone,
  type BilledStanding,
  type Call,
  type InvoiceEvent,
  type InvoiceTrigger,
} from '../domain/index.js';
import type { Document, Documents, ReadModelStore } from './types.js';

/**
 * A call as the billing run sees it (D4), in the calls read model: whether its work is done,
 * what billing would price now, and where its invoice stands. `due` is indexed, so a billing
 * run reads the calls billing owes something, not a decade of settled ones.
 */
export interface CallBillingDocument extends CallBilling, Document {
  /**
   * Finished (a cancelled call with work booked on it too) and either owed a billing round or
   * holding a proposal to issue.
   */
  due: boolean;
}

/** What `due` is judged from. */
interface CallBilling {
  callId: string;
  /** Solved, accepted, closed or archived: its work may be billed. */
  finished: boolean;
  cancelled: boolean;
  /**
   * The invoicing moments the call has reached (resolution, acceptance, closing): the run
   * sends BillCall only where the call's policy's moment is among them.
   */
  readyOn: InvoiceTrigger[];
  billedSources: string[];
  contractId: string | null;
  invoice: {
    status: BilledStanding['status'];
    sources: string[];
    contractId: string | null;
  } | null;
}

export const CALL_BILLING_COLLECTION = 'billing';

export const callBillingCollection = { indexes: [['due']] } as const;

/** The invoice event types that move where a call's billing stands. */
export const callBillingEventTypes = [
  'InvoiceProposed',
  'NothingToInvoice',
  'InvoiceIssued',
  'InvoiceCredited',
] as const;

export const isFinished = (call: Call | null): boolean => call !== null && isWorkDone(call);

function judged(document: CallBilling): CallBillingDocument {
  const { invoice } = document;
  const standing = invoice && {
    status: invoice.status,
    lines: invoice.sources.map((source) => ({ source })),
    contractId: invoice.contractId,
  };
  const basis = { sources: document.billedSources, contractId: document.contractId };
  return {
    ...document,
    due:
      document.finished &&
      // A call cancelled before any work was booked on it owes nothing, not even a "nothing to invoice".
      (!document.cancelled || document.billedSources.length > 0 || invoice !== null) &&
      (invoice?.status === 'proposed' || billingOutstanding(standing ?? undefined, basis)),
  };
}

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((member, i) => member === b[i]);

/**
 * A call event on a call that is or was finished: its billing document follows the call.
 * Written only when something billing reads changed (a note or a reminder on a solved call
 * changes nothing here). Calls never finished are skipped before this is called.
 */
export function foldCallIntoBilling(documents: Documents, callId: string, call: Call): void {
  const before = documents.get<CallBillingDocument>(CALL_BILLING_COLLECTION, callId);
  const after = judged({
    callId,
    finished: isFinished(call),
    cancelled: call.closure?.cancelled ?? false,
    readyOn: invoicingMomentsReached(call),
    billedSources: billedSources(call),
    contractId: call.contractId ?? null,
    invoice: before?.invoice ?? null,
  });
  if (
    before?.finished === after.finished &&
    before.cancelled === after.cancelled &&
    before.contractId === after.contractId &&
    sameList(before.readyOn, after.readyOn) &&
    sameList(before.billedSources, after.billedSources)
  )
    return;
  documents.put(CALL_BILLING_COLLECTION, callId, after);
}

/** An invoice event: where the call's invoice stands, and what it priced. */
export function foldInvoiceIntoBilling(
  documents: Documents,
  callId: string,
  event: InvoiceEvent,
): void {
  const before = documents.get<CallBillingDocument>(CALL_BILLING_COLLECTION, callId);
  // A call is billed once finished, so its document is there; were it not, the call's next event judges it.
  const call: CallBilling = before ?? {
    callId,
    finished: false,
    cancelled: false,
    readyOn: [],
    billedSources: [],
    contractId: null,
    invoice: null,
  };
  const invoice = standingAfter(call.invoice, event);
  if (invoice === call.invoice) return;
  documents.put(CALL_BILLING_COLLECTION, callId, judged({ ...call, invoice }));
}

function standingAfter(
  invoice: CallBillingDocument['invoice'],
  event: InvoiceEvent,
): CallBillingDocument['invoice'] {
  switch (event.type) {
    case 'InvoiceProposed':
    case 'NothingToInvoice':
      return {
        status: event.type === 'InvoiceProposed' ? 'proposed' : 'nothing',
        sources: event.data.lines.map((line) => line.source),
        contractId: event.data.contractId ?? null,
      };
    case 'InvoiceIssued':
      return invoice && { ...invoice, status: 'issued' };
    case 'InvoiceCredited':
      return invoice && { ...invoice, status: event.data.waived ? 'waived' : 'credited' };
    case 'InvoiceNumberAllocated':
      return invoice;
  }
}

/**
 * The calls the billing run has work on, in id order, served by the `due` index a page at a
 * time: at the end of a long period most calls are due at once (about 85,000 of a 100,000-call
 * demo), and the run bills each as it reads it. A call billed meanwhile is read as it then
 * stands: one its page has not reached yet, no longer due, is passed over.
 */
export function* callsDueForBilling(readModels: ReadModelStore): Iterable<CallBillingDocument> {
  for (const [, call] of readModels.all<CallBillingDocument>('calls', CALL_BILLING_COLLECTION, {
    filter: { due: true },
  }))
    yield call;
}
