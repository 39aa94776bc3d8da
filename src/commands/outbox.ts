import type { CallEvent, Contact, MasterData } from '../domain/index.js';
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

type CallLogged = Extract<CallEvent, { type: 'CallLogged' }>;

/**
 * The acknowledgement outbox (A7): every logged call with a way to reach its reporter, or
 * else its customer's contact (calls from plans, meters and alarms are reported by no
 * person), gets a message with its number, through a Reactor (at least once): the message
 * id makes a resend recognisable, and the call records each acknowledgement once.
 */
export function acknowledgementOutbox(store: EventStore, checkpoints: ReadModelStore, pipeline: CommandPipeline, sender: NotificationSender, masterData?: MasterData): Reactor {
  return new Reactor(OUTBOX, store, checkpoints, new Set(['CallLogged']), async ({ event }, recorded) => {
    const logged = event as CallLogged;
    const contact = masterData && !reachable(logged.data.reporter) ? await customerContact(masterData, logged) : undefined;
    const notification = acknowledgementOf(logged, recorded.id, contact);
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

const reachable = (person: { readonly email?: string; readonly phone?: string }): boolean => Boolean(person.email ?? person.phone);

/** The contact the call names, else the customer's first contact (by id) with an address. */
async function customerContact(masterData: MasterData, logged: CallLogged): Promise<Contact | undefined> {
  const { subject } = logged.data;
  if (subject.kind !== 'customer') return undefined;
  const customer = await masterData.customer(subject.customerId);
  if (!customer) return undefined;
  const named = subject.contactId ? customer.contacts[subject.contactId] : undefined;
  if (named && reachable(named)) return named;
  const ids = Object.keys(customer.contacts).sort();
  return ids.map((contactId) => customer.contacts[contactId]!).find(reachable);
}

/**
 * The message that tells the reporter (or, when the reporter cannot be reached, the given
 * contact) the call number: by e-mail when there is an address, else by SMS.
 */
export function acknowledgementOf(logged: CallLogged, eventId: string, contact?: Contact): Notification | undefined {
  const { reporter, callId, number, description } = logged.data;
  const person = reachable(reporter) ? reporter : contact;
  const to = person?.email ?? person?.phone;
  if (!person || !to) return undefined;
  const channel = person.email ? 'email' : 'sms';
  const greeting = person.name ? `Dear ${person.name},` : 'Hello,';
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
