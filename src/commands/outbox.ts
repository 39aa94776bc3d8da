import type { CallEvent } from '../domain/index.js';
import type { ReadModelStore } from '../projections/types.js';
import type { EventStore } from '../store/port.js';
import type { CommandPipeline } from './pipeline.js';
import { Reactor } from './reactor.js';
import { nameUuid } from './streams.js';

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

/**
 * The acknowledgement outbox (A7): every logged call with a way to reach its reporter gets
 * a message with its number, through a Reactor (at least once): the message id makes a
 * resend recognisable, and the call records each acknowledgement once.
 */
export function acknowledgementOutbox(store: EventStore, checkpoints: ReadModelStore, pipeline: CommandPipeline, sender: NotificationSender): Reactor {
  return new Reactor(OUTBOX, store, checkpoints, new Set(['CallLogged']), async ({ event }, recorded) => {
    const notification = acknowledgementOf(event as Extract<CallEvent, { type: 'CallLogged' }>, recorded.id);
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
  });
}

/** The message that tells the reporter the call number: by e-mail when there is an address, else by SMS. */
export function acknowledgementOf(logged: Extract<CallEvent, { type: 'CallLogged' }>, eventId: string): Notification | undefined {
  const { reporter, callId, number, description } = logged.data;
  const to = reporter.email ?? reporter.phone;
  if (!to) return undefined;
  const channel = reporter.email ? 'email' : 'sms';
  const greeting = reporter.name ? `Dear ${reporter.name},` : 'Hello,';
  return {
    id: nameUuid(`acknowledgement/${eventId}`),
    kind: 'call-acknowledged',
    callId,
    number,
    channel,
    to,
    subject: `Your call ${number} is registered`,
    text: `${greeting}\n\nwe registered your call ${number}: "${description.slice(0, 200)}". Please quote ${number} when you contact us about it.`,
  };
}
