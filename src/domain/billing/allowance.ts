import { z } from 'zod';
import type { Fold } from '../shared/decider.js';
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

export interface Allowance {
  readonly byCall: Readonly<Record<string, { readonly minutes: number; readonly visits: number }>>;
}
export const initialAllowance = (): Allowance => ({ byCall: {} });

export function evolveAllowance(state: Allowance, event: AllowanceEvent): Allowance {
  if (event.type === 'AllowanceConsumed') {
    const { callId, minutes, visits } = event.data;
    return { byCall: { ...state.byCall, [callId]: { minutes, visits } } };
  }
  const { [event.data.callId]: _released, ...rest } = state.byCall;
  return { byCall: rest };
}

/** Used by calls other than `callId`: re-billing a call never counts its own earlier use twice. */
export function usedByOthers(
  allowance: Allowance | undefined,
  callId: string,
): { minutes: number; visits: number } {
  let minutes = 0;
  let visits = 0;
  for (const [other, use] of Object.entries(allowance?.byCall ?? {})) {
    if (other === callId) continue;
    minutes += use.minutes;
    visits += use.visits;
  }
  return { minutes, visits };
}

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
