import { inTimeOrder } from '../shared/time-order.js';
import { z } from 'zod';
import { skill } from '../engineer/schemas.js';
import { channels } from '../shared/channels.js';
import type { Decider } from '../shared/decider.js';
import { DomainError } from '../shared/errors.js';
import { entryOf } from '../shared/objects.js';
import type { Organisation } from '../organisation/state.js';
import { worksInGroup } from '../organisation/routing.js';
import { ensureNamedByGroups } from '../organisation/staff.js';
import type { EngineerState } from '../engineer/state.js';
import {
  id,
  instant,
  shortText,
  storedInstant,
  type CommandsOf,
  type EventsOf,
  type Role,
} from '../shared/schema.js';
import { nextVersion } from '../shared/versions.js';

/**
 * Routing rules as data (issue 21, C2): versioned like service levels (effective dates,
 * versions), on one stream. A rule's conditions all hold (each list: any of its values);
 * the first rule that matches and whose destination can be met routes the call.
 */
export const ROUTING_RULES_STREAM = 'routing-rules';

/** The kind of routing: a new call, one reopened, one returned from second line. */
export const routingOccasions = ['new', 'reopened', 'returned'] as const;
export type RoutingOccasion = (typeof routingOccasions)[number];

const list = <T extends z.ZodType>(value: T) => z.array(value).min(1).max(500).optional();

export const routingConditions = z.strictObject({
  /** The kind of routing: a new call, one reopened, one returned from second line. */
  occasions: list(z.enum(routingOccasions)),
  channels: list(z.enum(channels)),
  purposes: list(id),
  products: list(shortText),
  itemGroups: list(shortText),
  sites: list(id),
  regions: list(id),
  customers: list(id),
  priorities: list(z.number().int().min(1).max(9)),
  /** Skills the engineer chosen must have (an engineer or least-loaded destination). */
  skills: list(skill),
});
export type RoutingConditions = z.output<typeof routingConditions>;

export const routingDestination = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('group'), group: id }),
  z.strictObject({ kind: z.literal('engineer'), engineer: id, group: id.optional() }),
  z.strictObject({ kind: z.literal('default') }),
  /** Load balancing: among eligible engineers (of the group, with the skills, serving the call's site or region), the one with the least open work. */
  z.strictObject({ kind: z.literal('least-loaded'), group: id.optional() }),
]);
export type RoutingDestination = z.output<typeof routingDestination>;

export const routingRule = z.strictObject({
  ruleId: id,
  when: routingConditions.default({}),
  then: routingDestination,
});
export type RoutingRule = z.output<typeof routingRule>;

export const routingRules = z.array(routingRule).min(1).max(1000);

export const routingCommandSchemas = {
  PublishRoutingRules: z.strictObject({ effectiveFrom: instant, rules: routingRules }),
} as const;

export const routingEventSchemas = {
  RoutingRulesPublished: z.object({
    at: storedInstant,
    version: z.number().int().positive(),
    effectiveFrom: storedInstant,
    rules: routingRules,
  }),
} as const;

export type RoutingCommand = CommandsOf<typeof routingCommandSchemas>;
export type RoutingEvent = EventsOf<typeof routingEventSchemas>;

export interface RoutingVersion {
  readonly version: number;
  readonly effectiveFrom: Date;
  readonly rules: readonly RoutingRule[];
}
export type RoutingRulesState = readonly RoutingVersion[];

export const routingPermissions: Readonly<Record<'PublishRoutingRules', readonly Role[]>> = {
  PublishRoutingRules: ['supervisor'],
};

/**
 * Every published version, in order; a new one may not take effect before the last. Its rules
 * may send calls only to the organisation's active groups (when it defines groups), and an
 * engineer only within a group they belong to: a misspelt group would otherwise be skipped,
 * call after call, in silence.
 */
export const routingDecider: Decider<
  RoutingRulesState,
  RoutingCommand & {
    readonly organisation?: Organisation;
    /** The engineers the rules name, as master data knows them (null: not defined). */
    readonly engineers?: ReadonlyMap<string, EngineerState>;
  },
  RoutingEvent
> = {
  initialState: () => [],
  decide: inTimeOrder((command, versions) => {
    ensureDestinationsExist(command.rules, command.organisation, command.engineers);
    return [
      {
        type: 'RoutingRulesPublished',
        data: {
          at: command.at,
          version: nextVersion(versions, command.effectiveFrom, 'the routing rules'),
          effectiveFrom: command.effectiveFrom,
          rules: command.rules,
        },
      },
    ];
  }, 'the routing rules'),
  evolve: (versions, { data: { version, effectiveFrom, rules } }) => [
    ...versions,
    { version, effectiveFrom, rules },
  ],
};

function ensureDestinationsExist(
  rules: readonly RoutingRule[],
  organisation: Organisation | undefined,
  engineers: ReadonlyMap<string, EngineerState> | undefined,
): void {
  if (!organisation || Object.keys(organisation.groups).length === 0) return;
  for (const { ruleId, then } of rules) {
    if ('group' in then && then.group !== undefined)
      ensureGroupTakes(
        organisation,
        ruleId,
        then.group,
        'engineer' in then ? then.engineer : undefined,
      );
    // An engineer nobody knows would never be chosen: the rule would fall through in silence.
    if (then.kind === 'engineer' && !engineers?.get(then.engineer))
      ofRule(ruleId, () => ensureNamedByGroups(organisation, then.engineer));
  }
}

/** A rule's group: active, and taking the engineer the rule names, when it names one. */
function ensureGroupTakes(
  organisation: Organisation,
  ruleId: string,
  groupId: string,
  engineer: string | undefined,
): void {
  const groups = organisation.groups;
  const group = entryOf(groups, groupId);
  if (!group?.active)
    throw new DomainError(
      'GroupNotFound',
      `Rule ${ruleId} sends calls to group ${groupId}, which ${group ? 'is retired' : 'is not defined (DefineGroup first)'}; active groups: ${Object.keys(
        groups,
      )
        .filter((g) => entryOf(groups, g)!.active)
        .join(', ')}`,
      { group: groupId, ruleId },
    );
  if (engineer !== undefined && !worksInGroup(organisation, groupId, engineer))
    throw new DomainError(
      'NotAGroupMember',
      `Rule ${ruleId} sends calls to ${engineer} in group ${groupId}, of which they are not a member`,
      { group: groupId, engineer, ruleId },
    );
}

/** A refusal of one rule's destination, naming the rule. */
function ofRule(ruleId: string, check: () => void): void {
  try {
    check();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw new DomainError(error.code, `Rule ${ruleId}: ${error.message}`, {
      ...error.details,
      ruleId,
    });
  }
}

/**
 * The rules that send calls to `group` (as a group, an engineer's group or a least-loaded
 * pool), of the version in effect at `at` and of every version to take effect after it:
 * the group must stay for as long as one of them routes to it.
 */
export function rulesRoutingTo(
  versions: RoutingRulesState,
  group: string,
  at: Date,
): Array<{ readonly version: number; readonly ruleId: string }> {
  const current = versions.findLast((v) => v.effectiveFrom <= at);
  const applying = versions.filter((v) => v === current || v.effectiveFrom > at);
  return applying.flatMap(({ version, rules }) =>
    rules
      .filter(({ then }) => 'group' in then && then.group === group)
      .map(({ ruleId }) => ({ version, ruleId })),
  );
}
