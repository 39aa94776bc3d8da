import type { Call, LabourType } from '../call/state.js';
import type { Contract, Service } from '../contract/state.js';
import type { EquipmentState } from '../equipment/state.js';
import { isUnderWarranty, placementOn } from '../equipment/state.js';
import { coverageFor } from '../intake/coverage.js';
import { DomainError } from '../shared/errors.js';
import { allowanceKey, limitPeriod, usedByOthers, type Allowance } from './allowance.js';
import { basisPoints, labourAmount, percentOf, scale } from './money.js';
import { priceListOn, type PriceListState } from './price-list.js';

/** Why a line is covered or charged, recorded so an auditor can replay it and a customer be shown. */
export interface CoverageBasis {
  readonly basis: 'warranty' | 'contract' | 'allowance-exhausted' | 'not-covered' | 'no-contract';
  readonly contractId?: string;
  readonly lineId?: string;
  readonly rule?: string;
  readonly share?: number;
  readonly warrantyUntil?: string;
  readonly allowance?: {
    readonly key: string;
    readonly hours?: number;
    readonly visits?: number;
    readonly usedMinutesBefore: number;
    readonly coveredMinutes: number;
    readonly visitCovered?: boolean;
  };
}

export interface InvoiceLine {
  /** The booking (B3) or transfer (T2) the line prices. */
  readonly source: string;
  readonly kind: 'time' | 'material' | 'cost' | 'subcontract';
  readonly description: string;
  readonly workDate: string;
  readonly quantity: number;
  readonly unit: 'h' | 'pc' | 'lump';
  readonly unitPrice: number;
  readonly amount: number;
  readonly warranty: number;
  readonly contract: number;
  readonly chargeable: number;
  readonly priceList?: { readonly id: string; readonly version: number };
  readonly coverage: CoverageBasis;
}

export interface InvoiceTotals {
  readonly total: number;
  readonly warranty: number;
  readonly contract: number;
  readonly chargeable: number;
}

export interface Consumption {
  readonly key: string;
  readonly contractId: string;
  readonly lineId: string;
  readonly period: string;
  readonly minutes: number;
  readonly visits: number;
}

export interface Proposal {
  readonly currency: string;
  readonly lines: readonly InvoiceLine[];
  readonly totals: InvoiceTotals;
  readonly consumption: readonly Consumption[];
}

export interface BillingContext {
  readonly call: Call;
  readonly priceLists: PriceListState;
  /** The contract the call is charged to (C4), as master data knows it now (lines keep their own dates). */
  readonly contract: Contract | null;
  readonly equipment: EquipmentState;
  /** What each contract line's limits gave out so far, by allowance key. */
  readonly allowances: ReadonlyMap<string, Allowance>;
}

const serviceOfLabour: Record<LabourType, Service> = {
  remote: 'remote-support',
  'on-site': 'on-site-repair',
  travel: 'on-site-repair',
  depot: 'depot-repair',
};

interface Priced {
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
  readonly priceList?: { readonly id: string; readonly version: number };
}

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

