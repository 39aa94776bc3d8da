import { CorruptedHistory } from '../store/errors.js';
import { loadCall, loadStream } from '../streams/index.js';
import {
  builtInServiceLevels,
  calendarOf,
  callEventTypes,
  evolveCall,
  evolveServiceLevels,
  isTransferOpen,
  serviceLevelDecider,
  serviceLevelStream,
  type CalendarDefinition,
  type Call,
  type CallEvent,
  type CallServiceLevel,
  type Money,
  type RuleSetState,
  type ServiceLevelRules,
} from '../domain/index.js';
import type { EventStore } from '../store/port.js';
import { CallStates } from './call-states.js';
import { isoString } from './iso-string.js';
import type { Documents, Document, ProjectedEvent, Projection } from './types.js';

/**
 * One summary row per call: the board (open calls) and history (archived calls) are
 * queries on it. The fold reuses the aggregate's own evolve, so the board can never
 * disagree with the call: the projection folds each call's state and summarises it.
 */
export interface CallSummary extends Document {
  callId: string;
  number: string;
  status: Call['status'];
  /** Not yet Closed or Archived: on the board. */
  open: boolean;
  archived: boolean;
  priority: number | null;
  actualPriority: number | null;
  /** The rule-set version the call counts by, e.g. "standard v1", and where it came from. */
  serviceLevels: string | null;
  serviceLevelSource: string | null;
  emergency: boolean;
  onHold: boolean;
  badFix: boolean;
  channel: string;
  customerId: string | null;
  siteId: string | null;
  productId: string | null;
  serialNumber: string | null;
  item: string | null;
  description: string;
  /** The contract charged (C4), the coverage verdict and the rule behind it (B4). */
  contractId: string | null;
  coverageVerdict: string | null;
  coverageRule: string | null;
  /** C5: why the customer called, about which product. */
  purpose: string | null;
  product: string | null;
  supportCentre: string | null;
  group: string | null;
  engineer: string | null;
  /** Kinds of the transfers still open: second-line, on-site, depot-repair, subcontract. */
  openTransfers: string[];
  reportedAt: string;
  loggedAt: string;
  /** Null while a hold stops the clock. */
  responseDueAt: string | null;
  resolutionDueAt: string | null;
  pausedSince: string | null;
  /** What the board needs to judge the targets at any instant, in working time. */
  clock: ServiceLevelClock | null;
  escalations: string[];
  respondedAt: string | null;
  resolvedAt: string | null;
  solution: string | null;
  closedAt: string | null;
  cancelled: boolean;
  archivedAt: string | null;
  lastChangedAt: string;
  minutes: number;
  minutesByLabour: Record<string, number>;
  materials: number;
  costs: Record<string, number>;
  reopenedFrom: string | null;
  reopenedAs: string[];
}

export interface ServiceLevelClock extends Document {
  calendar: CalendarDefinition;
  responseAllowedMs: number;
  resolutionAllowedMs: number;
  atRiskShare: number;
  /** Spans the clock stood still; an open one has no end. */
  pauses: Array<{ from: string; to: string | null }>;
}

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
      // The requester's description, sealed under their key in the store (docs/privacy.md).
      privacy: { fields: [{ path: 'description', subject: (key: string) => `requester:${key}` }] },
    },
  };
  readonly forgetting = { rebuildFor: [] };
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

const iso = (date: Date | undefined): string | null => (date ? isoString(date) : null);

function clockOf(call: Call, level: CallServiceLevel, rules: ServiceLevelRules): ServiceLevelClock {
  return {
    calendar: calendarOf(rules, level.calendar),
    responseAllowedMs: level.responseAllowedMs,
    resolutionAllowedMs: level.resolutionAllowedMs,
    atRiskShare: rules.atRiskShare,
    pauses: Object.values(call.holds)
      .filter((hold) => hold.pausesClock)
      .map((hold) => ({ from: isoString(hold.from), to: iso(hold.to) })),
  };
}

export function summarise(call: Call, lastChangedAt: Date, rules?: ServiceLevelRules): CallSummary {
  const minutesByLabour: Record<string, number> = {};
  const costs: Record<string, number> = {};
  let minutes = 0;
  let materials = 0;
  const addCost = (money: Money) =>
    (costs[money.currency] = (costs[money.currency] ?? 0) + money.amount);
  for (const booking of Object.values(call.bookings)) {
    if (booking.cancelled) continue;
    if (booking.kind === 'time') {
      minutes += booking.minutes;
      minutesByLabour[booking.labourType] =
        (minutesByLabour[booking.labourType] ?? 0) + booking.minutes;
    } else if (booking.kind === 'material') materials += booking.quantity;
    else addCost(booking.amount);
  }
  const transfers = Object.values(call.transfers);
  for (const transfer of transfers) {
    if (transfer.kind === 'subcontract' && transfer.actualCost) addCost(transfer.actualCost);
  }
  // Each member read once: states come in many shapes, so every read is a slow lookup.
  const { subject, status, item, dispatch, coverage, resolution, closure } = call;
  const level = call.serviceLevel;
  return {
    callId: call.id,
    number: call.number,
    status,
    open: status !== 'Closed' && status !== 'Archived',
    archived: status === 'Archived',
    priority: level?.priority ?? null,
    actualPriority: level?.actualPriority ?? null,
    serviceLevels: level ? `${level.ruleSetId} v${level.version}` : null,
    serviceLevelSource: level?.source ?? null,
    emergency: call.emergency,
    onHold: call.onHold !== undefined,
    badFix: call.badFix,
    channel: call.intake.channel,
    customerId: subject.kind === 'customer' ? subject.customerId : null,
    siteId: subject.kind === 'customer' ? (subject.siteId ?? null) : null,
    productId: subject.kind === 'product' ? subject.productId : null,
    serialNumber: item.serialNumber ?? null,
    item: item.item ?? null,
    description: call.description,
    contractId: call.contractId ?? null,
    coverageVerdict: coverage?.verdict ?? null,
    coverageRule: coverage?.rule ?? null,
    purpose: call.purpose ?? null,
    product: call.product ?? (subject.kind === 'product' ? subject.productId : (item.item ?? null)),
    supportCentre: dispatch.supportCentre ?? null,
    group: dispatch.group ?? null,
    engineer: dispatch.engineer ?? null,
    openTransfers: transfers.filter(isTransferOpen).map((t) => t.kind),
    reportedAt: isoString(call.reportedAt),
    loggedAt: isoString(call.loggedAt),
    responseDueAt: iso(level?.responseDueAt),
    resolutionDueAt: iso(level?.resolutionDueAt),
    pausedSince: iso(level?.pausedSince),
    clock: level && rules ? clockOf(call, level, rules) : null,
    escalations: Object.keys(level?.escalations ?? {}),
    respondedAt: iso(call.respondedAt),
    resolvedAt: iso(resolution?.at),
    solution: resolution?.solution ?? null,
    closedAt: iso(closure?.at),
    cancelled: closure?.cancelled ?? false,
    archivedAt: iso(call.archivedAt),
    lastChangedAt: isoString(lastChangedAt),
    minutes,
    minutesByLabour,
    materials,
    costs,
    reopenedFrom: call.reopenedFrom?.number ?? null,
    reopenedAs: Object.values(call.reopenedAs).map((ref) => ref.number),
  };
}
