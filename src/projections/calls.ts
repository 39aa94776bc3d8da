import { Lru } from '../commands/lru.js';
import { loadCall } from '../commands/streams.js';
import { callEventTypes, evolveCall, isTransferOpen, type Call, type CallEvent, type Money } from '../domain/index.js';
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
  supportCentre: string | null;
  group: string | null;
  engineer: string | null;
  /** Kinds of the transfers still open: second-line, on-site, depot-repair, subcontract. */
  openTransfers: string[];
  reportedAt: string;
  loggedAt: string;
  responseDueAt: string | null;
  resolutionDueAt: string | null;
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
  readonly version = 2;
  readonly collections = { calls: { indexes: ['open', 'archived', 'customerId', 'serialNumber'] } };
  readonly eventTypes: ReadonlySet<string> = new Set(callEventTypes);
  private readonly states: Lru<string, { revision: bigint; state: Call }>;

  constructor(
    private readonly store: EventStore,
    private readonly cacheSize = 20_000,
  ) {
    this.states = new Lru(cacheSize);
  }

  async prefetch(events: readonly ProjectedEvent[]): Promise<void> {
    const needed = new Map<string, bigint>();
    for (const { streamName, revision } of events) {
      const callId = streamName.slice(CALL_PREFIX.length);
      if (needed.has(callId) || revision === 0n) continue;
      const cached = this.states.get(callId);
      if (cached?.revision !== revision - 1n) needed.set(callId, revision - 1n);
      else needed.set(callId, -1n); // already right: mark as seen
    }
    for (const [callId, revision] of needed) {
      if (revision < 0n) continue;
      const { state } = await loadCall(this.store, callId, { toRevision: revision });
      if (state) this.states.set(callId, { revision, state });
    }
  }

  apply(projected: ProjectedEvent, documents: Documents): void {
    const callId = projected.streamName.slice(CALL_PREFIX.length);
    const cached = this.states.get(callId);
    const before = projected.revision === 0n ? null : cached?.revision === projected.revision - 1n ? cached.state : undefined;
    if (before === undefined) throw new Error(`State of call ${callId} before revision ${projected.revision} was not prefetched`);
    const after = evolveCall(before, projected.event as CallEvent);
    if (after === null) return;
    this.states.set(callId, { revision: projected.revision, state: after });
    documents.put('calls', callId, summarise(after, projected.metadata.occurredAt));
  }

  fork(): CallsProjection {
    return new CallsProjection(this.store, this.cacheSize);
  }
}

export const callsProjection = (store: EventStore): CallsProjection => new CallsProjection(store);

const iso = (date: Date | undefined): string | null => (date ? date.toISOString() : null);

export function summarise(call: Call, lastChangedAt: Date): CallSummary {
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
    supportCentre: call.dispatch.supportCentre ?? null,
    group: call.dispatch.group ?? null,
    engineer: call.dispatch.engineer ?? null,
    openTransfers: Object.values(call.transfers).filter(isTransferOpen).map((t) => t.kind),
    reportedAt: call.reportedAt.toISOString(),
    loggedAt: call.loggedAt.toISOString(),
    responseDueAt: iso(call.serviceLevel?.responseDueAt),
    resolutionDueAt: iso(call.serviceLevel?.resolutionDueAt),
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
