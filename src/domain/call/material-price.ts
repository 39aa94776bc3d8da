import { entryOf } from '../shared/objects.js';
import { DomainError } from '../shared/errors.js';
import type { Call } from './state.js';

/** A version of the price list billing will price a call's work with. */
export interface PriceListVersionOfDay {
  readonly priceListId: string;
  readonly version: number;
  readonly prices: { readonly materials: Readonly<Record<string, number>> };
}

/** The version of that price list in effect on a day of the organisation's zone (billing's rule: price-list.ts). */
export type MaterialPrices = (day: string) => PriceListVersionOfDay | undefined;

/** At most this many of the list's items are named in a refusal: enough to spot a typing error. */
const ITEMS_NAMED = 20;

/**
 * Material is priced by item from the price list in effect on its work date. An item the
 * list does not price (a typing error, most often) would stop billing the call until the
 * booking is cancelled: refused when booked, where the person booking can correct it. With
 * no list in effect that day, billing's own refusal (NoPriceList) says what is missing.
 */
export function refuseUnpricedMaterial(
  call: Call,
  item: string,
  workDate: string,
  prices: MaterialPrices | undefined,
): void {
  if (!prices) return;
  const version = prices(workDate);
  if (!version || entryOf(version.prices.materials, item) !== undefined) return;
  const items = Object.keys(version.prices.materials).sort();
  const named =
    items.length === 0
      ? 'it prices no material'
      : `it prices ${items.slice(0, ITEMS_NAMED).join(', ')}${items.length > ITEMS_NAMED ? ', …' : ''}`;
  throw new DomainError(
    'PriceMissing',
    `Price list ${version.priceListId} v${version.version}, in effect on ${workDate}, has no price for ${item} (${named}): billing could not price call ${call.number}. Book an item the list prices, or publish a price for ${item} first`,
    { item, priceListId: version.priceListId, version: version.version },
  );
}
