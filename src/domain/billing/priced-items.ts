import { entryOf } from '../shared/objects.js';
import { localDateOf } from '../calendar/zone.js';
import { depotUnitOf, serviceOfWork } from '../call/work-cover.js';
import type { Service } from '../contract/state.js';
import { DomainError } from '../shared/errors.js';
import { billedItems } from './billing-basis.js';
import type { BillingContext, InvoiceLine } from './invoice-lines.js';
import { basisPoints, labourAmount, scale } from './money.js';
import { priceListOn } from './price-list.js';
import { visitOf } from './visit-of.js';

/** A booking or completed subcontract with its price, before coverage is decided. */
export interface Priced {
  readonly source: string;
  readonly kind: InvoiceLine['kind'];
  readonly description: string;
  readonly workDate: string;
  readonly quantity: number;
  readonly unit: InvoiceLine['unit'];
  readonly unitPrice: number;
  readonly amount: number;
  readonly service: Service;
  readonly minutes?: number;
  readonly visit?: string;
  /** The unit the work was on, when it is not the call's: one sent in for depot repair. */
  readonly serialNumber?: string;
  readonly priceList?: { readonly id: string; readonly version: number };
}

/** Prices a call's bookings (by id) and completed subcontracts, each on its price list of the day. */
export function priceItems(context: BillingContext): Array<Priced & { currency: string }> {
  const { call, priceLists, timeZone } = context;
  const service = serviceOfWork(call, undefined);
  const priceOn = (day: string) => {
    const version = priceListOn(priceLists, day, timeZone);
    if (!version) throw new DomainError('NoPriceList', `No price list is in effect on ${day}`);
    return version;
  };
  const items: Array<Priced & { currency: string }> = [];
  const { bookings, subcontracts } = billedItems(call);
  for (const [source, booking] of bookings) {
    const unit = depotUnitOf(call, booking.transferId);
    if (booking.kind === 'time') {
      const version = priceOn(booking.workDate);
      const rate = version.prices.labour[booking.labourType];
      const visit = visitOf(call, booking, timeZone, bookings);
      items.push({
        source,
        kind: 'time',
        description: `${booking.labourType} labour${booking.engineer ? ` (${booking.engineer})` : ''}`,
        workDate: booking.workDate,
        // Hours to four places: 20 minutes shows as 0.3333 h, not a rounded 0.33 that disagrees with the amount.
        quantity: Math.round((booking.minutes / 60) * 10_000) / 10_000,
        unit: 'h',
        unitPrice: rate,
        amount: labourAmount(rate, booking.minutes),
        service: serviceOfWork(call, booking.labourType),
        minutes: booking.minutes,
        ...(visit ? { visit } : {}),
        ...(unit ? { serialNumber: unit } : {}),
        priceList: { id: version.priceListId, version: version.version },
        currency: version.prices.currency,
      });
    } else if (booking.kind === 'material') {
      const version = priceOn(booking.workDate);
      const price = entryOf(version.prices.materials, booking.item);
      if (price === undefined)
        throw new DomainError(
          'PriceMissing',
          `Price list ${version.priceListId} v${version.version} has no price for ${booking.item}`,
          { item: booking.item },
        );
      items.push({
        source,
        kind: 'material',
        description: booking.item,
        workDate: booking.workDate,
        quantity: booking.quantity,
        unit: 'pc',
        unitPrice: price,
        amount: scale(price, Math.round(booking.quantity * 1000), 1000),
        service: serviceOfWork(call, undefined, booking.transferId),
        ...(unit ? { serialNumber: unit } : {}),
        priceList: { id: version.priceListId, version: version.version },
        currency: version.prices.currency,
      });
    } else {
      items.push({
        source,
        kind: 'cost',
        description: booking.description,
        workDate: booking.workDate,
        quantity: 1,
        unit: 'lump',
        unitPrice: booking.amount.amount,
        amount: booking.amount.amount,
        service: serviceOfWork(call, undefined, booking.transferId),
        ...(unit ? { serialNumber: unit } : {}),
        currency: booking.amount.currency,
      });
    }
  }
  for (const [source, transfer] of subcontracts) {
    // The day it was completed where the organisation works, as a booking's day is.
    const day = localDateOf(timeZone, transfer.closedAt ?? transfer.openedAt);
    const version = priceOn(day);
    const margin = version.prices.subcontractMarginPercent;
    items.push({
      source,
      kind: 'subcontract',
      description: `Subcontracted to ${transfer.subcontractor} (${transfer.orderReference}), cost plus ${margin} %`,
      workDate: day,
      quantity: 1,
      unit: 'lump',
      unitPrice: transfer.actualCost.amount,
      amount: scale(transfer.actualCost.amount, 10_000 + basisPoints(margin), 10_000),
      service,
      priceList: { id: version.priceListId, version: version.version },
      currency: transfer.actualCost.currency,
    });
  }
  return items;
}
