import { hasSkill, worksIn, type EngineerProfile } from '../engineer/state.js';
import type { Organisation } from '../organisation/state.js';
import { entryOf } from '../shared/objects.js';
import type {
  RoutingConditions,
  RoutingOccasion,
  RoutingRule,
  RoutingVersion,
} from './rule-set.js';

/** What routing knows of a call: the facts rules are written against. */
export interface RoutingFacts {
  readonly occasion: RoutingOccasion;
  readonly channel?: string;
  readonly purpose?: string;
  readonly product?: string;
  readonly itemGroup?: string;
  readonly siteId?: string;
  readonly region?: string;
  readonly customerId?: string;
  readonly priority?: number;
}

/** An engineer routing may choose, with their profile on the call's day and their open work. */
export interface RoutableEngineer {
  readonly engineerId: string;
  readonly profile: EngineerProfile;
  readonly openWork: number;
}

/** Where a call goes, and which rule of which version sent it there (none: the default destination). */
export interface RoutingDecision {
  readonly version: number | null;
  readonly ruleId: string | null;
  readonly group?: string;
  readonly engineer?: string;
  readonly toDefault: boolean;
  /**
   * A least-loaded decision: every engineer the rule found eligible, least loaded first.
   * Which one it picks depends on open work at the time, so an account of history (the
   * what-if) can judge a past pick only as one of these.
   */
  readonly balancedAmong?: readonly string[];
}

const within = <T>(wanted: readonly T[] | undefined, value: T | undefined): boolean =>
  wanted === undefined || (value !== undefined && wanted.includes(value));

/** Whether a rule's conditions hold for a call (the skills are the destination's to meet). */
export function conditionsHold(when: RoutingConditions, facts: RoutingFacts): boolean {
  return (
    within(when.occasions, facts.occasion) &&
    within<string>(when.channels, facts.channel) &&
    within(when.purposes, facts.purpose) &&
    within(when.products, facts.product) &&
    within(when.itemGroups, facts.itemGroup) &&
    within(when.sites, facts.siteId) &&
    within(when.regions, facts.region) &&
    within(when.customers, facts.customerId) &&
    within(when.priorities, facts.priority)
  );
}

/** An engineer fit for a rule: in its group, with its skills, serving the call's site or region. */
function eligible(engineer: RoutableEngineer, rule: RoutingRule, facts: RoutingFacts): boolean {
  const { profile } = engineer;
  const group = 'group' in rule.then ? rule.then.group : undefined;
  if (group !== undefined && !profile.groups.includes(group)) return false;
  if (!(rule.when.skills ?? []).every((s) => hasSkill(profile, s))) return false;
  if (profile.areas.length === 0) return true; // serves everywhere
  return (
    (facts.siteId !== undefined && worksIn(profile, { kind: 'site', id: facts.siteId })) ||
    (facts.region !== undefined && worksIn(profile, { kind: 'region', id: facts.region }))
  );
}

/**
 * Routes a call by the rules of one version: the first rule whose conditions hold and whose
 * destination can be met. A destination's group must be active; an engineer destination
 * needs that engineer eligible; least-loaded takes the eligible engineer with the least open
 * work (ties: the smallest id). Pure: the engineers and their open work are given.
 */
export function routeCall(
  version: RoutingVersion | undefined,
  facts: RoutingFacts,
  engineers: readonly RoutableEngineer[],
  /** Whether a group is one of the organisation's and not retired: a rule to another cannot be met. */
  groupActive: (groupId: string) => boolean,
): RoutingDecision {
  for (const rule of version?.rules ?? []) {
    if (!conditionsHold(rule.when, facts)) continue;
    const made = { version: version!.version, ruleId: rule.ruleId, toDefault: false };
    const then = rule.then;
    // A group misspelt in the rules, or retired since, would take calls no one may be assigned.
    if ('group' in then && then.group !== undefined && !groupActive(then.group)) continue;
    switch (then.kind) {
      case 'default':
        return { ...made, toDefault: true };
      case 'group':
        return { ...made, group: then.group };
      case 'engineer': {
        const engineer = engineers.find((e) => e.engineerId === then.engineer);
        if (!engineer || !eligible(engineer, rule, facts)) continue;
        return then.group
          ? { ...made, group: then.group, engineer: then.engineer }
          : { ...made, engineer: then.engineer };
      }
      case 'least-loaded': {
        const fit = engineers
          .filter((e) => eligible(e, rule, facts))
          .sort((a, b) => a.openWork - b.openWork || (a.engineerId < b.engineerId ? -1 : 1));
        if (fit.length === 0) continue;
        const balanced = {
          ...made,
          engineer: fit[0]!.engineerId,
          balancedAmong: fit.map((e) => e.engineerId),
        };
        return then.group ? { ...balanced, group: then.group } : balanced;
      }
    }
  }
  return { version: version?.version ?? null, ruleId: null, toDefault: true };
}

/**
 * The engineers a version's rules may choose, in id order: those rules name, and the members
 * of the organisation's groups that least-loaded rules balance among (all groups' members for
 * a rule without a group). Live routing and the what-if route among the same engineers.
 */
export function routingCandidates(version: RoutingVersion, organisation: Organisation): string[] {
  const ids = new Set<string>();
  for (const { then } of version.rules) {
    if (then.kind === 'engineer') ids.add(then.engineer);
    if (then.kind !== 'least-loaded') continue;
    const groups = then.group
      ? [entryOf(organisation.groups, then.group)]
      : Object.values(organisation.groups);
    for (const group of groups) for (const member of group?.members ?? []) ids.add(member);
  }
  return [...ids].sort();
}
