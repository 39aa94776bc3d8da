import { z } from 'zod';
import type { Fold } from '../shared/decider.js';
import { emptyMap, getIn, removeIn, setIn, type PersistentMap } from '../shared/persistent-map.js';
import { id, storedInstant, type EventsOf } from '../shared/schema.js';

/**
 * What a contract line's limits (hours, visits per contract, year or month) have given
 * out, call by call: one stream per line and period, so two calls billed at once cannot
 * both take the last included hour (the expected revision decides).
 */
export const allowanceStream = (key: string): string => `allowance-${key}`;
export const allowanceKey = (contractId: string, lineId: string, period: string): string =>
  `${contractId}.${lineId}.${period}`;

export const allowanceEventSchemas = {
  AllowanceConsumed: z.object({
    at: storedInstant,
    callId: z.uuid(),
    contractId: id,
    lineId: id,
    period: z.string(),
    minutes: z.number().int().nonnegative(),
    visits: z.number().int().nonnegative(),
  }),
  AllowanceReleased: z.object({ at: storedInstant, callId: z.uuid(), reason: z.string() }),
} as const;
export type AllowanceEvent = EventsOf<typeof allowanceEventSchemas>;

/** What one call, or all calls together, took of a limit. */
export interface AllowanceUse {
  readonly minutes: number;
  readonly visits: number;
}

/**
 * Each call's use by call id, and their sum kept as the stream folds: a line's allowance
 * gathers every call on it for the contract's whole term, so billing the next call neither
 * copies nor adds up all earlier ones.
 */
export interface Allowance {
  readonly byCall: PersistentMap<AllowanceUse>;
  readonly used: AllowanceUse;
}
const NONE: AllowanceUse = { minutes: 0, visits: 0 };
export const initialAllowance = (): Allowance => ({ byCall: emptyMap(), used: NONE });

/** The use an event leaves its call with: what it consumed, or none once released. */
export const useAfter = (event: AllowanceEvent): AllowanceUse | undefined =>
  event.type === 'AllowanceConsumed'
    ? { minutes: event.data.minutes, visits: event.data.visits }
    : undefined;

/** Sums with one call's use replaced: a call billed again never counts its earlier use twice. */
export const withUseReplaced = (
  sums: AllowanceUse,
  before: AllowanceUse | undefined,
  after: AllowanceUse | undefined,
): AllowanceUse => ({
  minutes: sums.minutes - (before?.minutes ?? 0) + (after?.minutes ?? 0),
  visits: sums.visits - (before?.visits ?? 0) + (after?.visits ?? 0),
});

export function evolveAllowance(state: Allowance, event: AllowanceEvent): Allowance {
  const { callId } = event.data;
  const after = useAfter(event);
  return {
    byCall: after ? setIn(state.byCall, callId, after) : removeIn(state.byCall, callId),
    used: withUseReplaced(state.used, getIn(state.byCall, callId), after),
  };
}

/** What `callId` has taken of the limit, if anything. */
export const useOf = (allowance: Allowance, callId: string): AllowanceUse | undefined =>
  getIn(allowance.byCall, callId);

/** Used by calls other than `callId`. */
export const usedByOthers = (allowance: Allowance | undefined, callId: string): AllowanceUse =>
  allowance ? withUseReplaced(allowance.used, useOf(allowance, callId), undefined) : NONE;

/**
 * The period a limit counts in, for a day of work: the whole contract, the calendar month, or
 * the year of the contract it falls in, counted from the contract's first day as the
 * contract was sold (from 1 July: July to June). A year from 1 January keeps the name it
 * always had (2026); another is named by its first day (2026-07-01). A contract from
 * 29 February starts its years on the day after 28 February when there is no 29th.
 */
export function limitPeriod(
  per: 'contract' | 'year' | 'month',
  day: string,
  contractFrom: string,
): string {
  if (per === 'contract') return 'contract';
  if (per === 'month') return day.slice(0, 7);
  const anniversary = contractFrom.slice(4); // -MM-DD
  if (anniversary === '-01-01') return day.slice(0, 4);
  const year = Number(day.slice(0, 4));
  const start = day.slice(4) >= anniversary ? year : year - 1;
  return `${String(start).padStart(4, '0')}${anniversary}`;
}

/** How an allowance stream folds. It has no decider: billing records consumption as part of billing a call. */
export const allowanceFold: Fold<Allowance, AllowanceEvent> = {
  initialState: initialAllowance,
  evolve: evolveAllowance,
};
