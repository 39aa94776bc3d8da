import { CorruptedHistory } from '../store/errors.js';
import { loadCall, loadStream } from '../streams/index.js';
import {
  builtInServiceLevels,
  callEventTypes,
  evolveCall,
  evolveServiceLevels,
  serviceLevelDecider,
  serviceLevelStream,
  type Call,
  type CallEvent,
  type RuleSetState,
  type ServiceLevelRules,
} from '../domain/index.js';
import type { EventStore } from '../store/port.js';
import { summarise } from './call-summary.js';
import { CallStates } from './call-states.js';
import type { Documents, ProjectedEvent, Projection } from './types.js';

export { summarise, type CallSummary, type ServiceLevelClock } from './call-summary.js';

export const CALLS_PROJECTION = 'calls';

const CALL_PREFIX = 'call-';

/**
 * The calls projection. The state before each event comes from a cache of folded states;
 * a state the cache lacks is rebuilt from the call's own stream before the batch is
 * applied. The state is derived data, not read model: only the summaries and the
 * checkpoint are stored, together, so exactly-once still holds.
 */
export class CallsProjection implements Projection {
  readonly name = CALLS_PROJECTION;
  readonly version = 3;
  readonly collections = {
    calls: {
      // The board, history (all, by customer) and the open calls on one serial number (every LogCall asks).
      indexes: [
        ['open', 'resolutionDueAt', 'number'],
        ['archived', 'archivedAt'],
        ['customerId', 'archived', 'archivedAt'],
        ['serialNumber', 'open', 'number'],
      ],
    },
  };
  readonly eventTypes: ReadonlySet<string> = new Set([...callEventTypes, 'ServiceLevelsPublished']);
  private readonly states: CallStates;
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
    this.states.beginBatch();
    const needed = new Map<string, bigint>();
    const ruleSets = new Set<string>();
    for (const { streamName, revision, event } of events) {
      if (event.type === 'PrioritySet') ruleSets.add(event.data.ruleSetId);
      if (!streamName.startsWith(CALL_PREFIX)) continue;
      const callId = streamName.slice(CALL_PREFIX.length);
      if (needed.has(callId)) continue;
      // A call that starts in this batch is folded by the batch itself: nothing to load.
      if (revision === 0n) {
        needed.set(callId, -1n);
        continue;
      }
      const cached = this.states.get(callId);
      if (cached?.revision !== revision - 1n) needed.set(callId, revision - 1n);
      else needed.set(callId, -1n); // already right: mark as seen
    }
    for (const [callId, revision] of needed) {
      if (revision >= 0n) {
        const { state } = await loadCall(this.store, callId, { toRevision: revision });
        if (state) this.states.set(callId, { revision, state });
      }
      const ruleSetId = this.states.get(callId)?.state.serviceLevel?.ruleSetId;
      if (ruleSetId) ruleSets.add(ruleSetId);
    }
    // The calendars of every call in the batch: rule sets published before this process started included.
    for (const ruleSetId of ruleSets) {
      if (!this.ruleSets.has(ruleSetId))
        this.ruleSets.set(
          ruleSetId,
          (await loadStream(this.store, serviceLevelStream(ruleSetId), serviceLevelDecider)).state,
        );
    }
  }

  apply(projected: ProjectedEvent, documents: Documents): void {
    if (projected.event.type === 'ServiceLevelsPublished') {
      const { ruleSetId, version } = projected.event.data;
      const known = this.ruleSets.get(ruleSetId) ?? [];
      if (!known.some((v) => v.version === version))
        this.ruleSets.set(ruleSetId, evolveServiceLevels(known, projected.event));
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

export const callsProjection = (store: EventStore): CallsProjection => new CallsProjection(store);
