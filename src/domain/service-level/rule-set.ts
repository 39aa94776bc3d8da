import { z } from 'zod';
import { DomainError } from '../shared/errors.js';
import { id, instant, storedInstant, type Actor, type Role } from '../shared/schema.js';
import { serviceLevelRulesSchema, type ServiceLevelRules, type ServiceLevelVersion } from './rules.js';

/** A rule set's versions live on their own stream. */
export const serviceLevelStream = (ruleSetId: string): string => `service-levels-${ruleSetId}`;

export const serviceLevelCommandSchemas = {
  PublishServiceLevels: z.strictObject({ ruleSetId: id, effectiveFrom: instant, rules: serviceLevelRulesSchema }),
} as const;

export const serviceLevelEventSchemas = {
  ServiceLevelsPublished: z.object({ at: storedInstant, ruleSetId: id, version: z.number().int().positive(), effectiveFrom: storedInstant, rules: serviceLevelRulesSchema }),
} as const;

export type ServiceLevelCommand = { readonly type: 'PublishServiceLevels'; readonly at: Date; readonly actor: Actor } & z.output<(typeof serviceLevelCommandSchemas)['PublishServiceLevels']>;
export type ServiceLevelEvent = { readonly type: 'ServiceLevelsPublished'; readonly data: z.output<(typeof serviceLevelEventSchemas)['ServiceLevelsPublished']> };

/** Every version of one rule set, in publication order. */
export type RuleSetState = readonly ServiceLevelVersion[];
export const initialRuleSet = (): RuleSetState => [];

export const serviceLevelPermissions: Readonly<Record<'PublishServiceLevels', readonly Role[]>> = { PublishServiceLevels: ['supervisor'] };

export function decideServiceLevels(command: ServiceLevelCommand, versions: RuleSetState): ServiceLevelEvent[] {
  const last = versions[versions.length - 1];
  if (last && command.effectiveFrom.getTime() < last.effectiveFrom.getTime()) {
    // History is judged by the rules of its time: a new version cannot reach back before the last one.
    throw new DomainError('EffectiveDateBeforeLatest', `Version ${last.version + 1} of ${command.ruleSetId} cannot take effect before version ${last.version} (${last.effectiveFrom.toISOString()})`);
  }
  const { ruleSetId, effectiveFrom, rules } = command;
  return [{ type: 'ServiceLevelsPublished', data: { at: command.at, ruleSetId, version: (last?.version ?? 0) + 1, effectiveFrom, rules } }];
}

export function evolveServiceLevels(versions: RuleSetState, event: ServiceLevelEvent): RuleSetState {
  const { ruleSetId, version, effectiveFrom, rules } = event.data;
  return [...versions, { ruleSetId, version, effectiveFrom, rules: rules as ServiceLevelRules }];
}

/** The version in effect at an instant: the last one whose effective date has come. */
export function versionAt(versions: RuleSetState, at: Date): ServiceLevelVersion | undefined {
  let found: ServiceLevelVersion | undefined;
  for (const version of versions) if (version.effectiveFrom.getTime() <= at.getTime()) found = version;
  return found;
}
