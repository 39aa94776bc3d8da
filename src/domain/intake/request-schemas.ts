import { z } from 'zod';
import { services } from '../contract/state.js';
import { channels, productCategories } from '../shared/channels.js';
import {
  id,
  instant,
  email,
  personal,
  personalText,
  personName,
  phone,
  phoneWithDigits,
  shortText,
  storedInstant,
  text,
  workText,
  type CommandsOf,
  type EventsOf,
  jsonValue,
} from '../shared/schema.js';
import { coverageSchema } from './coverage.js';
import { refusalReasons } from './validation.js';
import { attachmentInputs, attachmentList } from '../shared/attachments.js';

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
/** A header naming messages: one or more Message-IDs (`<…@…>`), as the mail carried it. */
const messageIds = z.string().trim().min(3).max(2_000);
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
    sender: sender.extend({ phone: phoneWithDigits.optional() }).strict().meta({
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
    /** Files that came with the message, by reference; the sender's own, so visible to them. */
    attachments: attachmentInputs.optional(),
    /** An e-mail's In-Reply-To and References headers (Message-IDs): a reply to a notification joins its call (A2). */
    inReplyTo: messageIds.optional(),
    references: messageIds.optional(),
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
  DeclineRequest: z.strictObject({ requestId: id, reason: workText }),
} as const;

/** Why a call a request names was not joined (see conversation.ts). */
export const notFollowedReasons = [
  'no-such-call',
  'sender-unknown',
  'other-customer',
  'call-finished',
] as const;

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
    /** Added later (issue 20): absent on older requests. They go with the request to its call. */
    attachments: attachmentList,
    /** Added later (absent before): the e-mail headers naming what it replies to. */
    inReplyTo: messageIds.optional(),
    references: messageIds.optional(),
  }),
  RequestRefused: z.object({
    at,
    by: id,
    reason: z.enum(refusalReasons),
    message: text,
    details: z.record(z.string(), jsonValue),
  }),
  RequestAccepted: z.object({
    at,
    by: id,
    callId: z.uuid(),
    number: z.string(),
    coverage: coverageSchema.optional(),
  }),
  RequestDeclined: z.object({ at, by: id, reason: text }),
  /** It named an open call of its sender's customer: added to that call as follow-up information (A2), not a call of its own. */
  RequestJoinedCall: z.object({
    at,
    by: id,
    callId: z.uuid(),
    number: z.string(),
    /** notification-reply (added later): it replied to a notification of that call. */
    reason: z.enum(['call-number', 'notification-reply']),
  }),
  /** It named a call it may not join (see notFollowedReasons): it goes on as a request of its own. */
  CallReferenceNotFollowed: z.object({
    at,
    by: id,
    number: z.string(),
    reason: z.enum(notFollowedReasons),
    /** How it named the call (added later; absent: by its number). */
    via: z.enum(['call-number', 'notification-reply']).optional(),
  }),
  /** The system's acceptance at once (A6) could not accept it (uncovered work wants an agent's confirmation, …): it waits for an agent. Recorded so a resent submission knows the acceptance was decided. */
  RequestLeftWaiting: z.object({ at, by: id, code: shortText, message: text }),
} as const;

export type RequestCommand = CommandsOf<typeof requestCommandSchemas>;
export type RequestEvent = EventsOf<typeof requestEventSchemas>;
