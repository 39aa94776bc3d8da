import type { Call, ServiceLevelRules } from '../domain/index.js';
import { statisticsViewOf, type CallSummary } from './call-summary.js';
import type { MonthIndex } from './month-index.js';
import { monthOf } from './open-intervals.js';
import { serviceLevelOf, type ServiceLevelJudgement } from './service-level-judgement.js';
import type { CollectionDefinition, Document, Documents } from './types.js';

export const statisticsDimensions = ['priority', 'group', 'customer', 'contract'] as const;
export type StatisticsDimension = (typeof statisticsDimensions)[number];

export interface ServiceLevelTally {
  calls: number;
  responseBreached: number;
  resolutionBreached: number;
  atRisk: number;
  met: number;
}

export const emptyServiceLevelTally = (): ServiceLevelTally => ({
  calls: 0,
  responseBreached: 0,
  resolutionBreached: 0,
  atRisk: 0,
  met: 0,
});

/** Counts one call judged at an instant (cancelled calls are not counted at all). */
export function countJudged(tally: ServiceLevelTally, judged: ServiceLevelJudgement): void {
  tally.calls++;
  if (judged.response === 'breached') tally.responseBreached++;
  if (judged.resolution === 'breached') tally.resolutionBreached++;
  if (judged.serviceLevelState === 'at-risk') tally.atRisk++;
  if (judged.resolution === 'met') tally.met++;
}

export const statisticsKeyOf: Record<
  StatisticsDimension,
  (
    row: Pick<CallSummary, 'priority' | 'group' | 'customerId' | 'productId' | 'contractId'>,
  ) => string
> = {
  priority: (row) => (row.priority === null ? '(none)' : `P${row.priority}`),
  group: (row) => row.group ?? '(none)',
  customer: (row) => row.customerId ?? row.productId ?? '(none)',
  contract: (row) => row.contractId ?? '(none)',
};

/**
 * Service-level statistics kept as they go (C4 at the size of years). A call whose row no
 * longer depends on the instant it is judged at is settled: both targets done (met or
 * breached for good), cancelled (it counts nowhere), or without a clock and closed. Its
 * share is tallied per dimension, month reported and key; the calls not settled are listed
 * by month, to be judged at the instant asked. Each month keeps when its settled share last
 * changed: an instant from then on reads the month's tallies; an earlier one walks its calls.
 */
export const SERVICE_LEVEL_MONTHS = 'serviceLevelMonths';
export const SETTLED_MONTHS = 'settledMonths';
export const UNSETTLED_CALLS = 'unsettledCalls';

export interface ServiceLevelMonth extends Document, Omit<ServiceLevelTally, 'atRisk'> {
  dimension: StatisticsDimension;
  month: string;
  key: string;
}

export interface SettledMonth extends Document {
  month: string;
  /** The latest instant a settled share of the month's calls was added, changed or taken away. */
  changedAt: string;
}

export interface UnsettledCall extends Document {
  callId: string;
  month: string;
}

export const serviceLevelMonthsCollections: Record<string, CollectionDefinition> = {
  [SERVICE_LEVEL_MONTHS]: { indexes: [['dimension', 'month']] },
  [SETTLED_MONTHS]: {},
  [UNSETTLED_CALLS]: { indexes: [['month']] },
};

/** A dimension's tallies, by month. */
export const serviceLevelMonthIndex = (
  projection: string,
  by: StatisticsDimension,
): MonthIndex<ServiceLevelMonth> => ({
  projection,
  collection: SERVICE_LEVEL_MONTHS,
  monthField: 'month',
  filter: { dimension: by },
});

export const unsettledCallIndex = (projection: string): MonthIndex<UnsettledCall> => ({
  projection,
  collection: UNSETTLED_CALLS,
  monthField: 'month',
});

/** What a settled call adds to its month's statistics. */
interface Share {
  readonly month: string;
  readonly keys: readonly string[];
  readonly responseBreached: boolean;
  readonly resolutionBreached: boolean;
  readonly met: boolean;
}

/** Unsettled; settled with a share, or with none (cancelled); `judgedAt` is when its row became final. */
type Settlement =
  | { readonly settled: false }
  | { readonly settled: true; readonly share: Share | null; readonly judgedAt: number };

const UNSETTLED: Settlement = { settled: false };

function settlementOf(call: Call, rules: ServiceLevelRules | undefined): Settlement {
  if (call.closure?.cancelled) return { settled: true, share: null, judgedAt: 0 };
  const clocked = call.serviceLevel !== undefined && rules !== undefined;
  const done =
    clocked && call.respondedAt && call.resolution
      ? Math.max(call.respondedAt.getTime(), call.resolution.at.getTime())
      : undefined;
  if (done === undefined && (clocked || !call.closure)) return UNSETTLED;
  // The summary's own fields, without the rest of it: settling is on the fold's path.
  const summary = statisticsViewOf(call, rules);
  const judged = serviceLevelOf(summary, new Date(done ?? 0));
  return {
    settled: true,
    judgedAt: done ?? 0,
    share: {
      month: summary.reportedMonth,
      keys: statisticsDimensions.map((by) => statisticsKeyOf[by](summary)),
      responseBreached: judged.response === 'breached',
      resolutionBreached: judged.resolution === 'breached',
      met: judged.resolution === 'met',
    },
  };
}

