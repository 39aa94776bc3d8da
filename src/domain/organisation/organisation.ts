import { z } from 'zod';
import { DomainError } from '../shared/errors.js';
import { strip } from '../shared/objects.js';
import {
  id,
  shortText,
  storedInstant,
  type CommandsOf,
  type EventsOf,
  type Role,
} from '../shared/schema.js';
import { channels, type Channel } from '../shared/channels.js';
import { inboxModes, type InboxMode } from '../intake/request.js';
import { timeZone } from '../calendar/schema.js';
import type { Decider } from '../shared/decider.js';

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

type Schemas = typeof organisationCommandSchemas;
export type OrganisationCommand = CommandsOf<Schemas>;
export type OrganisationEvent = EventsOf<typeof organisationEventSchemas>;

export interface Group {
  readonly name: string;
  readonly kind: (typeof groupKinds)[number];
  readonly level?: number;
  readonly members: readonly string[];
  readonly active: boolean;
}

export interface Organisation {
  readonly groups: Readonly<Record<string, Group>>;
  readonly supportCentres: Readonly<
    Record<string, { readonly name: string; readonly line: (typeof centreLines)[number] }>
  >;
  readonly defaultDestination?: {
    readonly kind: (typeof destinationKinds)[number];
    readonly id: string;
  };
  readonly purposes: Readonly<Record<string, string>>;
  readonly defaultServiceLevels?: string;
  readonly inboxes: { readonly mode: InboxMode; readonly autoAccept: readonly Channel[] };
  readonly billing?: BillingPolicy;
  readonly contractBilling: Readonly<Record<string, BillingPolicy>>;
  /** D3, the company's rule (absent: acceptance is not required). */
  readonly acceptanceRequired?: boolean;
  readonly contractAcceptance?: Readonly<Record<string, boolean>>;
  /** The zone whose calendar day things fall on (absent: UTC). */
  readonly timeZone?: string;
}

/** Whether a call charged to this contract closes only after acceptance: the contract's rule, else the company's. */
export function acceptanceRequiredFor(
  organisation: Organisation,
  contractId: string | undefined,
): boolean {
  const own = organisation.contractAcceptance;
  if (contractId !== undefined && own && Object.hasOwn(own, contractId)) return own[contractId]!;
  return organisation.acceptanceRequired ?? false;
}

/** The organisation's zone for calendar days. */
export const organisationTimeZone = (organisation: Organisation): string =>
  organisation.timeZone ?? 'UTC';

export interface BillingPolicy {
  readonly invoiceOn: InvoiceTrigger;
  readonly priceListId: string;
}

/** The billing rule for a contract: its own, else the company's. */
export function billingPolicyOf(
  organisation: Organisation,
  contractId: string | undefined,
): BillingPolicy | undefined {
  return (
    (contractId ? organisation.contractBilling[contractId] : undefined) ?? organisation.billing
  );
}

export const initialOrganisation = (): Organisation => ({
  groups: {},
  supportCentres: {},
  purposes: {},
  inboxes: { mode: 'shared', autoAccept: [] },
  contractBilling: {},
});

export const organisationPermissions: Readonly<Record<keyof Schemas, readonly Role[]>> = {
  DefineGroup: ['supervisor'],
  RetireGroup: ['supervisor'],
  DefineSupportCentre: ['supervisor'],
  SetDefaultDestination: ['supervisor'],
  DefinePurpose: ['supervisor'],
  SetDefaultServiceLevels: ['supervisor'],
  SetInboxes: ['supervisor'],
  SetBillingPolicy: ['supervisor', 'billing'],
  SetAcceptancePolicy: ['supervisor'],
  SetTimeZone: ['supervisor'],
};

export function decideOrganisation(
  command: OrganisationCommand,
  state: Organisation,
): OrganisationEvent[] {
  const { at } = command;
  switch (command.type) {
    case 'DefineGroup': {
      if (command.kind === 'service-level' && command.level === undefined) {
        throw new DomainError(
          'LevelRequired',
          `Service-level group ${command.groupId} needs its level (I = 1, II = 2, …)`,
        );
      }
      const { groupId, name, kind, level, members } = command;
      return [
        {
          type: 'GroupDefined',
          data: strip({ at, groupId, name, kind, level, members: [...new Set(members)] }),
        },
      ];
    }
    case 'RetireGroup':
      if (!state.groups[command.groupId]?.active)
        throw new DomainError('GroupNotFound', `No active group ${command.groupId}`);
      return [{ type: 'GroupRetired', data: { at, groupId: command.groupId } }];
    case 'DefineSupportCentre':
      return [
        {
          type: 'SupportCentreDefined',
          data: { at, centreId: command.centreId, name: command.name, line: command.line },
        },
      ];
    case 'SetDefaultDestination':
      if (command.destination.kind === 'group' && !state.groups[command.destination.id]?.active) {
        throw new DomainError(
          'GroupNotFound',
          `No active group ${command.destination.id} to send new calls to`,
        );
      }
      return [{ type: 'DefaultDestinationSet', data: { at, destination: command.destination } }];
    case 'DefinePurpose':
      return [
        { type: 'PurposeDefined', data: { at, purposeId: command.purposeId, name: command.name } },
      ];
    case 'SetDefaultServiceLevels':
      return [{ type: 'DefaultServiceLevelsSet', data: { at, ruleSetId: command.ruleSetId } }];
    case 'SetBillingPolicy':
      return [
        {
          type: 'BillingPolicySet',
          data: strip({
            at,
            invoiceOn: command.invoiceOn,
            priceListId: command.priceListId,
            contractId: command.contractId,
          }),
        },
      ];
    case 'SetInboxes':
      return [
        {
          type: 'InboxesSet',
          data: { at, mode: command.mode, autoAccept: [...new Set(command.autoAccept)] },
        },
      ];
    case 'SetAcceptancePolicy':
      return [
        {
          type: 'AcceptancePolicySet',
          data: strip({ at, required: command.required, contractId: command.contractId }),
        },
      ];
    case 'SetTimeZone':
      return [{ type: 'TimeZoneSet', data: { at, timeZone: command.timeZone } }];
  }
}

