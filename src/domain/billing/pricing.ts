import { DomainError } from '../shared/errors.js';
import type { Consumption, InvoiceTotals, Proposal, BillingContext } from './invoice-lines.js';
import { decideCoverage } from './line-coverage.js';
import type { PriceListState } from './price-list.js';
import { priceItems } from './priced-items.js';

export type {
  BillingContext,
  Consumption,
  CoverageBasis,
  InvoiceLine,
  InvoiceTotals,
  Proposal,
} from './invoice-lines.js';

/**
 * Prices a call's bookings and completed subcontracts and decides, line by line, what
 * warranty and contract cover (D2): warranty on the serial number on the day of the work
 * first, then the call's contract's most specific coverage line for the line's service,
 * within its limits (included hours, visits) as consumed by other calls in the period.
 * Pure: given the same context it proposes the same lines.
 */
export function proposeInvoice(context: BillingContext): Proposal {
  const priced = priceItems(context);
  const currencies = new Set(priced.map((p) => p.currency));
  if (currencies.size > 1)
    throw new DomainError(
      'CurrencyMismatch',
      `Call ${context.call.number} books in several currencies: ${[...currencies].join(', ')}`,
    );
  const currency = [...currencies][0] ?? latestCurrency(context.priceLists);
  const consumed = new Map<string, Consumption>();
  const visitsSeen = new Map<string, boolean>();
  const lines = priced.map(({ currency: _c, ...item }) =>
    decideCoverage(item, context, consumed, visitsSeen),
  );
  const totals = lines.reduce<InvoiceTotals>(
    (t, l) => ({
      total: t.total + l.amount,
      warranty: t.warranty + l.warranty,
      contract: t.contract + l.contract,
      chargeable: t.chargeable + l.chargeable,
    }),
    { total: 0, warranty: 0, contract: 0, chargeable: 0 },
  );
  return { currency, lines, totals, consumption: [...consumed.values()] };
}

function latestCurrency(priceLists: PriceListState): string {
  const last = priceLists[priceLists.length - 1];
  if (!last) throw new DomainError('NoPriceList', 'No price list is published to bill with');
  return last.prices.currency;
}
