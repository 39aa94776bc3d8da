import { DomainError } from '../shared/errors.js';
import type { Call } from './state.js';

/**
 * A call is invoiced in one currency: its price list's. Money given on the call in another
 * (a cost, a subcontract's agreed price) would make billing refuse the call for good, so
 * it is refused when given, where the person booking can still correct it.
 */
export function refuseForeignCurrency(
  call: Call,
  currency: string,
  /** The currency of the price list the call's billing policy names, when one is published. */
  billingCurrency: string | undefined,
): void {
  if (billingCurrency !== undefined && currency !== billingCurrency)
    throw new DomainError(
      'CurrencyMismatch',
      `Call ${call.number} is invoiced in ${billingCurrency} (its price list's currency), not ${currency}`,
      { currency, billingCurrency },
    );
  const inUse = currencyInUse(call);
  if (inUse !== undefined && currency !== inUse)
    throw new DomainError(
      'CurrencyMismatch',
      `Call ${call.number} already carries money in ${inUse}, not ${currency}: one invoice has one currency`,
      { currency, currencyInUse: inUse },
    );
}

/** The currency of money already on the call and still billable: costs not cancelled, subcontracts not cancelled. */
function currencyInUse(call: Call): string | undefined {
  for (const booking of Object.values(call.bookings))
    if (booking.kind === 'cost' && !booking.cancelled) return booking.amount.currency;
  for (const transfer of Object.values(call.transfers))
    if (transfer.kind === 'subcontract' && transfer.status !== 'cancelled')
      return transfer.agreedCost.currency;
  return undefined;
}
