import type { KnownSettings } from '../domain/shared/known-settings.js';
import type { Organisation } from '../domain/organisation/state.js';
import type { EngineerState } from '../domain/engineer/state.js';
import type { RoutingRule } from '../domain/routing/rule-set.js';
import { rulesRoutingTo } from '../domain/routing/rule-set.js';
import type { DecisionContext } from './decision-context.js';

/**
 * What a setting names, looked up before its decision (the decider stays pure): the price
 * list a billing policy prices by, the rule set calls are to count by, the contract a billing
 * or acceptance policy is the contract's own for, the routing rules that send calls to a
 * group to be retired, the organisation whose groups routing rules to be published name. Price lists and rule sets are callstream's
 * own; a contract is looked up in master data, where it can be (MasterData.contract).
 */
export async function knownSettings(
  context: DecisionContext,
  command: {
    readonly type: string;
    readonly priceListId?: unknown;
    readonly ruleSetId?: unknown;
    readonly contractId?: unknown;
    readonly groupId?: unknown;
    readonly rules?: unknown;
  },
  at: Date,
): Promise<{
  known?: KnownSettings;
  organisation?: Organisation;
  engineers?: Map<string, EngineerState>;
}> {
  const known: { -readonly [K in keyof KnownSettings]: KnownSettings[K] } = {};
  if (
    (command.type === 'SetBillingPolicy' || command.type === 'SetAcceptancePolicy') &&
    typeof command.contractId === 'string'
  ) {
    const contract = await context.contractKnown(command.contractId);
    if (contract !== undefined) known.contract = contract;
  }
  if (command.type === 'SetBillingPolicy' && typeof command.priceListId === 'string')
    known.priceList = (await context.priceList(command.priceListId)).length > 0;
  if (
    (command.type === 'SetDefaultServiceLevels' || command.type === 'SetCustomerServiceLevels') &&
    typeof command.ruleSetId === 'string'
  ) {
    const versions = await context.ruleSet(command.ruleSetId);
    known.ruleSet = versions.length > 0;
    if (command.type === 'SetDefaultServiceLevels' && versions.length > 0)
      known.ruleSetFrom = versions.reduce(
        (first, v) => (v.effectiveFrom < first ? v.effectiveFrom : first),
        versions[0]!.effectiveFrom,
      );
  }
  if (command.type === 'RetireGroup' && typeof command.groupId === 'string')
    known.routedBy = rulesRoutingTo(await context.routingRules(), command.groupId, at);
  // Routing rules are checked against the organisation's groups and engineers, as a call's destination is.
  const routing =
    command.type === 'PublishRoutingRules'
      ? {
          organisation: await context.organisation(),
          engineers: await engineersNamed(context, command.rules),
        }
      : {};
  return Object.keys(known).length > 0 ? { known, ...routing } : routing;
}

/** The engineers routing rules send calls to, as master data knows them. */
async function engineersNamed(
  context: DecisionContext,
  rules: unknown,
): Promise<Map<string, EngineerState>> {
  const engineers = new Map<string, EngineerState>();
  for (const { then } of Array.isArray(rules) ? (rules as RoutingRule[]) : [])
    if (then.kind === 'engineer' && !engineers.has(then.engineer))
      engineers.set(then.engineer, await context.engineer(then.engineer));
  return engineers;
}
