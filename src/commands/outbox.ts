import {
  acknowledgementAddressee,
  isReachable,
  type Addressee,
  type CallEvent,
  type MasterData,
} from '../domain/index.js';
import type { ReadModelStore } from '../projections/types.js';
import type { EventStore } from '../store/port.js';
import type { CommandPipeline } from './pipeline.js';
import { Reactor } from './reactor.js';
import { nameUuid } from '../streams/index.js';

/** One message to a customer. Its id is derived from the fact it announces: resending it is recognisable. */
export interface Notification {
  readonly id: string;
  readonly kind: 'call-acknowledged';
  readonly callId: string;
  readonly number: string;
  readonly channel: 'email' | 'sms';
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Where notifications go: an e-mail or SMS gateway. Receivers should drop an id seen before. */
export interface NotificationSender {
  send(notification: Notification): Promise<void>;
}

const OUTBOX = 'outbox-acknowledgements';

type CallLogged = Extract<CallEvent, { type: 'CallLogged' }>;

/**
 * The acknowledgement outbox (A7): every logged call with a way to reach its reporter, or
 * else its customer's contact (calls from plans, meters and alarms are reported by no
 * person), gets a message with its number, through a Reactor (at least once): the message
 * id makes a resend recognisable, and the call records each acknowledgement once.
 */
export function acknowledgementOutbox(
  store: EventStore,
  checkpoints: ReadModelStore,
  pipeline: CommandPipeline,
  sender: NotificationSender,
  masterData?: MasterData,
): Reactor {
  return new Reactor(
    OUTBOX,
    store,
    checkpoints,
    new Set(['CallLogged']),
    async ({ event }, recorded) => {
      const logged = event as CallLogged;
      const { reporter, subject } = logged.data;
      // The customer is read only when the reporter cannot be reached.
      const customer =
        subject.kind === 'customer' && !isReachable(reporter)
          ? await masterData?.customer(subject.customerId)
          : undefined;
      const contactId = subject.kind === 'customer' ? subject.contactId : undefined;
      const notification = acknowledgementOf(
        logged,
        recorded.id,
        acknowledgementAddressee(reporter, contactId, customer ?? undefined),
      );
      if (!notification) return false;
      await sender.send(notification);
      await pipeline.execute({
        type: 'RecordAcknowledgement',
        commandId: notification.id,
        actor: { id: 'outbox', role: 'system' },
        call: notification.callId,
        notificationId: notification.id,
        channel: notification.channel,
        to: notification.to,
      });
      return true;
    },
  );
}

/** The message that tells the addressee the call number: by e-mail when there is an address, else by SMS. */
export function acknowledgementOf(
  logged: CallLogged,
  eventId: string,
  to: Addressee | undefined,
): Notification | undefined {
  const { callId, number, description } = logged.data;
  const address = to?.email ?? to?.phone;
  if (!to || !address) return undefined;
  const channel = to.email ? 'email' : 'sms';
  const greeting = to.name ? `Dear ${to.name},` : 'Hello,';
  return {
    id: nameUuid(`acknowledgement/${eventId}`),
    kind: 'call-acknowledged',
    callId,
    number,
    channel,
    to: address,
    subject: `Your call ${number} is registered`,
    text: `${greeting}\n\nwe registered your call ${number}: "${description.slice(0, 200)}". Please quote ${number} when you contact us about it.`,
  };
}
