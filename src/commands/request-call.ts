import type { z } from 'zod';
import {
  DomainError,
  requestDecider,
  type Actor,
  type CallRequest,
  type RequestAccepted,
  type RequestState,
  type requestCommandSchemas,
} from '../domain/index.js';
import { strip } from '../domain/shared/objects.js';
import { asInputs } from '../domain/shared/attachments.js';
import { parseCommand, type CommandInputOf } from './schemas.js';
import { derivedId, type EnvelopeFields } from '../streams/index.js';

type Payload<T extends keyof typeof requestCommandSchemas> = z.output<
  (typeof requestCommandSchemas)[T]
>;
export type SubmitRequestPayload = Payload<'SubmitRequest'>;
export type AcceptRequestPayload = Payload<'AcceptRequest'>;

/** Who accepts which request, when. */
export interface AcceptanceContext {
  readonly at: Date;
  readonly actor: Actor;
  readonly requestId: string;
  /** The request's last change: an acceptance is not dated before it. */
  readonly previousAt?: Date;
}

/** The request, if it is still waiting for an acceptance (RequestNotFound, RequestNotWaiting otherwise). */
export function waiting(
  state: RequestState,
  payload: AcceptRequestPayload,
  at: AcceptanceContext,
): CallRequest {
  requestDecider.decide(Object.assign({ type: 'AcceptRequest' as const }, payload, at), state);
  return state!;
}

export function itemOf(request: CallRequest, payload: AcceptRequestPayload) {
  return strip({
    item: request.item,
    serialNumber: payload.serialNumber ?? request.serialNumber,
    installation: payload.siteId ?? request.siteId,
  });
}

/** The LogCall a request becomes: named by the request, not by the acceptance — whichever acceptance logs it, it is one call. */
export function callForRequest(
  request: CallRequest,
  payload: AcceptRequestPayload,
  envelope: EnvelopeFields,
  validated: RequestAccepted | undefined,
): CommandInputOf<'LogCall'> {
  const customerId =
    validated?.customerId ?? payload.customerId ?? request.customerId ?? request.sender.account;
  if (!request.product && !customerId)
    throw new DomainError(
      'CustomerUnknown',
      'Name the customer (customerId) to accept this request',
    );
  const role = envelope.actor.role;
  const siteId = payload.siteId ?? request.siteId;
  return parseCommand({
    type: 'LogCall',
    commandId: derivedId(payload.requestId, 'log-call'),
    actor: envelope.actor,
    at: envelope.occurredAt,
    correlationId: envelope.correlationId,
    causationId: envelope.commandId,
    callId: derivedId(payload.requestId, 'call'),
    reportedAt: request.receivedAt,
    intake: {
      mode: role === 'system' || role === 'customer' ? 'electronic' : 'knowledgeable',
      channel: request.channel,
    },
    reporter: strip({
      name: request.sender.name,
      email: request.sender.email,
      phone: request.sender.phone,
    }),
    subject: request.product
      ? { kind: 'product', ...request.product }
      : strip({ kind: 'customer', customerId, siteId: siteId ?? validated?.coverage.siteId }),
    item: itemOf(request, payload),
    description: `${request.summary}\n\n${request.body}`.slice(0, 10_000),
    ...strip({
      service: payload.service ?? request.service,
      chargeable: payload.chargeable,
      priority: payload.priority,
      assignTo: payload.assignTo,
      attachments: asInputs(request.attachments),
    }),
  }) as CommandInputOf<'LogCall'>;
}