const sameShare = (a: Share | null, b: Share | null): boolean =>
  a === b ||
  (a !== null &&
    b !== null &&
    a.month === b.month &&
    a.responseBreached === b.responseBreached &&
    a.resolutionBreached === b.resolutionBreached &&
    a.met === b.met &&
    a.keys.every((key, i) => key === b.keys[i]));

/**
 * Nothing the statistics read changed between two states of a call (states are immutable:
 * an unchanged part is the same object). Every member settlementOf and the summary's
 * statistics fields read is compared here.
 */
export const sameStatisticsInputs = (before: Call, after: Call): boolean =>
  before.reportedAt === after.reportedAt &&
  before.serviceLevel === after.serviceLevel &&
  before.holds === after.holds &&
  before.respondedAt === after.respondedAt &&
  before.resolution === after.resolution &&
  before.closure === after.closure &&
  before.dispatch.group === after.dispatch.group &&
  before.contractId === after.contractId &&
  before.subject === after.subject;

/**
 * The statistics kept as the calls projection folds: each state's settlement derived once
 * (a state after one event is the state before the next; states are immutable).
 */
export class Settlements {
  private readonly byState = new WeakMap<Call, Settlement>();

  private of(call: Call, rules: ServiceLevelRules | undefined): Settlement {
    let settlement = this.byState.get(call);
    if (!settlement) this.byState.set(call, (settlement = settlementOf(call, rules)));
    return settlement;
  }

  /** `after` changed nothing the statistics read (sameStatisticsInputs): it settles as `before` does. */
  pass(before: Call, after: Call): void {
    const settlement = this.byState.get(before);
    if (settlement) this.byState.set(after, settlement);
  }

  /** Writes what a call's change (`before` null: a new call) does to the statistics kept. */
  change(
    documents: Documents,
    callId: string,
    before: { call: Call; rules: ServiceLevelRules | undefined } | null,
    after: { call: Call; rules: ServiceLevelRules | undefined },
    at: Date,
  ): void {
    // A call not logged yet is not settled: nothing of it is tallied.
    const was = before ? this.of(before.call, before.rules) : UNSETTLED;
    const now = this.of(after.call, after.rules);
    if (!now.settled) {
      // Listed again only if it was not, or moved to another month (an unchanged instant is the same object).
      if (!before || was.settled || before.call.reportedAt !== after.call.reportedAt) {
        const month = monthOf(after.call.reportedAt);
        documents.put(UNSETTLED_CALLS, callId, { callId, month } satisfies UnsettledCall);
      }
    } else if (before && !was.settled) documents.delete(UNSETTLED_CALLS, callId);
    const [wasShare, nowShare] = [was.settled ? was.share : null, now.settled ? now.share : null];
    // Settled or not matters on its own: a call unsettled before the change was walked then.
    if (was.settled === now.settled && sameShare(wasShare, nowShare)) return;
    if (wasShare) addShare(documents, wasShare, -1);
    if (nowShare) addShare(documents, nowShare, 1);
    const changedAt = new Date(Math.max(at.getTime(), now.settled ? now.judgedAt : 0));
    const months = new Set([monthOf(after.call.reportedAt)]);
    if (before) months.add(monthOf(before.call.reportedAt));
    for (const month of months) touchMonth(documents, month, changedAt);
  }
}

function addShare(documents: Documents, share: Share, sign: 1 | -1): void {
  statisticsDimensions.forEach((dimension, i) => {
    const key = share.keys[i]!;
    const id = JSON.stringify([dimension, share.month, key]);
    const stored = documents.get<ServiceLevelMonth>(SERVICE_LEVEL_MONTHS, id);
    const row: ServiceLevelMonth = stored
      ? { ...stored }
      : {
          dimension,
          month: share.month,
          key,
          calls: 0,
          responseBreached: 0,
          resolutionBreached: 0,
          met: 0,
        };
    row.calls += sign;
    if (share.responseBreached) row.responseBreached += sign;
    if (share.resolutionBreached) row.resolutionBreached += sign;
    if (share.met) row.met += sign;
    if (row.calls === 0) documents.delete(SERVICE_LEVEL_MONTHS, id);
    else documents.put(SERVICE_LEVEL_MONTHS, id, row);
  });
}

function touchMonth(documents: Documents, month: string, changedAt: Date): void {
  const stored = documents.get<SettledMonth>(SETTLED_MONTHS, month);
  if (stored && Date.parse(stored.changedAt) >= changedAt.getTime()) return;
  documents.put(SETTLED_MONTHS, month, { month, changedAt: changedAt.toISOString() });
}
