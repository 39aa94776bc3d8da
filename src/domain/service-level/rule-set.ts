import { inTimeOrder } from '../shared/time-order.js';
import { z } from 'zod';
import { nextVersion } from '../shared/versions.js';
import {
  id,
  instant,
  storedInstant,
  type CommandsOf,
  type EventsOf,
  type Role,
} from '../shared/schema.js';
import { serviceLevelRulesSchema, type ServiceLevelVersion } from './rules.js';
import type { Decider } from '../shared/decider.js';

/** A rule set's versions live on their own stream. */
export const serviceLevelStream = (ruleSetId: string): string => `service-levels-${ruleSetId}`;

export const serviceLevelCommandSchemas = {
  PublishServiceLevels: z.strictObject({
    ruleSetId: id,
    effectiveFrom: instant,
    rules: serviceLevelRulesSchema,
  }),
} as const;

export const serviceLevelEventSchemas = {
  ServiceLevelsPublished: z.object({
    at: storedInstant,
    ruleSetId: id,
    version: z.number().int().positive(),
    effectiveFrom: storedInstant,
    rules: serviceLevelRulesSchema,
  }),
} as const;

export type ServiceLevelCommand = CommandsOf<typeof serviceLevelCommandSchemas>;
export type ServiceLevelEvent = EventsOf<typeof serviceLevelEventSchemas>;

/** Every version of one rule set, in publication order. */
export type RuleSetState = readonly ServiceLevelVersion[];
export const initialRuleSet = (): RuleSetState => [];

export const serviceLevelPermissions: Readonly<Record<'PublishServiceLevels', readonly Role[]>> = {
  PublishServiceLevels: ['supervisor'],
};

export function decideServiceLevels(
  command: ServiceLevelCommand,
  versions: RuleSetState,
): ServiceLevelEvent[] {
  const { ruleSetId, effectiveFrom, rules } = command;
  const version = nextVersion(versions, effectiveFrom, `service levels ${ruleSetId}`);
  return [
    {
      type: 'ServiceLevelsPublished',
      data: { at: command.at, ruleSetId, version, effectiveFrom, rules },
    },
  ];
}

export function evolveServiceLevels(
  versions: RuleSetState,
  event: ServiceLevelEvent,
): RuleSetState {
  const { ruleSetId, version, effectiveFrom, rules } = event.data;
  return [...versions, { ruleSetId, version, effectiveFrom, rules: rules }];
}

export { versionAt } from '../shared/versions.js';

/** A rule set's rules as one value: its versions, none before the first publication. */
export const serviceLevelDecider: Decider<RuleSetState, ServiceLevelCommand, ServiceLevelEvent> = {
  initialState: initialRuleSet,
  decide: inTimeOrder(decideServiceLevels, 'the service-level rule set'),
  evolve: evolveServiceLevels,
};
