import { CorruptedHistory } from '../store/errors.js';
import { callStreamName, loadCall, loadStream, loadStreamNow } from '../streams/index.js';
import {
  builtInServiceLevels,
  callDecider,
  callEventTypes,
  evolveCall,
  evolveServiceLevels,
  serviceLevelDecider,
  serviceLevelStream,
  type Call,
  type CallState,
  type CallEvent,
  type InvoiceEvent,
  type RuleSetState,
  type ServiceLevelRules,
} from '../domain/index.js';
import { supportsSynchronousReads, type EventStore } from '../store/port.js';
import { analysedOf, sameAnalysis, summarise } from './call-summary.js';
import { ANALYTICS_MONTHS, analyticsMonthsCollection, MonthTallies } from './analytics-months.js';
import { sameAnalysed, type AnalysedCall } from './analytics-rows.js';
import {
  callBillingCollection,
  callBillingEventTypes,
  CALL_BILLING_COLLECTION,
  foldCallIntoBilling,
  foldInvoiceIntoBilling,
  isFinished,
} from './call-billing.js';
import { CallStates } from './call-states.js';
import {
  sameStatisticsInputs,
  serviceLevelMonthsCollections,
  Settlements,
} from './service-level-months.js';
import type { Documents, ProjectedEvent, Projection } from './types.js';

export { summarise, type CallSummary, type ServiceLevelClock } from './call-summary.js';

export const CALLS_PROJECTION = 'calls';

const CALL_PREFIX = 'call-';
const INVOICE_PREFIX = 'invoice-';

/**
 * The calls projection. The state before each event comes from a cache of folded states;
 * a state the cache lacks is rebuilt from the call's own stream before the batch is
 * applied. The state is derived data, not read model: only the summaries and the
 * checkpoint are stored, together, so exactly-once still holds.
 */
export class CallsProjection implements Projection {
  readonly name = CALLS_PROJECTION;
  readonly version = 12;
  readonly collections = {
    calls: {
      // The board, history (all, by customer), the open calls on one serial number (every LogCall asks).
      indexes: [
        ['open', 'resolutionDueAt', 'number'],
        ['archived', 'archivedAt'],
        ['customerId', 'archived', 'archivedAt'],
        ['serialNumber', 'open', 'number'],
        // An engineer's open work: least-loaded routing counts it on every routed call (issue 21).
        ['engineer', 'open'],
        // Reports over a period (analytics, service-level statistics and what-ifs): its months.
        ['reportedMonth'],
      ],
      // The requester's description, sealed under their key in the store (docs/privacy.md).
      privacy: { fields: [{ path: 'description', subject: (key: string) => `requester:${key}` }] },
    },
    // What the billing run reads: the calls billing owes something (see call-billing.ts).
    [CALL_BILLING_COLLECTION]: callBillingCollection,
    // Analytics by month, kept as calls change (see analytics-months.ts).
    [ANALYTICS_MONTHS]: analyticsMonthsCollection,
    // Service-level statistics by month, kept as calls settle (see service-level-months.ts).
    ...serviceLevelMonthsCollections,
  };
  readonly forgetting = { rebuildFor: [] };
  readonly eventTypes: ReadonlySet<string> = new Set([
    ...callEventTypes,
    'ServiceLevelsPublished',
    ...callBillingEventTypes,
  ]);
  private readonly states: CallStates;
  private readonly analysed = new Analyses();
  private readonly tallies = new MonthTallies();
  private readonly settlements = new Settlements();
  /** Rule sets by id, for the calendars calls count on: few, small, and read from their own streams. */
  private readonly ruleSets = new Map<string, RuleSetState>([
    [builtInServiceLevels.ruleSetId, [builtInServiceLevels]],
  ]);

  constructor(
    private readonly store: EventStore,
    private readonly cacheSize = 20_000,
  ) {
    // At least 4,000: the finished calls' twentieth must still hold a whole slice of a batch (200 calls).
    this.states = new CallStates(Math.max(cacheSize, 4000));
  }

  async prefetch(events: readonly ProjectedEvent[]): Promise<void> {
    const plan = this.plan(events);
    for (const [callId, revision] of plan.loads)
      this.cache(
        callId,
        revision,
        (await loadCall(this.store, callId, { toRevision: revision })).state,
      );
    for (const ruleSetId of this.missingRuleSets(plan))
      this.ruleSets.set(
        ruleSetId,
        (await loadStream(this.store, serviceLevelStream(ruleSetId), serviceLevelDecider)).state,
      );
  }

  /** The same as prefetch, at once: inside the transaction of the append that wrote the events. */
  prefetchNow(events: readonly ProjectedEvent[]): void {
    const store = this.store;
    if (!supportsSynchronousReads(store))
      throw new Error('The calls projection prefetches at once only from a store read at once');
    const plan = this.plan(events);
    for (const [callId, revision] of plan.loads)
      this.cache(
        callId,
        revision,
        loadStreamNow(store, callStreamName(callId), callDecider, { toRevision: revision }).state,
      );
    for (const ruleSetId of this.missingRuleSets(plan))
      this.ruleSets.set(
        ruleSetId,
        loadStreamNow(store, serviceLevelStream(ruleSetId), serviceLevelDecider).state,
      );
  }

