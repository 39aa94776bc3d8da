import type { z } from 'zod';
import { DomainError } from '../shared/errors.js';
import { refuseBackdatedByCustomer } from '../shared/time-order.js';
import { strip } from '../shared/objects.js';
import { numberAttachments } from '../shared/attachments.js';
import type { Actor, Role } from '../shared/schema.js';
import type { coverageSchema } from './coverage.js';
import {
  SHARED_INBOX,
  type RequestCommand,
  type RequestEvent,
  type requestCommandSchemas,
  type requestEventSchemas,
} from './request-schemas.js';
import type { CallRequest, RequestState } from './request-state.js';
import type { refusalReasons } from './validation.js';

export const requestPermissions: Readonly<
  Record<keyof typeof requestCommandSchemas, readonly Role[]>
> = {
  SubmitRequest: ['system', 'customer', 'call-taker', 'agent', 'supervisor'],
  AcceptRequest: ['system', 'agent', 'supervisor'],
  DeclineRequest: ['agent', 'supervisor'],
};

/** What a refusal records beside its reason: JSON values (what the validation found). */
export type RefusalDetails = z.output<(typeof requestEventSchemas)['RequestRefused']>['details'];

/** The outcome of trying to accept: a refusal by the validation, or the call that was logged. */
export type Acceptance =
  | {
      readonly refused: {
        readonly reason: (typeof refusalReasons)[number];
        readonly message: string;
        readonly details: Readonly<RefusalDetails>;
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
  /** The customers the sender's account alone is an identifier of (a portal submission). */
  readonly accountCustomers?: readonly string[];
  /**
   * Set when the request keeps a LogCall the customer validation refused (nothing that arrived
   * is lost): the customer it was logged for, whom accepting the request validates; the
   * files keep the visibility they were logged with.
   */
  readonly refusedLogCall?: { readonly customerId?: string };
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
        inReplyTo,
        references,
      } = command;
      if (command.receivedAt && command.receivedAt.getTime() > at.getTime())
        // As a call cannot be reported after it is logged: a date ahead would date its coverage, service levels and inbox order in the future.
        throw new DomainError(
          'ReceivedInFuture',
          `A request cannot be received (${command.receivedAt.toISOString()}) after it is recorded (${at.toISOString()})`,
        );
      refuseBackdatedByCustomer(command, command.receivedAt, 'receivedAt');
      const kept = command.refusedLogCall;
      // What the sender sent is theirs to see, whoever typed it in; files staff logged a call with are as they said.
      const attachments = numberAttachments(
        command.attachments,
        0,
        kept === undefined || actor.role === 'customer',
      );
      const customerId =
        actor.role === 'customer'
          ? ownCustomer(actor, from, command.senderCustomers ?? [], command.accountCustomers ?? [])
          : kept?.customerId;
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
            attachments,
            inReplyTo,
            references,
          }),
        },
      ];
    }
    case 'DeclineRequest':
      ensureWaiting(state, command.requestId, 'decline');
      return [{ type: 'RequestDeclined', data: { at, by: actor.id, reason: command.reason } }];
    case 'AcceptRequest':
      ensureWaiting(state, command.requestId, 'accept');
      ensureCustomerFits(state, command);
      return [];
  }
}

/**
 * A9: a request about a product is logged for the product, not for a customer; a customer or
 * a customer's site named on accepting it would be dropped in silence, so it is refused.
 */
function ensureCustomerFits(
  request: CallRequest,
  command: { readonly customerId?: string; readonly siteId?: string },
): void {
  const named = command.customerId ?? command.siteId;
  if (!request.product || named === undefined) return;
  const what = command.customerId !== undefined ? 'customer' : 'site';
  throw new DomainError(
    'CustomerOnProductRequest',
    `Request ${request.requestId} is about product ${request.product.productId} (${request.product.category}): it is logged for the product, without a customer, so ${what} ${named} would be ignored. Accept it without customerId and siteId, or decline it and log the call for the customer (LogCall)`,
    { requestId: request.requestId, productId: request.product.productId, [what]: named },
  );
}

/**
 * The system could not accept a request (at once, or automatic work): why, recorded on the
 * request, which waits for an agent. The request says why once: the same reason again (an
 * acceptance tried again and refused alike) records nothing.
 */
export function leftWaiting(
  command: { readonly at: Date; readonly actor: Actor; readonly requestId: string },
  state: RequestState,
  why: { readonly code: string; readonly message: string },
): RequestEvent[] {
  ensureWaiting(state, command.requestId, 'leave waiting');
  const message = why.message.slice(0, 10_000);
  if (state.waitingFor?.code === why.code && state.waitingFor.message === message) return [];
  return [
    {
      type: 'RequestLeftWaiting',
      data: { at: command.at, by: command.actor.id, code: why.code, message },
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
 * account (if given) is that customer's — its id, or an account identifier of theirs (B1) — and
 * the sender's e-mail or phone is no other customer's.
 */
function ownCustomer(
  actor: Actor,
  sender: { readonly account?: string },
  senderCustomers: readonly string[],
  accountCustomers: readonly string[],
): string {
  if (!actor.customerId)
    throw new DomainError(
      'NotYourAccount',
      `A customer submits requests as the customer they speak for: actor ${actor.id} names none (actor.customerId)`,
    );
  const ownAccount =
    sender.account === undefined ||
    sender.account === actor.customerId ||
    accountCustomers.includes(actor.customerId);
  const others = [...new Set([...(ownAccount ? [] : [sender.account]), ...senderCustomers])].filter(
    (other) => other !== actor.customerId,
  );
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
  if (state.status === 'accepted' || state.status === 'declined' || state.status === 'joined') {
    throw new DomainError(
      'RequestNotWaiting',
      `Cannot ${verb} request ${requestId}: it was ${state.status}${state.call ? ` as call ${state.call.number}` : ''}`,
    );
  }
}
