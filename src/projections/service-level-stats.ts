import type { TargetState } from '../domain/index.js';
import { withServiceLevel } from './board.js';
import { CALLS_PROJECTION, type CallSummary } from './calls.js';
import type { ReadModelStore } from './types.js';

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
 * call that was reported by then, its targets judged in working time (cancelled calls left
 * out: there was nothing to deliver).
 */
export function serviceLevelStatistics(
  readModels: ReadModelStore,
  asOf: Date,
  by: StatisticsDimension,
): Record<string, ServiceLevelTally> {
  // A Map, not a plain object: a customer or group id is user data (`constructor`).
  const tallies = new Map<string, ServiceLevelTally>();
  for (const [, summary] of readModels.all<CallSummary>(CALLS_PROJECTION, 'calls')) {
    if (summary.cancelled || Date.parse(summary.reportedAt) > asOf.getTime()) continue;
    const row = withServiceLevel(summary, asOf);
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
