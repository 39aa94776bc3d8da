import {
  messageIdOf,
  undeliverable,
  type Language,
  type MasterData,
  type NotificationChannel,
  type NotificationKind,
  type QueuedNotification,
} from '../domain/index.js';
import type { ReadModelStore } from '../projections/types.js';
import type { EventStore } from '../store/port.js';
import { NOTIFIED_EVENTS, notificationFor } from './notification-triggers.js';
import type { CommandPipeline } from './pipeline.js';
import { Reactor } from './reactor.js';
import { derivedId } from '../streams/index.js';

/** One message to a customer, as a sender is handed it. Its id derives from the fact it announces: a resend is recognisable. */
export interface Notification {
  readonly id: string;
  /** The RFC 5322 Message-ID, `<id@callstream>`: a reply names it. */
  readonly messageId: string;
  readonly kind: NotificationKind;
  readonly language: Language;
  readonly template: { readonly id: string; readonly version: number };
  /** When it was queued. */
  readonly at: Date;
  readonly callId?: string;
  readonly number?: string;
  readonly requestId?: string;
  readonly customerId?: string;
  /** The customer's contact it goes to, standing in for a reporter who cannot be reached. */
  readonly contactId?: string;
  readonly channel: NotificationChannel;
  readonly to: string;
  readonly toName?: string;
  readonly subject: string;
  readonly text: string;
  /** The Message-IDs of the messages it follows (the call's first one), for In-Reply-To and References. */
  readonly references: readonly string[];
}

/** Where notifications go: an e-mail or SMS gateway, a directory of .eml files. Receivers should drop an id seen before. */
export interface NotificationSender {
  send(notification: Notification): Promise<void>;
  /** How its deliveries are recorded (NotificationDelivered.via); `sender` when unnamed. */
  readonly via?: string;
}

const OUTBOX = 'outbox-acknowledgements';
const DELIVERY = 'notification-delivery';
const OUTBOX_ACTOR = { id: 'outbox', role: 'system' } as const;

/**
 * The outbox of customer notifications (A7 and beyond): every fact a customer is told
 * (a call logged with its number, an engineer's visit planned or moved, a solution waiting
 * for acceptance, a call closed, a request refused) queues one message in the customer's
 * language, through a Reactor (at least once; the message's id derives from the fact, so
 * queueing it again records nothing). The checkpoint keeps its first name: a store whose
 * calls were acknowledged before carries on from there.
 */
export function notificationOutbox(
  store: EventStore,
  checkpoints: ReadModelStore,
  pipeline: CommandPipeline,
  masterData?: MasterData,
): Reactor {
  return new Reactor(
    OUTBOX,
    store,
    checkpoints,
    new Set(NOTIFIED_EVENTS.keys()),
    async (decoded, recorded) => {
      const notification = await notificationFor({ store, masterData }, decoded, recorded);
      if (!notification) return false;
      const result = await pipeline.execute({
        type: 'QueueNotification',
        commandId: notification.notificationId,
        actor: OUTBOX_ACTOR,
        ...notification,
      });
      // Told already (a request refused again for the same reason), or queued by an earlier
      // run (a resend answers with the events it recorded then): nothing new queued.
      return !result.duplicate && result.events.length > 0;
    },
  );
}

/**
 * Delivers each queued notification at least once: through the sender, then records the
 * delivery (once: NotificationDelivered), and a call's first message as its acknowledgement
 * (CallAcknowledged, A7). A failed send stops the run there; the next run tries it again.
 * A message whose addressee was forgotten since it was queued, or whose text was (the
 * requester's, on a message to a contact standing in for them), is withdrawn instead
 * (NotificationWithdrawn): not sent, not acknowledged. An acknowledgement sent to such a
 * contact names them (customerId, contactId): the address is theirs (docs/privacy.md).
 */
export function notificationDelivery(
  store: EventStore,
  checkpoints: ReadModelStore,
  pipeline: CommandPipeline,
  sender: NotificationSender,
): Reactor {
  return new Reactor(
    DELIVERY,
    store,
    checkpoints,
    new Set(['NotificationQueued']),
    async ({ event }) => {
      if (event.type !== 'NotificationQueued') return false;
      const withdrawal = undeliverable(event.data);
      if (withdrawal) {
        // Its addressee (or the requester whose text it is) was forgotten after it was
        // queued: withdrawn, said so, never sent.
        await pipeline.execute({
          type: 'WithdrawNotification',
          commandId: derivedId(event.data.notificationId, 'withdrawn'),
          actor: OUTBOX_ACTOR,
          notificationId: event.data.notificationId,
          reason: withdrawal,
        });
        return true;
      }
      const notification = notificationOf(event.data);
      await sender.send(notification);
      await pipeline.execute({
        type: 'RecordNotificationDelivery',
        commandId: derivedId(notification.id, 'delivered'),
        actor: OUTBOX_ACTOR,
        notificationId: notification.id,
        via: sender.via ?? 'sender',
      });
      if (notification.kind === 'call-logged' && notification.callId)
        await pipeline.execute({
          type: 'RecordAcknowledgement',
          commandId: derivedId(notification.id, 'acknowledged'),
          actor: OUTBOX_ACTOR,
          call: notification.callId,
          notificationId: notification.id,
          channel: notification.channel,
          to: notification.to,
          // Sent to a contact standing in for the reporter: the address is the contact's.
          ...(notification.contactId !== undefined && notification.customerId !== undefined
            ? { customerId: notification.customerId, contactId: notification.contactId }
            : {}),
        });
      return true;
    },
  );
}

/** A queued notification as a sender is handed it. */
export function notificationOf(queued: QueuedNotification): Notification {
  const { notificationId, follows, at, kind, language, template, channel } = queued;
  return {
    id: notificationId,
    messageId: messageIdOf(notificationId),
    kind,
    language,
    template,
    at,
    channel,
    to: queued.to,
    subject: queued.subject,
    text: queued.text,
    references: (follows ?? []).map(messageIdOf),
    ...(queued.toName === undefined ? {} : { toName: queued.toName }),
    ...(queued.callId === undefined ? {} : { callId: queued.callId }),
    ...(queued.number === undefined ? {} : { number: queued.number }),
    ...(queued.requestId === undefined ? {} : { requestId: queued.requestId }),
    ...(queued.customerId === undefined ? {} : { customerId: queued.customerId }),
    ...(queued.contactId === undefined ? {} : { contactId: queued.contactId }),
  };
}
