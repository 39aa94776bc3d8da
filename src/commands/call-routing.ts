import {
  engineerAsOf,
  routingCandidates,
  type MasterDataSubject,
  versionAt,
  type CallRouting,
  type RoutableEngineer,
} from '../domain/index.js';
import { masterDataFacts } from '../projections/routing-facts.js';
import type { DecisionContext } from './decision-context.js';

/**
 * What routing needs at an instant (issue 21), resolved so the decision stays pure: the
 * version of the rules in force; the call's site region and item group as master data holds
 * them on the day (masterDataFacts, as the what-if reads them); and — only when a rule names
 * an engineer or balances load — the engineers it may choose (those named by rules and the
 * members of the organisation's groups, each with the profile in force on the day, as master
 * data knows them) with their open work from the board's index. Undefined when no rules are
 * in force: the call goes where it always went.
 */
export async function callRouting(
  context: DecisionContext,
  at: Date,
  subject: MasterDataSubject,
): Promise<CallRouting | undefined> {
  const versions = await context.routingRules();
  if (versions.length === 0) return undefined;
  const version = versionAt(versions, at);
  if (!version) return undefined;
  const day = await context.dayOf(at);
  const facts = await masterDataFacts(context, subject, day);
  const ids = routingCandidates(version, await context.organisation());
  if (ids.length === 0) return { version, engineers: [], ...facts };
  const engineers: RoutableEngineer[] = [];
  for (const engineerId of ids) {
    const profile = engineerAsOf(await context.engineer(engineerId), day);
    if (!profile) continue; // not on staff that day, or not in master data
    const openWork = (await context.openCalls?.openWorkOf?.(engineerId)) ?? 0;
    engineers.push({ engineerId, profile, openWork });
  }
  return { version, engineers, ...facts };
}
