import { z } from 'zod';
import {
  givenUuid,
  id,
  personal,
  shortText,
  storedInstant,
  type CommandsOf,
  type EventsOf,
  type Role,
} from '../shared/schema.js';
import { language } from '../customer/language.js';

/**
 * Customer notifications (A7 and beyond): the outbox. A message is recorded once, on a
 * stream of its own named by an id derived from the fact it announces (so the outbox can
 * record it again after a crash and nothing changes), and delivered at least once: each
 * delivery is recorded once, the first; one whose addressee was forgotten before it went out
 * is withdrawn instead, never sent. Its Message-ID (`<id@callstream>`) is what a
 * customer's reply names, which leads back to the call.
 */
export const NOTIFICATION_STREAM_PREFIX = 'notification-';
export const notificationStreamName = (notificationId: string): string =>
  `${NOTIFICATION_STREAM_PREFIX}${notificationId}`;

export const notificationKinds = [
  'call-logged',
  'visit-planned',
  'visit-moved',
  'visit-cancelled',
  'solution-proposed',
  'call-closed',
  'call-cancelled',
  'request-refused',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export const notificationChannels = ['email', 'sms'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

const MESSAGE_ID_DOMAIN = 'callstream';
/** The RFC 5322 Message-ID of a notification. */
export const messageIdOf = (notificationId: string): string =>
  `<${notificationId}@${MESSAGE_ID_DOMAIN}>`;
const MESSAGE_ID = new RegExp(
  `<([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@${MESSAGE_ID_DOMAIN}>`,
  'gi',
);
/** The notification ids a header (In-Reply-To, References: one or more Message-IDs) names, in order. */
export function notificationIdsIn(header: string): string[] {
  return [...new Set([...header.matchAll(MESSAGE_ID)].map((match) => match[1]!.toLowerCase()))];
}

/** Which template (kind and language) at which version wrote a message. */
const templateRef = z.object({ id: shortText, version: z.number().int().positive() });

/**
 * Why a queued message is not sent: its address reads erased (the addressee forgotten), or its
 * text does (the requester forgotten, the message going to a contact standing in for them).
 */
export const withdrawalReasons = ['addressee-erased', 'text-erased'] as const;
export type WithdrawalReason = (typeof withdrawalReasons)[number];

const notificationId = z.uuid();
const message = {
  kind: z.enum(notificationKinds),
  callId: z.uuid().optional(),
  number: z.string().optional(),
  requestId: id.optional(),
  customerId: id.optional(),
  /**
   * The customer's contact it goes to, standing in for a reporter who cannot be reached (with
   * `customerId`): `to` and `toName` are then that contact's personal data, and the text
   * (the requester's) does not name them. Absent on messages to the reporter or a sender,
   * and on every message queued before it existed (docs/privacy.md).
   */
  contactId: id.optional(),
  language,
  template: templateRef,
  channel: z.enum(notificationChannels),
  /** The notifications this one follows (the call's first message): threads it for the reader. */
  follows: z.array(notificationId).max(10).optional(),
  /** Written from a template: no personal value (names and descriptions are in the text only). */
  subject: z.string().min(1).max(300),
};

export const notificationCommandSchemas = {
  QueueNotification: z.strictObject({
    notificationId: givenUuid,
    ...message,
    callId: givenUuid.optional(),
    template: templateRef.strict(),
    to: personal(z.string().min(3).max(320)),
    toName: personal(z.string().min(1).max(200)).optional(),
    text: personal(z.string().min(1).max(10_000)),
  }),
  /** A delivery that succeeded: `via` names the way (a gateway, `eml` for a file). */
  RecordNotificationDelivery: z.strictObject({ notificationId: givenUuid, via: shortText }),
  /** A message that will not be sent: its addressee was forgotten before it went out. */
  WithdrawNotification: z.strictObject({
    notificationId: givenUuid,
    reason: z.enum(withdrawalReasons),
  }),
} as const;

export const notificationEventSchemas = {
  NotificationQueued: z.object({
    at: storedInstant,
    notificationId,
    ...message,
    to: personal(z.string()),
    toName: personal(z.string()).optional(),
    text: personal(z.string()),
  }),
  NotificationDelivered: z.object({ at: storedInstant, via: shortText }),
  NotificationWithdrawn: z.object({ at: storedInstant, reason: z.enum(withdrawalReasons) }),
} as const;

export type NotificationCommand = CommandsOf<typeof notificationCommandSchemas>;
export type NotificationEvent = EventsOf<typeof notificationEventSchemas>;
export type QueuedNotification = Extract<NotificationEvent, { type: 'NotificationQueued' }>['data'];

/** The outbox and the delivery are the system's own work. */
export const notificationPermissions: Readonly<
  Record<keyof typeof notificationCommandSchemas, readonly Role[]>
> = {
  QueueNotification: ['system'],
  RecordNotificationDelivery: ['system'],
  WithdrawNotification: ['system'],
};
