import type { TargetState } from '../domain/index.js';
import { summaryAsOf, type AsOfPorts } from './board-as-of.js';
import { serviceLevelOf } from './board.js';
import type { CallSummary } from './call-summary.js';
import { callsKnownAt, type Period } from './in-period.js';

export const statisticsDimensions = ['priority', 'group', 'customer', 'contract'] as const;
export type StatisticsDimension = (typeof statisticsDimensions)[number];

export interface ServiceLevelTally {
  calls: number;
  responseBreached: number;
  resolutionBreached: number;
  atRisk: number;
  met: number;
}

const keyOf: Record<StatisticsDimension, (row: CallSummary) => string> = {
  priority: (row) => (row.priority === null ? '(none)' : `P${row.priority}`),
  group: (row) => row.group ?? '(none)',
  customer: (row) => row.customerId ?? row.productId ?? '(none)',
  contract: (row) => row.contractId ?? '(none)',
};

/**
 * Breach statistics as of an instant, per priority, group, customer or contract: every
 * call known by then (reported and logged by then: a call logged later, though reported
 * earlier, was not on anyone's board at that instant), as it stood then (its priority, group and contract, and
 * whether it was cancelled), its targets judged in working time at that instant (cancelled
 * calls left out: there was nothing to deliver). A call unchanged since the instant is
 * taken from its summary; one changed after it is rebuilt from its stream as of it, so
 * the figures for a past instant never count what happened later. `from`/`to` narrow it to
 * the calls reported in a period, read by its months (see callsReportedIn).
 */
export async function serviceLevelStatistics(
  ports: AsOfPorts,
  asOf: Date,
  by: StatisticsDimension,
  range: Period = {},
): Promise<Record<string, ServiceLevelTally>> {
  const at = asOf.getTime();
  // A Map, not a plain object: a customer or group id is user data (`constructor`).
  const tallies = new Map<string, ServiceLevelTally>();
  for (const current of callsKnownAt(ports.readModels, range, asOf)) {
    const summary =
      Date.parse(current.lastChangedAt) <= at
        ? current
        : await summaryAsOf(ports, current.callId, asOf);
    if (!summary || summary.cancelled) continue;
    const row = serviceLevelOf(summary, asOf);
    const key = keyOf[by](summary);
    let tally = tallies.get(key);
    if (!tally)
      tallies.set(
        key,
        (tally = { calls: 0, responseBreached: 0, resolutionBreached: 0, atRisk: 0, met: 0 }),
      );
    tally.calls++;
    if (row.response === 'breached') tally.responseBreached++;
    if (row.resolution === 'breached') tally.resolutionBreached++;
    if (row.serviceLevelState === 'at-risk') tally.atRisk++;
    if (row.resolution === ('met' satisfies TargetState)) tally.met++;
  }
  return Object.fromEntries(tallies);
}
