import { z } from 'zod';
import { services } from '../contract/state.js';
import { channels, productCategories } from '../shared/channels.js';
import type { Decider } from '../shared/decider.js';
import { DomainError } from '../shared/errors.js';
import { strip } from '../shared/objects.js';
import {
  email,
  id,
  instant,
  personal,
  personalText,
  personName,
  phone,
  shortText,
  storedInstant,
  text,
  type Actor,
  type CommandsOf,
  type EventsOf,
  type Role,
} from '../shared/schema.js';
import { coverageSchema } from './coverage.js';
import { refusalReasons } from './validation.js';

/**
 * A request for a call as it arrives on a channel (A6): it waits in an inbox — one shared
 * inbox or one per channel — until someone accepts it (which logs the call, after the
 * customer validation) or declines it with a reason. A refusal by the validation is
 * recorded too and the request waits on, so it can be accepted once the cause is gone.
 * Nothing that arrived is ever dropped.
 */
export const REQUEST_STREAM_PREFIX = 'request-';
export const requestStreamName = (requestId: string): string =>
  `${REQUEST_STREAM_PREFIX}${requestId}`;

export const inboxModes = ['shared', 'per-channel'] as const;
export type InboxMode = (typeof inboxModes)[number];
export const SHARED_INBOX = 'shared';

const sender = z.object({
  name: personName.optional(),
  email: email.optional(),
  phone: phone.optional(),
  account: id.optional(),
});
const product = z.object({ productId: id, category: z.enum(productCategories) });
const destination = z.strictObject({
  supportCentre: id.optional(),
  group: id.optional(),
  engineer: id.optional(),
});

export const requestCommandSchemas = {
  SubmitRequest: z.strictObject({
    requestId: id,
    channel: z.enum(channels),
    sender: sender.strict().meta({
      description:
        "Who sent it. A customer actor (the portal) submits as the customer it speaks for only: an account, e-mail or phone of another customer is refused (NotYourAccount), and the request is that customer's.",
    }),
    /** A generalist request about a product instead of from a customer (A9). */
    product: product.strict().optional(),
    summary: shortText,
    body: text,
    service: z.enum(services).optional(),
    siteId: id.optional(),
    item: shortText.optional(),
    serialNumber: shortText.optional(),
    receivedAt: instant.optional(),
  }),
  AcceptRequest: z.strictObject({
    requestId: id,
    /** Uncovered work is only taken on as chargeable work, explicitly. */
    chargeable: z.boolean().optional().meta({
      description:
        'true confirms the chargeable work: all of it when not covered, the rest when partly covered (B4)',
    }),
    priority: z.number().int().min(1).max(9).optional(),
    assignTo: destination.optional(),
    /** Corrections the agent makes on reading the request. */
    customerId: id.optional(),
    service: z.enum(services).optional(),
    siteId: id.optional(),
    serialNumber: shortText.optional(),
  }),
  DeclineRequest: z.strictObject({ requestId: id, reason: text }),
} as const;

const at = storedInstant;
export const requestEventSchemas = {
  RequestReceived: z.object({
    at,
    requestId: id,
    inbox: id,
    channel: z.enum(channels),
    sender,
    product: product.optional(),
    /** The sender's own words, like the body. */
    summary: personal(shortText),
    body: personalText,
    service: z.enum(services).optional(),
    siteId: id.optional(),
    item: shortText.optional(),
    serialNumber: shortText.optional(),
    receivedAt: storedInstant,
    /** The customer a portal user submitted it as (their own, always): accepting it validates this customer. */
    customerId: id.optional(),
  }),
  RequestRefused: z.object({
    at,
    by: id,
    reason: z.enum(refusalReasons),
    message: text,
    details: z.record(z.string(), z.unknown()),
  }),
  RequestAccepted: z.object({
    at,
    by: id,
    callId: z.uuid(),
    number: z.string(),
    coverage: coverageSchema.optional(),
  }),
  RequestDeclined: z.object({ at, by: id, reason: text }),
  /** The system's acceptance at once (A6) could not accept it (uncovered work wants an agent's confirmation, …): it waits for an agent. Recorded so a resent submission knows the acceptance was decided. */
  RequestLeftWaiting: z.object({ at, by: id, code: shortText, message: text }),
} as const;

type Schemas = typeof requestCommandSchemas;
export type RequestCommand = CommandsOf<Schemas>;
export type RequestEvent = EventsOf<typeof requestEventSchemas>;
type Received = z.output<(typeof requestEventSchemas)['RequestReceived']>;

export interface CallRequest extends Omit<Received, 'at'> {
  readonly status: 'waiting' | 'refused' | 'accepted' | 'declined';
  readonly refusal?: { readonly reason: string; readonly message: string };
  readonly call?: { readonly callId: string; readonly number: string };
  readonly declined?: string;
}
export type RequestState = CallRequest | null;
export const initialRequestState = (): RequestState => null;

export const requestPermissions: Readonly<Record<keyof Schemas, readonly Role[]>> = {
  SubmitRequest: ['system', 'customer', 'call-taker', 'agent', 'supervisor'],
  AcceptRequest: ['system', 'agent', 'supervisor'],
  DeclineRequest: ['agent', 'supervisor'],
};

/** The outcome of trying to accept: a refusal by the validation, or the call that was logged. */
export type Acceptance =
  | {
      readonly refused: {
        readonly reason: (typeof refusalReasons)[number];
        readonly message: string;
        readonly details: Readonly<Record<string, unknown>>;
      };
    }
  | {
      readonly call: {
        readonly callId: string;
        readonly number: string;
        readonly coverage?: z.output<typeof coverageSchema>;
      };
    };

