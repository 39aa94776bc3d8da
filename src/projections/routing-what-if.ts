import {
  DomainError,
  engineerAsOf,
  engineerDecider,
  engineerStreamName,
  initialOrganisation,
  isActiveGroup,
  localDateOf,
  ORGANISATION_STREAM,
  organisationTimeZone,
  organisationDecider,
  routeCall,
  routingCandidates,
  routingDecider,
  ROUTING_RULES_STREAM,
  type RoutableEngineer,
  type RoutingDecision,
  type RoutingFacts,
} from '../domain/index.js';
import { masterDataFacts, type RoutingMasterData } from './routing-facts.js';
import type { EventStore } from '../store/port.js';
import { loadStream } from '../streams/index.js';
import type { CallSummary } from './call-summary.js';
import { openCallIndex } from './board.js';
import { callsReportedIn, type Period } from './in-period.js';
import type { ReadModelStore } from './types.js';

export interface RoutedCall {
  readonly number: string;
  readonly reportedAt: string;
  /** Where the call went: its recorded routing decision where there is one, else its dispatch now. */
  readonly actual: { readonly group: string | null; readonly engineer: string | null };
  /** What `actual` is: the routing decision recorded on the call, or where it went (no decision recorded). */
  readonly comparedWith: 'recorded-decision' | 'dispatch';
  /**
   * Which facts the rules read: those recorded when the call was routed (`routing`), or,
   * for a call routed before they were recorded or never routed, the call as it is now
   * (its priority after any escalation) with master data on its day (`now`).
   */
  readonly factsAsOf: 'routing' | 'now';
  /** The recorded decision's rule and version (absent: none recorded; rule null: default or explicit). */
  readonly recorded?: {
    readonly ruleVersion: number;
    readonly rule: string | null;
    readonly explicit: boolean;
  };
  /** Where version N would have sent it. */
  readonly routed: RoutingDecision;
  /** Whether version N names a group or engineer other than the call's. */
  readonly differs: boolean;
  /**
   * True where version N balances by load and would pick another engineer now, while the
   * call's engineer is one it finds eligible: who is least loaded depends on open work at
   * the time, which history does not replay, so this is not counted as going elsewhere.
   */
  readonly byLoadOnly?: true;
}

export interface RoutingWhatIfReport {
  readonly version: number;
  readonly calls: number;
  readonly differing: number;
  /** Calls whose engineer version N would choose by load among others it finds eligible too (byLoadOnly). */
  readonly byLoadOnly: number;
  /** How many calls each rule routed (`(default)`: no rule). */
  readonly byRule: ReadonlyArray<{ readonly ruleId: string; readonly calls: number }>;
  readonly rows: readonly RoutedCall[];
}

/**
 * How history would have been routed under routing rules version N (`callstream route
 * what-if`): every call reported in the period (default: all), its facts as logged (channel,
 * purpose, product, site, customer, priority; reopened or new) with its site's region and
 * its item's group as master data holds them on the call's day (masterDataFacts, as the
 * pipeline reads them), routed among the engineers live routing chooses among
 * (routingCandidates: those version N's rules name, and the members of the groups its
 * least-loaded rules balance among), each with the profile in force on the call's day. Open
 * work is each engineer's open calls now, counted on the board's index, not as it stood then:
 * a least-loaded pick of another eligible engineer is counted apart (byLoadOnly), not as going
 * elsewhere. A period is read by month on the month index: a quarter costs a quarter at any
 * size. Nothing is written.
 */
