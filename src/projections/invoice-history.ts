import {
  evolveInvoice,
  invoiceStream,
  type Fold,
  type Invoice,
  type InvoiceEvent,
  type InvoiceState,
  type InvoiceTotals,
} from '../domain/index.js';
import type { EventStore } from '../store/port.js';
import { loadStream } from '../streams/index.js';

/** An invoice issued on a call, or a credit note that reversed one: what accounting received. */
export interface InvoiceHistoryEntry {
  readonly kind: 'invoice' | 'credit-note';
  /** INV-… for an invoice, CN-… for a credit note. */
  readonly number: string;
  /** The invoice, or the one the credit note reverses. */
  readonly invoiceNumber: string;
  readonly at: Date;
  readonly currency: string;
  /** The invoice's totals; a credit note gives back its invoice's chargeable. */
  readonly totals: InvoiceTotals;
  /** A credit note's reason. */
  readonly reason?: string;
  /** A goodwill credit: the call is not billed again. */
  readonly waived?: true;
}

interface History {
  readonly invoice: InvoiceState;
  readonly entries: readonly InvoiceHistoryEntry[];
}

/**
 * Every invoice and credit note of one call, in the order they were issued, from its invoice
 * stream: the billing read model keeps the current invoice, and a credit with a new invoice
 * replaces it there. One call's stream is a handful of events, so it is read whole.
 */
export async function invoiceHistory(
  store: EventStore,
  callId: string,
): Promise<readonly InvoiceHistoryEntry[]> {
  return (await loadStream(store, invoiceStream(callId), historyFold)).state.entries;
}

const historyFold: Fold<History, InvoiceEvent> = {
  initialState: () => ({ invoice: null, entries: [] }),
  evolve: ({ invoice, entries }, event) => {
    const after = evolveInvoice(invoice, event);
    const entry = after && entryOf(event, after);
    return { invoice: after, entries: entry ? [...entries, entry] : entries };
  },
};

function entryOf(event: InvoiceEvent, invoice: Invoice): InvoiceHistoryEntry | undefined {
  const issued = {
    invoiceNumber: invoice.invoiceNumber!,
    currency: invoice.currency,
    totals: invoice.totals,
  };
  if (event.type === 'InvoiceIssued')
    return { kind: 'invoice', number: event.data.invoiceNumber, at: event.data.at, ...issued };
  if (event.type !== 'InvoiceCredited') return undefined;
  const { creditNoteNumber, at, reason, waived } = event.data;
  return {
    kind: 'credit-note',
    number: creditNoteNumber,
    at,
    ...issued,
    reason,
    ...(waived ? { waived } : {}),
  };
}