/** What the pipeline resolves for a submission: the inbox, and the customers the sender's e-mail, phone or account recognise. */
export interface SubmissionExtras {
  readonly inbox?: string;
  readonly senderCustomers?: readonly string[];
}

/** Submitting and declining; accepting is decided with its outcome (see decideAcceptance). */
export function decideRequest(
  command: RequestCommand & SubmissionExtras,
  state: RequestState,
): RequestEvent[] {
  const { at, actor } = command;
  switch (command.type) {
    case 'SubmitRequest': {
      if (state)
        throw new DomainError(
          'RequestAlreadyReceived',
          `Request ${command.requestId} was already received`,
        );
      const {
        requestId,
        channel,
        sender: from,
        product: about,
        summary,
        body,
        service,
        siteId,
        item,
        serialNumber,
      } = command;
      const customerId =
        actor.role === 'customer'
          ? ownCustomer(actor, from, command.senderCustomers ?? [])
          : undefined;
      return [
        {
          type: 'RequestReceived',
          data: strip({
            at,
            requestId,
            inbox: command.inbox ?? SHARED_INBOX,
            channel,
            sender: from,
            product: about,
            summary,
            body,
            service,
            siteId,
            item,
            serialNumber,
            receivedAt: command.receivedAt ?? at,
            customerId,
          }),
        },
      ];
    }
    case 'DeclineRequest':
      ensureWaiting(state, command.requestId, 'decline');
      return [{ type: 'RequestDeclined', data: { at, by: actor.id, reason: command.reason } }];
    case 'AcceptRequest':
      ensureWaiting(state, command.requestId, 'accept');
      return [];
  }
}

/** The system could not accept a request at once: why, recorded on the request, which waits for an agent. */
export function leftWaiting(
  command: { readonly at: Date; readonly actor: Actor; readonly requestId: string },
  state: RequestState,
  why: { readonly code: string; readonly message: string },
): RequestEvent[] {
  ensureWaiting(state, command.requestId, 'leave waiting');
  return [
    {
      type: 'RequestLeftWaiting',
      data: {
        at: command.at,
        by: command.actor.id,
        code: why.code,
        message: why.message.slice(0, 10_000),
      },
    },
  ];
}

export function decideAcceptance(
  command: { readonly at: Date; readonly actor: Actor; readonly requestId: string },
  state: RequestState,
  outcome: Acceptance,
): RequestEvent[] {
  ensureWaiting(state, command.requestId, 'accept');
  const { at, actor } = command;
  if ('refused' in outcome)
    return [
      {
        type: 'RequestRefused',
        data: { at, by: actor.id, ...outcome.refused, details: { ...outcome.refused.details } },
      },
    ];
  return [{ type: 'RequestAccepted', data: strip({ at, by: actor.id, ...outcome.call }) }];
}

/**
 * A portal customer submits as themselves only: the actor speaks for one customer, the sender's
 * account (if given) is that customer's, and the sender's e-mail or phone is no other customer's.
 */
function ownCustomer(
  actor: Actor,
  sender: { readonly account?: string },
  senderCustomers: readonly string[],
): string {
  if (!actor.customerId)
    throw new DomainError(
      'NotYourAccount',
      `A customer submits requests as the customer they speak for: actor ${actor.id} names none (actor.customerId)`,
    );
  const others = [
    ...new Set([...(sender.account !== undefined ? [sender.account] : []), ...senderCustomers]),
  ].filter((other) => other !== actor.customerId);
  if (others.length > 0) {
    throw new DomainError(
      'NotYourAccount',
      `A customer submits requests as themselves (${actor.customerId}) only: the sender names ${others.join(', ')}`,
      { customerId: actor.customerId, named: others },
    );
  }
  return actor.customerId;
}

function ensureWaiting(
  state: RequestState,
  requestId: string,
  verb: string,
): asserts state is CallRequest {
  if (!state) throw new DomainError('RequestNotFound', `No request ${requestId}`);
  if (state.status === 'accepted' || state.status === 'declined') {
    throw new DomainError(
      'RequestNotWaiting',
      `Cannot ${verb} request ${requestId}: it was ${state.status}${state.call ? ` as call ${state.call.number}` : ''}`,
    );
  }
}

export function evolveRequest(state: RequestState, event: RequestEvent): RequestState {
  switch (event.type) {
    case 'RequestReceived': {
      const { at: _at, ...received } = event.data;
      return { ...received, status: 'waiting' };
    }
    case 'RequestRefused':
      return (
        state && {
          ...state,
          status: 'refused',
          refusal: { reason: event.data.reason, message: event.data.message },
        }
      );
    case 'RequestAccepted':
      return (
        state && {
          ...state,
          status: 'accepted',
          call: { callId: event.data.callId, number: event.data.number },
        }
      );
    case 'RequestDeclined':
      return state && { ...state, status: 'declined', declined: event.data.reason };
    case 'RequestLeftWaiting':
      return state;
  }
}

/**
 * The request's rules as one value: submitting and declining (decideRequest; accepting is
 * decided with its outcome, see decideAcceptance and leftWaiting) and the fold.
 */
export const requestDecider: Decider<
  RequestState,
  RequestCommand & SubmissionExtras,
  RequestEvent
> = { initialState: initialRequestState, decide: decideRequest, evolve: evolveRequest };