function priceItems(context: BillingContext): Array<Priced & { currency: string }> {
  const { call, priceLists } = context;
  const service = call.coverage?.service ?? 'remote-support';
  const priceOn = (day: string) => {
    const version = priceListOn(priceLists, day);
    if (!version) throw new DomainError('NoPriceList', `No price list is in effect on ${day}`);
    return version;
  };
  const items: Array<Priced & { currency: string }> = [];
  for (const [source, booking] of Object.entries(call.bookings).sort(byId)) {
    if (booking.cancelled) continue;
    if (booking.kind === 'time') {
      const version = priceOn(booking.workDate);
      const rate = version.prices.labour[booking.labourType];
      const visit =
        booking.transferId && call.transfers[booking.transferId]?.kind === 'on-site'
          ? booking.transferId
          : undefined;
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
        service: serviceOfLabour[booking.labourType],
        minutes: booking.minutes,
        ...(visit ? { visit } : {}),
        priceList: { id: version.priceListId, version: version.version },
        currency: version.prices.currency,
      });
    } else if (booking.kind === 'material') {
      const version = priceOn(booking.workDate);
      // An item is user data: `constructor` must find no price, not the inherited function.
      const price = Object.hasOwn(version.prices.materials, booking.item)
        ? version.prices.materials[booking.item]
        : undefined;
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
        service,
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
        service,
        currency: booking.amount.currency,
      });
    }
  }
  for (const [source, transfer] of Object.entries(call.transfers).sort(byId)) {
    if (transfer.kind !== 'subcontract' || transfer.status !== 'completed' || !transfer.actualCost)
      continue;
    const day = (transfer.closedAt ?? transfer.openedAt).toISOString().slice(0, 10);
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

const byId = ([a]: [string, unknown], [b]: [string, unknown]) =>
  Number(a.slice(1)) - Number(b.slice(1));

function decideCoverage(
  item: Priced,
  context: BillingContext,
  consumed: Map<string, Consumption>,
  visitsSeen: Map<string, boolean>,
): InvoiceLine {
  const { call, contract, equipment } = context;
  const { service: _service, minutes: _minutes, visit: _visit, ...shown } = item;
  const line = (warranty: number, covered: number, coverage: CoverageBasis): InvoiceLine => ({
    ...shown,
    warranty,
    contract: covered,
    chargeable: item.amount - warranty - covered,
    coverage,
  });
  if (
    equipment &&
    isUnderWarranty(equipment, item.workDate) &&
    warrantsFor(call, equipment, item.workDate)
  ) {
    return line(item.amount, 0, {
      basis: 'warranty',
      ...(equipment.warrantyUntil ? { warrantyUntil: equipment.warrantyUntil } : {}),
    });
  }
  if (!contract || call.subject.kind !== 'customer') return line(0, 0, { basis: 'no-contract' });
  let coverage;
  try {
    coverage = coverageFor(call.subject.customerId, [contract], equipment, {
      day: item.workDate,
      service: item.service,
      ...(call.subject.siteId ? { siteId: call.subject.siteId } : {}),
      ...(call.item.item ? { item: call.item.item } : {}),
      ...(call.item.serialNumber ? { serialNumber: call.item.serialNumber } : {}),
    });
  } catch (error) {
    if (error instanceof DomainError && error.code === 'NoActiveContract')
      return line(0, 0, { basis: 'no-contract', contractId: contract.id });
    throw error;
  }
  if (coverage.verdict === 'not-covered' || !coverage.lineId)
    return line(0, 0, { basis: 'not-covered', contractId: contract.id });
  const base = {
    contractId: contract.id,
    lineId: coverage.lineId,
    ...(coverage.rule ? { rule: coverage.rule } : {}),
    share: coverage.share,
  };
  const limits = coverage.limits;
  if (
    !limits ||
    (limits.hours === undefined && limits.visits === undefined) ||
    item.kind !== 'time'
  ) {
    return line(0, percentOf(item.amount, coverage.share), { basis: 'contract', ...base });
  }
  // Limits: included hours and visits per period, shared by all calls on the line.
  const period = limitPeriod(limits.per, item.workDate);
  const key = allowanceKey(contract.id, coverage.lineId, period);
  const before = usedByOthers(context.allowances.get(key), call.id);
  const mine = consumed.get(key) ?? {
    key,
    contractId: contract.id,
    lineId: coverage.lineId,
    period,
    minutes: 0,
    visits: 0,
  };
  let visitCovered = true;
  let visits = mine.visits;
  if (limits.visits !== undefined && item.visit) {
    const seen = visitsSeen.get(`${key}/${item.visit}`);
    if (seen === undefined) {
      visitCovered = before.visits + mine.visits < limits.visits;
      if (visitCovered) visits += 1;
      visitsSeen.set(`${key}/${item.visit}`, visitCovered);
    } else visitCovered = seen;
  }
  const usedMinutesBefore = before.minutes + mine.minutes;
  const remaining =
    limits.hours === undefined
      ? Number.POSITIVE_INFINITY
      : Math.max(0, limits.hours * 60 - usedMinutesBefore);
  const minutes = item.minutes ?? 0;
  const coveredMinutes = visitCovered ? Math.min(minutes, remaining) : 0;
  consumed.set(key, { ...mine, minutes: mine.minutes + coveredMinutes, visits });
  const covered =
    minutes === 0
      ? 0
      : scale(item.amount, coveredMinutes * basisPoints(coverage.share), minutes * 10_000);
  const allowance = {
    key,
    ...(limits.hours === undefined ? {} : { hours: limits.hours }),
    ...(limits.visits === undefined ? {} : { visits: limits.visits }),
    usedMinutesBefore,
    coveredMinutes,
    ...(item.visit ? { visitCovered } : {}),
  };
  return line(0, covered, {
    basis: coveredMinutes < minutes ? 'allowance-exhausted' : 'contract',
    ...base,
    allowance,
  });
}

/** The warranty is the owner's: it covers a customer's call only on equipment placed with that customer on the day of the work. */
function warrantsFor(call: Call, equipment: NonNullable<EquipmentState>, day: string): boolean {
  if (call.subject.kind !== 'customer') return true;
  return placementOn(equipment, day)?.customerId === call.subject.customerId;
}
