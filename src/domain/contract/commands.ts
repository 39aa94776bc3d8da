import { z } from 'zod';
import { day, id, workText, type CommandsOf, type PayloadOf } from '../shared/schema.js';
import { coverageScopeSchema, coverageShare, strictCoverageLimitsSchema } from './events.js';
import { services } from './state.js';

/**
 * What can be asked of a contract, as the boundary validates it. Objects are strict: a
 * misspelt field is an error, not silently ignored. Every `until` is a last day, inclusive.
 */
const firstDay = day.describe(
  "The first day of validity, inclusive, a calendar day in the organisation's zone (SetTimeZone; UTC by default).",
);
const lastDay = day.describe(
  "The last day of validity, inclusive: a request on the day after is outside. A calendar day in the organisation's zone (SetTimeZone; UTC by default).",
);

export const contractCommandSchemas = {
  RegisterContract: z.strictObject({
    contractId: id,
    customerId: id,
    from: firstDay,
    until: lastDay,
    serviceLevelPolicyId: id.optional(),
  }),
  /** Moves the last day of validity later. */
  RenewContract: z.strictObject({ until: lastDay }),
  /** Ends validity on `until` (its last day), for a reason. */
  TerminateContract: z.strictObject({ until: lastDay, reason: workText }),
  /** Without a lineId the next free one (L1, L2, …) is taken. */
  AddCoverageLine: z.strictObject({
    lineId: id.optional(),
    service: z.enum(services),
    scope: coverageScopeSchema,
    share: coverageShare,
    limits: strictCoverageLimitsSchema.optional(),
    from: firstDay.optional(),
    until: lastDay.optional(),
  }),
  EndCoverageLine: z.strictObject({ lineId: id, until: lastDay }),
} as const;

export type ContractCommandType = keyof typeof contractCommandSchemas;
export type ContractCommandPayload<T extends ContractCommandType> = PayloadOf<
  (typeof contractCommandSchemas)[T]
>;

export type ContractCommand = CommandsOf<typeof contractCommandSchemas>;
export type ContractCommandOf<T extends ContractCommandType> = Extract<
  ContractCommand,
  { type: T }
>;

export const contractCommandTypes = Object.keys(contractCommandSchemas) as ContractCommandType[];