  /** The calls of a slice, which of them must be read (their cached state is not the one before the slice), and the rule sets it names. */
  private plan(events: readonly ProjectedEvent[]) {
    this.states.beginBatch();
    const calls = new Map<string, bigint>();
    const ruleSets = new Set<string>();
    for (const { streamName, revision, event } of events) {
      if (event.type === 'PrioritySet') ruleSets.add(event.data.ruleSetId);
      // Invoice events fold into their call's billing document alone: no call state to load.
      if (!streamName.startsWith(CALL_PREFIX)) continue;
      const callId = streamName.slice(CALL_PREFIX.length);
      if (calls.has(callId)) continue;
      // A call that starts in this batch is folded by the batch itself: nothing to load.
      if (revision === 0n) {
        calls.set(callId, -1n);
        continue;
      }
      const cached = this.states.get(callId);
      calls.set(callId, cached?.revision !== revision - 1n ? revision - 1n : -1n);
    }
    const loads = [...calls].filter(([, revision]) => revision >= 0n);
    return { calls: calls.keys(), loads, ruleSets };
  }

  private cache(callId: string, revision: bigint, state: CallState): void {
    if (state) this.states.set(callId, { revision, state });
  }

  /** The calendars of every call in the slice: rule sets published before this process started included. */
  private missingRuleSets(plan: { calls: Iterable<string>; ruleSets: Set<string> }): string[] {
    for (const callId of plan.calls) {
      const ruleSetId = this.states.get(callId)?.state.serviceLevel?.ruleSetId;
      if (ruleSetId) plan.ruleSets.add(ruleSetId);
    }
    return [...plan.ruleSets].filter((ruleSetId) => !this.ruleSets.has(ruleSetId));
  }

  apply(projected: ProjectedEvent, documents: Documents): void {
    if (projected.event.type === 'ServiceLevelsPublished') {
      const { ruleSetId, version } = projected.event.data;
      const known = this.ruleSets.get(ruleSetId) ?? [];
      if (!known.some((v) => v.version === version))
        this.ruleSets.set(ruleSetId, evolveServiceLevels(known, projected.event));
      return;
    }
    if (projected.streamName.startsWith(INVOICE_PREFIX)) {
      const callId = projected.streamName.slice(INVOICE_PREFIX.length);
      foldInvoiceIntoBilling(documents, callId, projected.event as InvoiceEvent);
      return;
    }
    const callId = projected.streamName.slice(CALL_PREFIX.length);
    const cached = projected.revision === 0n ? undefined : this.states.get(callId);
    const before =
      projected.revision === 0n
        ? null
        : cached?.revision === projected.revision - 1n
          ? cached.state
          : undefined;
    // Prefetching loads every revision before this one: missing, it is not in the stream.
    if (before === undefined)
      throw new CorruptedHistory(
        projected.streamName,
        projected.revision - 1n,
        `revision ${projected.revision} arrives without revision ${projected.revision - 1n} before it`,
      );
    const after = evolveCall(before, projected.event as CallEvent);
    if (after === null) return;
    this.states.set(callId, { revision: projected.revision, state: after });
    // Only a call's last summary in a batch is stored: summarise it once, at commit.
    const at = projected.metadata.occurredAt;
    const rules = this.rulesOf(after);
    if (documents.putLazy) documents.putLazy('calls', callId, () => summarise(after, at, rules));
    else documents.put('calls', callId, summarise(after, at, rules));
    if (before !== null && sameAnalysis(before, after)) this.analysed.pass(before, after);
    else {
      const [was, now] = [before && this.analysed.of(before), this.analysed.of(after)];
      if (!was || !sameAnalysed(was, now)) this.tallies.change(documents, was, now);
    }
    if (before !== null && sameStatisticsInputs(before, after))
      this.settlements.pass(before, after);
    else
      this.settlements.change(
        documents,
        callId,
        before && { call: before, rules: this.rulesOf(before) },
        { call: after, rules },
        at,
      );
    // Billing reads a call from its solution on (or back to work after one): before, nothing to write.
    if (isFinished(after) || isFinished(before)) foldCallIntoBilling(documents, callId, after);
  }

  private rulesOf(call: Call): ServiceLevelRules | undefined {
    const level = call.serviceLevel;
    return (
      level && this.ruleSets.get(level.ruleSetId)?.find((v) => v.version === level.version)?.rules
    );
  }

  fork(): CallsProjection {
    return new CallsProjection(this.store, this.cacheSize);
  }
}

/** What analytics reads of each folded state, derived once: a state after one event is the state before the next. */
class Analyses {
  private readonly byState = new WeakMap<Call, AnalysedCall>();

  of(call: Call): AnalysedCall {
    let analysed = this.byState.get(call);
    if (!analysed) this.byState.set(call, (analysed = analysedOf(call)));
    return analysed;
  }

  /** `after` changed nothing analytics reads: it has what `before` had. */
  pass(before: Call, after: Call): void {
    const analysed = this.byState.get(before);
    if (analysed) this.byState.set(after, analysed);
  }
}

export const callsProjection = (store: EventStore): CallsProjection => new CallsProjection(store);
