import { z } from 'zod';
import { id, shortText, storedInstant, type CommandsOf, type EventsOf } from '../shared/schema.js';
import { channels } from '../shared/channels.js';
import { inboxModes } from '../intake/request.js';
import { timeZone } from '../calendar/schema.js';

/**
 * How the service organisation routes work (C2, C5): agent groups — work groups
 * (electricity, plumbing, …) or service-level groups (Servers level I, II, …) — support
 * centres (first line, second line, experts), the default destination of new calls, and the
 * taxonomy of call purposes. One stream: the organisation changes rarely and as a whole.
 */
export const ORGANISATION_STREAM = 'organisation';

export const groupKinds = ['work', 'service-level'] as const;
export const destinationKinds = ['supervisor', 'team-lead', 'agent', 'group'] as const;
export const centreLines = ['first', 'second', 'expert'] as const;
/** When a call is invoiced under the billing policy (D3, D4): once resolved, once accepted, or once closed. */
export const invoiceTriggers = ['resolution', 'acceptance', 'closing'] as const;
export type InvoiceTrigger = (typeof invoiceTriggers)[number];

const destination = z.strictObject({ kind: z.enum(destinationKinds), id });

export const organisationCommandSchemas = {
  DefineGroup: z.strictObject({
    groupId: id,
    name: shortText,
    kind: z.enum(groupKinds),
    /** For service-level groups: I = 1, II = 2, … */
    level: z.number().int().min(1).max(9).optional(),
    members: z.array(id).max(1000).default([]),
  }),
  RetireGroup: z.strictObject({ groupId: id }),
  DefineSupportCentre: z.strictObject({ centreId: id, name: shortText, line: z.enum(centreLines) }),
  SetDefaultDestination: z.strictObject({ destination }),
  DefinePurpose: z.strictObject({ purposeId: id, name: shortText }),
  /** The company's default service levels: the rule set calls use when neither contract nor customer names one. */
  SetDefaultServiceLevels: z.strictObject({ ruleSetId: id }),
  /**
   * When calls are invoiced (D4) and with which price list: the company's rule, or a
   * contract's own when `contractId` is given.
   */
  SetBillingPolicy: z.strictObject({
    invoiceOn: z.enum(invoiceTriggers),
    priceListId: id,
    contractId: id.optional(),
  }),
  /** One shared inbox or one per channel (A6), and the channels whose requests are accepted at once by the system. */
  SetInboxes: z.strictObject({
    mode: z.enum(inboxModes),
    autoAccept: z.array(z.enum(channels)).max(20).default([]),
  }),
  /**
   * D3: whether a solved call closes only after the customer accepted the solution: the
   * company's rule, or a contract's own when `contractId` is given (default: not required).
   */
  SetAcceptancePolicy: z.strictObject({
    required: z.boolean().meta({
      description:
        'true: closing a solved call before the customer accepted it is refused (AcceptanceRequired)',
    }),
    contractId: id.optional(),
  }),
  /**
   * The zone whose calendar day a request, a booking or a command falls on, for the days of
   * contracts, coverage lines, blocks and the installed base (default UTC). A contract's
   * `until` day is inclusive, judged in this zone.
   */
  SetTimeZone: z.strictObject({ timeZone }),
} as const;

const at = storedInstant;
export const organisationEventSchemas = {
  GroupDefined: z.object({
    at,
    groupId: id,
    name: shortText,
    kind: z.enum(groupKinds),
    level: z.number().int().optional(),
    members: z.array(id),
  }),
  GroupRetired: z.object({ at, groupId: id }),
  SupportCentreDefined: z.object({ at, centreId: id, name: shortText, line: z.enum(centreLines) }),
  DefaultDestinationSet: z.object({
    at,
    destination: z.object({ kind: z.enum(destinationKinds), id }),
  }),
  PurposeDefined: z.object({ at, purposeId: id, name: shortText }),
  DefaultServiceLevelsSet: z.object({ at, ruleSetId: id }),
  InboxesSet: z.object({ at, mode: z.enum(inboxModes), autoAccept: z.array(z.enum(channels)) }),
  BillingPolicySet: z.object({
    at,
    invoiceOn: z.enum(invoiceTriggers),
    priceListId: id,
    contractId: id.optional(),
  }),
  AcceptancePolicySet: z.object({ at, required: z.boolean(), contractId: id.optional() }),
  TimeZoneSet: z.object({ at, timeZone: z.string() }),
} as const;

export type OrganisationCommand = CommandsOf<typeof organisationCommandSchemas>;
export type OrganisationEvent = EventsOf<typeof organisationEventSchemas>;