export function evolveOrganisation(state: Organisation, event: OrganisationEvent): Organisation {
  switch (event.type) {
    case 'GroupDefined': {
      const { groupId, name, kind, level, members } = event.data;
      return {
        ...state,
        groups: { ...state.groups, [groupId]: strip({ name, kind, level, members, active: true }) },
      };
    }
    case 'GroupRetired': {
      const group = state.groups[event.data.groupId];
      return group
        ? {
            ...state,
            groups: { ...state.groups, [event.data.groupId]: { ...group, active: false } },
          }
        : state;
    }
    case 'SupportCentreDefined':
      return {
        ...state,
        supportCentres: {
          ...state.supportCentres,
          [event.data.centreId]: { name: event.data.name, line: event.data.line },
        },
      };
    case 'DefaultDestinationSet':
      return { ...state, defaultDestination: event.data.destination };
    case 'PurposeDefined':
      return { ...state, purposes: { ...state.purposes, [event.data.purposeId]: event.data.name } };
    case 'DefaultServiceLevelsSet':
      return { ...state, defaultServiceLevels: event.data.ruleSetId };
    case 'BillingPolicySet': {
      const { invoiceOn, priceListId, contractId } = event.data;
      return contractId
        ? {
            ...state,
            contractBilling: { ...state.contractBilling, [contractId]: { invoiceOn, priceListId } },
          }
        : { ...state, billing: { invoiceOn, priceListId } };
    }
    case 'InboxesSet':
      return { ...state, inboxes: { mode: event.data.mode, autoAccept: event.data.autoAccept } };
    case 'AcceptancePolicySet': {
      const { required, contractId } = event.data;
      return contractId
        ? { ...state, contractAcceptance: { ...state.contractAcceptance, [contractId]: required } }
        : { ...state, acceptanceRequired: required };
    }
    case 'TimeZoneSet':
      return { ...state, timeZone: event.data.timeZone };
  }
}

/**
 * Routing rules a call's commands are checked against. An organisation that defines no
 * groups (an embedding application that routes elsewhere) constrains nothing.
 */
export function ensureKnownDestination(
  organisation: Organisation,
  target: { group?: string; supportCentre?: string; engineer?: string },
): void {
  const groups = Object.keys(organisation.groups);
  if (target.group !== undefined && groups.length > 0) {
    const group = organisation.groups[target.group];
    if (!group?.active) {
      throw new DomainError(
        'GroupNotFound',
        `No active group ${target.group}; groups: ${groups.filter((g) => organisation.groups[g]!.active).join(', ')}`,
        { group: target.group },
      );
    }
    if (
      target.engineer !== undefined &&
      group.members.length > 0 &&
      !group.members.includes(target.engineer)
    ) {
      throw new DomainError(
        'NotAGroupMember',
        `${target.engineer} is not a member of group ${target.group}`,
        { group: target.group, engineer: target.engineer },
      );
    }
  }
  const centres = Object.keys(organisation.supportCentres);
  if (
    target.supportCentre !== undefined &&
    centres.length > 0 &&
    !organisation.supportCentres[target.supportCentre]
  ) {
    throw new DomainError(
      'SupportCentreNotFound',
      `No support centre ${target.supportCentre}; centres: ${centres.join(', ')}`,
      { supportCentre: target.supportCentre },
    );
  }
}

export function ensureKnownPurpose(organisation: Organisation, purpose: string): void {
  const known = Object.keys(organisation.purposes);
  if (known.length > 0 && !organisation.purposes[purpose]) {
    throw new DomainError(
      'PurposeNotFound',
      `No purpose ${purpose}; purposes: ${known.join(', ')}`,
      { purpose },
    );
  }
}

/** The organisation's settings as one value: one stream, starting from the defaults. */
export const organisationDecider: Decider<Organisation, OrganisationCommand, OrganisationEvent> = {
  initialState: initialOrganisation,
  decide: decideOrganisation,
  evolve: evolveOrganisation,
};
