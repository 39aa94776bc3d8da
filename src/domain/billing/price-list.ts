import { inTimeOrder } from '../shared/time-order.js';
import { z } from 'zod';
import { DomainError } from '../shared/errors.js';
import { nextVersion } from '../shared/versions.js';
import { localDateOf } from '../calendar/zone.js';
import {
  currency,
  id,
  instant,
  shortText,
  storedInstant,
  type CommandsOf,
  type EventsOf,
  type Role,
} from '../shared/schema.js';
import { labourTypes } from '../call/state.js';
import type { Decider } from '../shared/decider.js';

/**
 * Prices (D2): an hourly rate per labour type, material prices per item, and the margin on
 * subcontracted work passed on to the customer. Versions with effective dates, like service
 * levels: a line is priced by the version in effect on the day of the work, and records it.
 */
export const priceListStream = (priceListId: string): string => `price-list-${priceListId}`;

const minor = z.number().int().min(0).max(1e12);

export const priceListSchema = z.object({
  currency,
  /** Per hour, in minor units of the currency. */
  labour: z.object(
    Object.fromEntries(labourTypes.map((type) => [type, minor])) as Record<
      (typeof labourTypes)[number],
      typeof minor
    >,
  ),
  /** Per unit, by item. */
  materials: z.record(shortText, minor).default({}),
  /** Added to the actual cost of subcontracted work, in percent. */
  subcontractMarginPercent: z.number().min(0).max(500).default(0),
});
export type PriceList = z.output<typeof priceListSchema>;

let currenciesInUse: ReadonlySet<string> | undefined;
/** The ISO 4217 codes of currencies in use, as the runtime's ICU data knows them (read once, when first asked). */
const isCurrencyInUse = (code: string): boolean =>
  (currenciesInUse ??= new Set(Intl.supportedValuesOf('currency'))).has(code);

export const priceListCommandSchemas = {
  PublishPriceList: z.strictObject({
    priceListId: id,
    effectiveFrom: instant,
    prices: priceListSchema.extend({
      // A typo would found a price list in no currency: refused when given only, as below.
      currency: currency.refine(isCurrencyInUse, {
        error: 'not a currency in use (ISO 4217: EUR, USD, CHF, …)',
      }),
      // Billing computes in basis points: a finer margin would be billed as another one.
      // Refused when given only; stored events stay readable as they were written.
      subcontractMarginPercent: z
        .number()
        .min(0)
        .max(500)
        .refine((percent) => Math.abs(percent * 100 - Math.round(percent * 100)) < 1e-6, {
          error: 'at most two decimals: the margin is applied in hundredths of a percent',
        })
        .default(0),
    }),
  }),
} as const;

export const priceListEventSchemas = {
  PriceListPublished: z.object({
    at: storedInstant,
    priceListId: id,
    version: z.number().int().positive(),
    effectiveFrom: storedInstant,
    prices: priceListSchema,
  }),
} as const;

export type PriceListCommand = CommandsOf<typeof priceListCommandSchemas>;
export type PriceListEvent = EventsOf<typeof priceListEventSchemas>;

export interface PriceListVersion {
  readonly priceListId: string;
  readonly version: number;
  readonly effectiveFrom: Date;
  readonly prices: PriceList;
}
export type PriceListState = readonly PriceListVersion[];
export const initialPriceList = (): PriceListState => [];

export const priceListPermissions: Readonly<Record<'PublishPriceList', readonly Role[]>> = {
  PublishPriceList: ['billing', 'supervisor'],
};

export function decidePriceList(
  command: PriceListCommand,
  versions: PriceListState,
): PriceListEvent[] {
  const version = nextVersion(versions, command.effectiveFrom, `price list ${command.priceListId}`);
  const last = versions[versions.length - 1];
  if (last && last.prices.currency !== command.prices.currency) {
    throw new DomainError(
      'CurrencyChange',
      `Price list ${command.priceListId} is in ${last.prices.currency}; publish a new price list for ${command.prices.currency}`,
    );
  }
  const { priceListId, effectiveFrom, prices } = command;
  return [
    {
      type: 'PriceListPublished',
      data: { at: command.at, priceListId, version, effectiveFrom, prices },
    },
  ];
}

export function evolvePriceList(versions: PriceListState, event: PriceListEvent): PriceListState {
  const { priceListId, version, effectiveFrom, prices } = event.data;
  return [...versions, { priceListId, version, effectiveFrom, prices }];
}

/**
 * The version in effect on a day (YYYY-MM-DD) of the organisation's zone: the last whose
 * effective instant falls on that day or before it, in that zone. Judged in UTC, a list
 * effective from midnight in Paris would price the last day of the old year.
 */
export function priceListOn(
  versions: PriceListState,
  day: string,
  timeZone: string,
): PriceListVersion | undefined {
  let found: PriceListVersion | undefined;
  for (const version of versions)
    if (localDateOf(timeZone, version.effectiveFrom) <= day) found = version;
  return found;
}

/** A price list's rules as one value: its versions, none before the first publication. */
export const priceListDecider: Decider<PriceListState, PriceListCommand, PriceListEvent> = {
  initialState: initialPriceList,
  decide: inTimeOrder(decidePriceList, 'the price list'),
  evolve: evolvePriceList,
};
