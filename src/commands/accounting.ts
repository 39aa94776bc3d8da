import { invoiceDecider, type InvoiceLine, type InvoiceTotals } from '../domain/index.js';
import type { ReadModelStore } from '../projections/types.js';
import type { EventStore } from '../store/port.js';
import { Reactor } from './reactor.js';
import { loadStream, nameUuid } from '../streams/index.js';

/** What the accounting system receives: an issued invoice or a credit note, with its chargeable lines. */
export interface AccountingEntry {
  /** Derived from the event: a repeated posting carries the same id. */
  readonly id: string;
  readonly kind: 'invoice' | 'credit-note';
  readonly number: string;
  readonly invoiceNumber: string;
  readonly callId: string;
  readonly callNumber: string;
  readonly customerId?: string;
  readonly contractId?: string;
  readonly currency: string;
  readonly totals: InvoiceTotals;
  readonly lines: readonly InvoiceLine[];
  readonly at: Date;
  /** A credit note given as a goodwill gesture: the call is not billed again. */
  readonly waived?: true;
}

/** The port to the accounting system (D4): it books what callstream invoices. */
export interface AccountingSystem {
  post(entry: AccountingEntry): Promise<void>;
}

/** Posts every issued invoice and credit note to accounting, at least once, in order. */
export function accountingPosting(
  store: EventStore,
  checkpoints: ReadModelStore,
  accounting: AccountingSystem,
): Reactor {
  return new Reactor(
    'accounting',
    store,
    checkpoints,
    new Set(['InvoiceIssued', 'InvoiceCredited']),
    async ({ event }, recorded) => {
      const { state: invoice } = await loadStream(store, recorded.streamName, invoiceDecider, {
        toRevision: recorded.revision,
      });
      if (!invoice?.invoiceNumber) return false;
      const credit = event.type === 'InvoiceCredited';
      await accounting.post({
        id: nameUuid(`accounting/${recorded.id}`),
        kind: credit ? 'credit-note' : 'invoice',
        number: credit ? invoice.credit!.number : invoice.invoiceNumber,
        invoiceNumber: invoice.invoiceNumber,
        callId: invoice.callId,
        callNumber: invoice.number,
        ...(invoice.customerId ? { customerId: invoice.customerId } : {}),
        ...(invoice.contractId ? { contractId: invoice.contractId } : {}),
        currency: invoice.currency,
        totals: invoice.totals,
        lines: invoice.lines.filter((line) => line.chargeable !== 0),
        at: credit ? invoice.credit!.at : invoice.issuedAt!,
        ...(credit && invoice.credit!.waived ? { waived: true } : {}),
      });
      return true;
    },
  );
}
