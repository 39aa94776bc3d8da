import { summaryAsOf, type AsOfPorts } from './board-as-of.js';
import type { CallSummary } from './call-summary.js';
import { CALLS_PROJECTION } from './calls.js';
import { callsReportedIn, knownPeriod, reportedCalls, type Period } from './in-period.js';
import { monthDocuments, REPORT, splitPeriod } from './month-index.js';
import {
  countJudged,
  emptyServiceLevelTally,
  serviceLevelMonthIndex,
  SETTLED_MONTHS,
  statisticsKeyOf,
  unsettledCallIndex,
  type ServiceLevelMonth,
  type ServiceLevelTally,
  type SettledMonth,
  type StatisticsDimension,
} from './service-level-months.js';
import { serviceLevelOf } from './service-level-judgement.js';
import type { ReadModelStore } from './types.js';

export {
  statisticsDimensions,
  type ServiceLevelTally,
  type StatisticsDimension,
} from './service-level-months.js';

/**
 * Breach statistics as of an instant, per priority, group, customer or contract: every
 * call known by then (reported and logged by then: a call logged later, though reported
 * earlier, was not on anyone's board at that instant), as it stood then (its priority, group and contract, and
 * whether it was cancelled), its targets judged in working time at that instant (cancelled
 * calls left out: there was nothing to deliver). A call unchanged since the instant is
 * taken from its summary; one changed after it is rebuilt from its stream as of it, so
 * the figures for a past instant never count what happened later. `from`/`to` narrow it to
 * the calls reported in a period.
 *
 * At the size of years: a whole month whose settled calls last changed by the instant
 * gives their tallies and judges only its calls not settled (service-level-months.ts);
 * another month, and the part of a month at either end of the period, is read call by call.
 */
export async function serviceLevelStatistics(
  ports: AsOfPorts,
  asOf: Date,
  by: StatisticsDimension,
  range: Period = {},
): Promise<Record<string, ServiceLevelTally>> {
  // A Map, not a plain object: a customer or group id is user data (`constructor`).
  const tallies = new Map<string, ServiceLevelTally>();
  const tallyOf = (key: string): ServiceLevelTally => {
    let tally = tallies.get(key);
    if (!tally) tallies.set(key, (tally = emptyServiceLevelTally()));
    return tally;
  };
  // Of one state: a call settling meanwhile is counted once, from its tally or as it is.
  const { settled, calls } = ports.readModels.snapshot(() =>
    readMonths(ports.readModels, asOf, by, knownPeriod(range, asOf)),
  );
  for (const row of settled) {
    const tally = tallyOf(row.key);
    tally.calls += row.calls;
    tally.responseBreached += row.responseBreached;
    tally.resolutionBreached += row.resolutionBreached;
    tally.met += row.met;
  }
  const at = asOf.getTime();
  for (const current of calls) {
    const summary =
      Date.parse(current.lastChangedAt) <= at
        ? current
        : await summaryAsOf(ports, current.callId, asOf);
    if (!summary || summary.cancelled) continue;
    countJudged(tallyOf(statisticsKeyOf[by](summary)), serviceLevelOf(summary, asOf));
  }
  return Object.fromEntries(tallies);
}

/** The settled tallies that count, and the calls to judge one by one (as they are now). */
function readMonths(
  readModels: ReadModelStore,
  asOf: Date,
  by: StatisticsDimension,
  period: Period,
): { settled: ServiceLevelMonth[]; calls: CallSummary[] } {
  const settled: ServiceLevelMonth[] = [];
  const calls: CallSummary[] = [];
  const { months, ends } = splitPeriod(readModels, reportedCalls, period);
  const tallied = serviceLevelMonthIndex(CALLS_PROJECTION, by);
  const unsettled = unsettledCallIndex(CALLS_PROJECTION);
  for (const month of months) {
    const changed = readModels.get<SettledMonth>(CALLS_PROJECTION, SETTLED_MONTHS, month);
    if (changed && Date.parse(changed.changedAt) > asOf.getTime()) {
      // Its settled calls changed after the instant: judged one by one, as they were then.
      for (const call of monthDocuments<CallSummary>(readModels, reportedCalls, [month]))
        calls.push(call);
      continue;
    }
    for (const row of monthDocuments(readModels, tallied, [month])) settled.push(row);
    for (const { callId } of monthDocuments(readModels, unsettled, [month])) {
      const call = readModels.get<CallSummary>(CALLS_PROJECTION, 'calls', callId, REPORT);
      if (call) calls.push(call);
    }
  }
  for (const end of ends) for (const call of callsReportedIn(readModels, end)) calls.push(call);
  return { settled, calls };
}
