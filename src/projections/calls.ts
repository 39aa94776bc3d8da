import { Lru } from '../commands/lru.js';
import { loadCall, loadStream, type Fold } from '../commands/streams.js';
import {
  builtInServiceLevels,
  calendarOf,
  callEventTypes,
  evolveCall,
  evolveServiceLevels,
  initialRuleSet,
  isTransferOpen,
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
  readonly collections = { calls: { indexes: ['open', 'archived', 'customerId', 'serialNumber', 'contractId'] } };
  readonly eventTypes: ReadonlySet<string> = new Set([...callEventTypes, 'ServiceLevelsPublished']);
  private readonly states: Lru<string, { revision: bigint; state: Call }>;
  /** Rule sets by id, for the calendars calls count on: few, small, and read from their own streams. */
  private readonly ruleSets = new Map<string, RuleSetState>([[builtInServiceLevels.ruleSetId, [builtInServiceLevels]]]);

  constructor(
    private readonly store: EventStore,
    private readonly cacheSize = 20_000,
  ) {
    this.states = new Lru(cacheSize);
  }

  async prefetch(events: readonly ProjectedEvent[]): Promise<void> {
    const needed = new Map<string, bigint>();
    const ruleSets = new Set<string>();
    for (const { streamName, revision, event } of events) {
      if (event.type === 'PrioritySet') ruleSets.add(event.data.ruleSetId);
      if (!streamName.startsWith(CALL_PREFIX)) continue;
      const callId = streamName.slice(CALL_PREFIX.length);
      if (needed.has(callId) || revision === 0n) continue;
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
      if (!this.ruleSets.has(ruleSetId)) this.ruleSets.set(ruleSetId, (await loadStream(this.store, serviceLevelStream(ruleSetId), ruleSetFold)).state);
    }
  }

  apply(projected: ProjectedEvent, documents: Documents): void {
    if (projected.event.type === 'ServiceLevelsPublished') {
      const { ruleSetId, version } = projected.event.data;
      const known = this.ruleSets.get(ruleSetId) ?? [];
      if (!known.some((v) => v.version === version)) this.ruleSets.set(ruleSetId, evolveServiceLevels(known, projected.event));
      return;
    }
    const callId = projected.streamName.slice(CALL_PREFIX.length);
    const cached = this.states.get(callId);
    const before = projected.revision === 0n ? null : cached?.revision === projected.revision - 1n ? cached.state : undefined;
    if (before === undefined) throw new Error(`State of call ${callId} before revision ${projected.revision} was not prefetched`);
    const after = evolveCall(before, projected.event as CallEvent);
    if (after === null) return;
    this.states.set(callId, { revision: projected.revision, state: after });
    documents.put('calls', callId, summarise(after, projected.metadata.occurredAt, this.rulesOf(after)));
  }

  private rulesOf(call: Call): ServiceLevelRules | undefined {
    const level = call.serviceLevel;
    return level && this.ruleSets.get(level.ruleSetId)?.find((v) => v.version === level.version)?.rules;
  }

  fork(): CallsProjection {
    return new CallsProjection(this.store, this.cacheSize);
  }
}

export const callsProjection = (store: EventStore): CallsProjection => new CallsProjection(store);

const ruleSetFold: Fold<RuleSetState> = { initial: initialRuleSet, evolve: (state, event) => evolveServiceLevels(state, event as never) };

const iso = (date: Date | undefined): string | null => (date ? date.toISOString() : null);

function clockOf(call: Call, level: CallServiceLevel, rules: ServiceLevelRules): ServiceLevelClock {
  return {
    calendar: calendarOf(rules, level.calendar),
    responseAllowedMs: level.responseAllowedMs,
    resolutionAllowedMs: level.resolutionAllowedMs,
    atRiskShare: rules.atRiskShare,
    pauses: Object.values(call.holds)
      .filter((hold) => hold.pausesClock)
      .map((hold) => ({ from: hold.from.toISOString(), to: iso(hold.to) })),
  };
}

export function summarise(call: Call, lastChangedAt: Date, rules?: ServiceLevelRules): CallSummary {
  const minutesByLabour: Record<string, number> = {};
  const costs: Record<string, number> = {};
  let minutes = 0;
  let materials = 0;
  const addCost = (money: Money) => (costs[money.currency] = (costs[money.currency] ?? 0) + money.amount);
  for (const booking of Object.values(call.bookings)) {
    if (booking.cancelled) continue;
    if (booking.kind === 'time') {
      minutes += booking.minutes;
      minutesByLabour[booking.labourType] = (minutesByLabour[booking.labourType] ?? 0) + booking.minutes;
    } else if (booking.kind === 'material') materials += booking.quantity;
    else addCost(booking.amount);
  }
  for (const transfer of Object.values(call.transfers)) {
    if (transfer.kind === 'subcontract' && transfer.actualCost) addCost(transfer.actualCost);
  }
  const subject = call.subject;
  return {
    callId: call.id,
    number: call.number,
    status: call.status,
    open: call.status !== 'Closed' && call.status !== 'Archived',
    archived: call.status === 'Archived',
    priority: call.serviceLevel?.priority ?? null,
    actualPriority: call.serviceLevel?.actualPriority ?? null,
    serviceLevels: call.serviceLevel ? `${call.serviceLevel.ruleSetId} v${call.serviceLevel.version}` : null,
    serviceLevelSource: call.serviceLevel?.source ?? null,
    emergency: call.emergency,
    onHold: call.onHold !== undefined,
    badFix: call.badFix,
    channel: call.intake.channel,
    customerId: subject.kind === 'customer' ? subject.customerId : null,
    siteId: subject.kind === 'customer' ? (subject.siteId ?? null) : null,
    productId: subject.kind === 'product' ? subject.productId : null,
    serialNumber: call.item.serialNumber ?? null,
    item: call.item.item ?? null,
    description: call.description,
    contractId: call.contractId ?? null,
    coverageVerdict: call.coverage?.verdict ?? null,
    coverageRule: call.coverage?.rule ?? null,
    purpose: call.purpose ?? null,
    product: call.product ?? (subject.kind === 'product' ? subject.productId : (call.item.item ?? null)),
    supportCentre: call.dispatch.supportCentre ?? null,
    group: call.dispatch.group ?? null,
    engineer: call.dispatch.engineer ?? null,
    openTransfers: Object.values(call.transfers).filter(isTransferOpen).map((t) => t.kind),
    reportedAt: call.reportedAt.toISOString(),
    loggedAt: call.loggedAt.toISOString(),
    responseDueAt: iso(call.serviceLevel?.responseDueAt),
    resolutionDueAt: iso(call.serviceLevel?.resolutionDueAt),
    pausedSince: iso(call.serviceLevel?.pausedSince),
    clock: call.serviceLevel && rules ? clockOf(call, call.serviceLevel, rules) : null,
    escalations: Object.keys(call.serviceLevel?.escalations ?? {}),
    respondedAt: iso(call.respondedAt),
    resolvedAt: iso(call.resolution?.at),
    solution: call.resolution?.solution ?? null,
    closedAt: iso(call.closure?.at),
    cancelled: call.closure?.cancelled ?? false,
    archivedAt: iso(call.archivedAt),
    lastChangedAt: lastChangedAt.toISOString(),
    minutes,
    minutesByLabour,
    materials,
    costs,
    reopenedFrom: call.reopenedFrom?.number ?? null,
    reopenedAs: Object.values(call.reopenedAs).map((ref) => ref.number),
  };
}
