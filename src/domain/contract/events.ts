import { z } from 'zod';
import { day, id, instant, shortText, text, type EventsOf } from '../shared/schema.js';
import { limitPeriods, services } from './state.js';

/**
 * Every fact a contract can record. Stored events are forever: a schema here only ever
 * changes by adding a new version and an upcaster (see catalogue.ts).
 */

/** Strict members, so that { item, siteId } can only ever be read as item-at-site. */
export const coverageScopeSchema = z.union([
  z.strictObject({ serialNumber: shortText }),
  z.strictObject({ item: shortText, siteId: id }),
  z.strictObject({ siteId: id }),
  z.strictObject({ item: shortText }),
]);

const limitShape = {
  hours: z.number().positive().max(1_000_000).optional(),
  visits: z.number().int().positive().max(1_000_000).optional(),
  per: z.enum(limitPeriods),
};
const someLimit = (limits: { hours?: number | undefined; visits?: number | undefined }) =>
  limits.hours !== undefined || limits.visits !== undefined;
const someLimitMessage = { message: 'Limits name hours, visits or both' };

export const coverageLimitsSchema = z.object(limitShape).refine(someLimit, someLimitMessage);
/**
 * As a command gives them: included hours are counted by the minute (1.5 h, 0.25 h), so hours
 * that are no whole number of minutes (1.01 h) are refused here. Stored lines keep the schema
 * they were written under; billing counts theirs down to the whole minute.
 */
export const strictCoverageLimitsSchema = z
  .strictObject({
    ...limitShape,
    hours: limitShape.hours.refine(
      (hours) => hours === undefined || Math.abs(hours * 60 - Math.round(hours * 60)) < 1e-6,
      { error: 'a whole number of minutes: included hours are counted by the minute (1.5, 0.25)' },
    ),
  })
  .refine(someLimit, someLimitMessage);

export const coverageShare = z.number().int().min(1).max(100);

export const contractEventSchemas = {
  ContractRegistered: z.object({
    contractId: id,
    at: instant,
    customerId: id,
    from: day,
    until: day,
    serviceLevelPolicyId: id.optional(),
  }),
  ContractRenewed: z.object({ at: instant, previousUntil: day, until: day }),
  ContractTerminated: z.object({ at: instant, until: day, reason: text }),
  CoverageLineAdded: z.object({
    at: instant,
    lineId: id,
    service: z.enum(services),
    scope: coverageScopeSchema,
    share: coverageShare,
    limits: coverageLimitsSchema.optional(),
    from: day.optional(),
    until: day.optional(),
  }),
  CoverageLineEnded: z.object({ at: instant, lineId: id, until: day }),
} as const;

export type ContractEventType = keyof typeof contractEventSchemas;
export type ContractEventData<T extends ContractEventType> = z.output<
  (typeof contractEventSchemas)[T]
>;
export type ContractEvent = EventsOf<typeof contractEventSchemas>;
export type ContractEventOf<T extends ContractEventType> = Extract<ContractEvent, { type: T }>;

export const contractEventTypes = Object.keys(contractEventSchemas) as ContractEventType[];
