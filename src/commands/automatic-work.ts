import {
  DomainError,
  requestStreamName,
  type Actor,
  type CallRequest,
  type Service,
} from '../domain/index.js';
import { strip } from '../domain/shared/objects.js';
import type { EventStore } from '../store/port.js';
import { requestAggregate } from './aggregates.js';
import type { CommandPipeline } from './pipeline.js';
import { loadStream, nameUuid } from '../streams/index.js';

/**
 * Automatic calls (A1a, E1–E3) go the way every request goes: submitted on their channel
 * by a system actor, then accepted by the system, naming the customer, site, serial number
 * and service — so the same customer, block, contract and coverage validation decides. A
 * refusal is recorded on the request, which waits in its inbox with the reason; uncovered
 * work fails the system's acceptance (ChargeableWorkNotConfirmed) and the request waits for
 * an agent, saying why (RequestLeftWaiting). Nothing is dropped.
 *
 * Idempotent by design: the request id and both command ids derive from the work's key
 * (a plan occurrence, a threshold crossing, an alarm), so doing the same work again — a
 * second run, two runs at once, a replayed reading — finds what the first one recorded.
 */
export const automaticChannels = ['planner', 'meter', 'alarm'] as const;
export type AutomaticChannel = (typeof automaticChannels)[number];

/** One piece of automatic work, ready to become a request. */
export interface WorkOrder {
  /** The identity of what asks for the work (see the domain's occurrence and trigger keys). */
  readonly key: string;
  readonly channel: AutomaticChannel;
  /** When the work fell due: the request is received then, and validated on that day. */
  readonly dueAt: Date;
  readonly serialNumber: string;
  readonly item?: string;
  /** Unknown when the equipment is not in the installed base: the validation then refuses it. */
  readonly customerId?: string;
  readonly siteId?: string;
  readonly service: Service;
  readonly priority?: number;
  readonly summary: string;
  readonly body: string;
  /** Who the request is from, in words (the planner, a meter, a device). */
  readonly from: string;
}

export type WorkOutcomeKind = 'call' | 'refused' | 'waiting' | 'declined';

export interface WorkOutcome {
  readonly key: string;
  readonly requestId: string;
  readonly channel: AutomaticChannel;
  readonly dueAt: Date;
  readonly serialNumber: string;
  readonly customerId?: string;
  readonly summary: string;
  readonly outcome: WorkOutcomeKind;
  /** This execution recorded the outcome; false when an earlier one (or an agent) did. */
  readonly recorded: boolean;
  /** The call's number, for a call. */
  readonly call?: string;
  /** Why it was refused (unknown-customer, blocked, no-active-contract) or why it waits (an error code). */
  readonly reason?: string;
  readonly message?: string;
}

/** The automatic request id of a piece of work: its channel, then a name-based UUID of its key. */
export const automaticRequestId = (order: Pick<WorkOrder, 'channel' | 'key'>): string =>
  `${order.channel}-${nameUuid(`automatic-work/${order.key}`)}`;

const requestFold = requestAggregate.decider;