export async function routingWhatIf(
  store: EventStore,
  readModels: ReadModelStore,
  version: number,
  masterData: RoutingMasterData,
  period: Period = {},
): Promise<RoutingWhatIfReport> {
  const versions = (await loadStream(store, ROUTING_RULES_STREAM, routingDecider)).state;
  const rules = versions.find((v) => v.version === version);
  if (!rules)
    throw new DomainError('RoutingRulesNotFound', `No version ${version} of the routing rules`, {
      version,
      published: versions.map((v) => v.version),
    });
  const organisation = await loadStream(store, ORGANISATION_STREAM, organisationDecider);
  const recorded = organisation.revision >= 0n ? organisation.state : initialOrganisation();
  const zone = organisationTimeZone(recorded);
  // Live routing's rule: a rule's group must be one the organisation's calls may go to.
  const groupActive = (groupId: string): boolean => isActiveGroup(recorded, groupId);
  // The engineers live routing chooses among, with their open work now (the board's index).
  const board = openCallIndex(readModels);
  const engineers = await Promise.all(
    routingCandidates(rules, recorded).map(async (engineerId) => ({
      engineerId,
      state: (await loadStream(store, engineerStreamName(engineerId), engineerDecider)).state,
      openWork: board.openWorkOf(engineerId),
    })),
  );
  const byRule = new Map<string, number>();
  const rows: RoutedCall[] = [];
  for (const s of callsReportedIn(readModels, period)) {
    // The call's day in the organisation's zone, as the pipeline judged it.
    const day = localDateOf(zone, new Date(s.reportedAt));
    const recordedFacts = s.routed?.facts;
    const facts: RoutingFacts = recordedFacts
      ? { occasion: s.routed!.occasion, ...recordedFacts }
      : await factsNow(s, masterData, day);
    const routable: RoutableEngineer[] = engineers.flatMap(({ engineerId, state, openWork }) => {
      const profile = engineerAsOf(state, day);
      return profile ? [{ engineerId, profile, openWork }] : [];
    });
    const routed = routeCall(rules, facts, routable, groupActive);
    const rule = routed.ruleId ?? '(default)';
    byRule.set(rule, (byRule.get(rule) ?? 0) + 1);
    // A call routed when it came in is compared with that decision, not with where it went later.
    const recorded = s.routed;
    const actual = recorded
      ? { group: recorded.group, engineer: recorded.engineer }
      : { group: s.group, engineer: s.engineer };
    const otherEngineer = routed.engineer !== undefined && routed.engineer !== actual.engineer;
    const loadAlone =
      otherEngineer &&
      actual.engineer !== null &&
      routed.balancedAmong?.includes(actual.engineer) === true;
    const differs =
      !routed.toDefault &&
      ((routed.group !== undefined && routed.group !== actual.group) ||
        (otherEngineer && !loadAlone));
    rows.push({
      number: s.number,
      reportedAt: s.reportedAt,
      actual,
      comparedWith: recorded ? 'recorded-decision' : 'dispatch',
      factsAsOf: recordedFacts ? 'routing' : 'now',
      ...(recorded
        ? {
            recorded: {
              ruleVersion: recorded.ruleVersion,
              rule: recorded.rule,
              explicit: recorded.explicit,
            },
          }
        : {}),
      routed,
      differs,
      ...(loadAlone && !differs ? { byLoadOnly: true as const } : {}),
    });
  }
  rows.sort((a, b) => (a.number < b.number ? -1 : 1));
  return {
    version,
    calls: rows.length,
    differing: rows.filter((r) => r.differs).length,
    byLoadOnly: rows.filter((r) => r.byLoadOnly).length,
    byRule: [...byRule].map(([ruleId, calls]) => ({ ruleId, calls })),
    rows,
  };
}

/** A call's facts as it stands now, master data as of its day: for calls routed before the facts were recorded. */
async function factsNow(
  s: CallSummary,
  masterData: RoutingMasterData,
  day: string,
): Promise<RoutingFacts> {
  const known = await masterDataFacts(
    masterData,
    {
      ...(s.customerId ? { customerId: s.customerId } : {}),
      ...(s.siteId ? { siteId: s.siteId } : {}),
      ...(s.item ? { product: s.item } : {}),
    },
    day,
  );
  return {
    occasion: s.routed?.occasion === 'returned' ? 'returned' : s.reopenedFrom ? 'reopened' : 'new',
    channel: s.channel,
    ...(s.purpose ? { purpose: s.purpose } : {}),
    ...(s.item ? { product: s.item } : {}),
    ...(s.siteId ? { siteId: s.siteId } : {}),
    ...(s.customerId ? { customerId: s.customerId } : {}),
    ...(s.priority !== null ? { priority: s.priority } : {}),
    ...known,
  };
}
