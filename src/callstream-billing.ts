import { CallstreamQueries } from './callstream-queries.js';
import {
  allowanceCalls,
  allowanceOf,
  allowanceUse,
  billingDimensions,
  billingTotals,
  invoiceOf,
  readyToInvoice,
  type AllowanceDocument,
  type AllowanceUseDocument,
  type BillingDimension,
  type BillingTally,
  type InvoiceDocument,
} from './projections/billing.js';
import type { Period } from './projections/in-period.js';
import { invoiceHistory, type InvoiceHistoryEntry } from './projections/invoice-history.js';
import { checkAllowanceCallsQuery, checkDimension, checkRange, checkText } from './query-input.js';

/** Billing's questions (D2–D4): a call's invoices, the queue to invoice, totals, what contracts' limits gave out. */
export abstract class CallstreamBilling extends CallstreamQueries {
  async invoice(reference: string): Promise<InvoiceDocument | undefined> {
    this.ensureOpen();
    return invoiceOf(this.readModels, await this.callId(reference));
  }

  /** Every invoice and credit note of one call, in the order they were issued. */
  async invoiceHistory(reference: string): Promise<readonly InvoiceHistoryEntry[]> {
    this.ensureOpen();
    return invoiceHistory(this.store, await this.callId(reference));
  }

  readyToInvoice(): InvoiceDocument[] {
    this.ensureOpen();
    return readyToInvoice(this.readModels);
  }

  /** Totals per contract, customer or month; `from`/`to`: the invoices and credit notes of a period (read by month). */
  billingTotals(by: BillingDimension, period: Period = {}): Record<string, BillingTally> {
    this.ensureOpen();
    checkDimension(by, billingDimensions, 'billing query');
    return billingTotals(this.readModels, by, checkRange(period, 'billing query'));
  }

  /** What each contract line's limits have given out, per period: one contract's, or every one. */
  allowanceUse(contractId?: string): AllowanceDocument[] {
    this.ensureOpen();
    checkText(contractId, 'contractId', 'billing query', true);
    return allowanceUse(this.readModels, contractId);
  }

  /** One allowance by its key (as allowanceUse names it), or undefined. */
  allowance(key: string): AllowanceDocument | undefined {
    this.ensureOpen();
    return allowanceOf(this.readModels, checkText(key, 'key', 'billing query'));
  }

  /**
   * Where an allowance (a key of allowanceUse) went: the calls that draw on it and what each
   * takes, first billed first (`descending`: latest first), `limit` of them.
   */
  allowanceCalls(
    key: string,
    options: { limit?: number; descending?: boolean } = {},
  ): Array<AllowanceUseDocument & { number: string | null }> {
    this.ensureOpen();
    checkText(key, 'key', 'billing query');
    return allowanceCalls(this.readModels, key, checkAllowanceCallsQuery(options));
  }
}