/** Submits and accepts one piece of work, once: every step is recognised when it is repeated. */
export async function requestWork(
  pipeline: CommandPipeline,
  store: EventStore,
  order: WorkOrder,
  actor: Actor,
): Promise<WorkOutcome> {
  const requestId = automaticRequestId(order);
  const current = async () =>
    (await loadStream(store, requestStreamName(requestId), requestFold)).state;
  let request = await current();
  let submitted = false;
  if (!request) {
    try {
      const result = await pipeline.execute({
        type: 'SubmitRequest',
        commandId: nameUuid(`automatic-work/submit/${order.key}`),
        actor,
        at: order.dueAt,
        requestId,
        channel: order.channel,
        sender: strip({ name: order.from, account: order.customerId }),
        summary: order.summary,
        body: order.body,
        service: order.service,
        ...strip({ siteId: order.siteId, item: order.item }),
        serialNumber: order.serialNumber,
        receivedAt: order.dueAt,
      });
      submitted = !result.duplicate;
    } catch (error) {
      // Another run received it first under its own command: the request is there all the same.
      if (!(error instanceof DomainError && error.code === 'RequestAlreadyReceived')) throw error;
    }
    request = await current();
  }
  // The work fell due when its request was received: a run given another due time or zone
  // finds the same occurrence on the same day, and judges it at that instant still, never
  // before the request was received.
  const dueAt = request?.receivedAt ?? order.dueAt;
  const base = strip({
    key: order.key,
    requestId,
    channel: order.channel,
    dueAt,
    serialNumber: order.serialNumber,
    customerId: order.customerId,
    summary: order.summary,
  });
  // Decided already: by the submission (an inbox accepting this channel at once, A6), by an
  // earlier run (a refusal) or by an agent. Its acceptance is not sent again: the command id
  // derives from the work, and with other content (the equipment has changed owner since)
  // it would be refused as reused.
  if (request && request.status !== 'waiting') return outcomeOf(base, request, submitted);
  const accept = { requestId, commandId: nameUuid(`automatic-work/accept/${order.key}`), actor };
  try {
    const accepted = await pipeline.execute({
      type: 'AcceptRequest',
      commandId: accept.commandId,
      actor,
      at: dueAt,
      requestId,
      service: order.service,
      serialNumber: order.serialNumber,
      ...strip({ customerId: order.customerId, siteId: order.siteId, priority: order.priority }),
    });
    return outcomeOf(base, accepted.state as CallRequest, !accepted.duplicate);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const now = await current();
    // Accepted or declined meanwhile (by an agent, or by a run racing this one).
    if (now && now.status !== 'waiting' && now.status !== 'refused')
      return outcomeOf(base, now, false);
    // Nobody reads this refusal but the report: the request says why it waits, in the inbox (A6).
    if (now?.status === 'waiting') await pipeline.leaveWaiting({ ...accept, at: dueAt }, error);
    return {
      ...base,
      outcome: 'waiting',
      recorded: false,
      reason: error.code,
      message: error.message,
    };
  }
}

function outcomeOf(
  base: Omit<WorkOutcome, 'outcome' | 'recorded'>,
  request: CallRequest,
  recorded: boolean,
): WorkOutcome {
  switch (request.status) {
    case 'accepted':
    case 'joined':
      return {
        ...base,
        outcome: 'call',
        recorded,
        ...(request.call ? { call: request.call.number } : {}),
      };
    case 'refused':
      return {
        ...base,
        outcome: 'refused',
        recorded,
        ...(request.refusal
          ? { reason: request.refusal.reason, message: request.refusal.message }
          : {}),
      };
    case 'declined':
      return {
        ...base,
        outcome: 'declined',
        recorded,
        ...(request.declined ? { message: request.declined } : {}),
      };
    case 'waiting':
      return { ...base, outcome: 'waiting', recorded };
  }
}

/** What a batch of work did, for reports: calls and refusals this execution recorded, what waits for an agent, what was done before. */
export interface WorkReport {
  handled: number;
  readonly created: WorkOutcome[];
  readonly refused: WorkOutcome[];
  readonly waiting: WorkOutcome[];
  /** Every piece of work that is a call, recorded by this execution or before, in the order handled: what a caller resuming its own work must still do. */
  readonly calls: WorkOutcome[];
  /** Handled before (a call, a refusal, a decline recorded earlier): nothing new. */
  unchanged: number;
}

export function emptyWorkReport(): WorkReport {
  return { handled: 0, created: [], refused: [], waiting: [], calls: [], unchanged: 0 };
}

/** Counts one outcome into the report. */
export function tallyWork(report: WorkReport, outcome: WorkOutcome): void {
  report.handled++;
  if (outcome.outcome === 'call') report.calls.push(outcome);
  if (outcome.outcome === 'waiting') report.waiting.push(outcome);
  else if (outcome.recorded && outcome.outcome === 'call') report.created.push(outcome);
  else if (outcome.recorded && outcome.outcome === 'refused') report.refused.push(outcome);
  else report.unchanged++;
}
