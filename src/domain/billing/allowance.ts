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

/** The period a limit counts in, for a day of work. */
export function limitPeriod(per: 'contract' | 'year' | 'month', day: string): string {
  return per === 'contract' ? 'contract' : per === 'year' ? day.slice(0, 4) : day.slice(0, 7);
}

/** How an allowance stream folds. It has no decider: billing records consumption as part of billing a call. */
export const allowanceFold: Fold<Allowance, AllowanceEvent> = {
  initialState: initialAllowance,
  evolve: evolveAllowance,
};
