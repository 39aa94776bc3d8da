import {
  acknowledgementAddressee,
  composeNotification,
  DEFAULT_LANGUAGE,
  languageOf,
  notificationStreamName,
  organisationDecider,
  organisationTimeZone,
  ORGANISATION_STREAM,
  requestDecider,
  type CallState,
  type CallRequest,
  type CustomerState,
  type DecodedEvent,
  type MasterData,
  type NotificationDraft,
  type NotificationFacts,
  type NotificationKind,
  type NotificationPayload,
} from '../domain/index.js';
import type { EventStore, RecordedEvent } from '../store/port.js';
import { senderOf } from './customer-checks.js';
import { loadCall, loadStream, nameUuid } from '../streams/index.js';

/** The facts that are told to the customer, and the kind of message each one is. */
export const NOTIFIED_EVENTS: ReadonlyMap<string, NotificationKind> = new Map([
  ['CallLogged', 'call-logged'],
  ['OnSiteVisitScheduled', 'visit-planned'],
  ['OnSiteVisitRescheduled', 'visit-moved'],
  // Only an engineer's visit that had not begun: the customer was told when to expect it.
  ['TransferCancelled', 'visit-cancelled'],
  ['CallResolved', 'solution-proposed'],
  ['CallClosed', 'call-closed'],
  ['CallCancelled', 'call-cancelled'],
  ['RequestRefused', 'request-refused'],
]);

/** A call's first message (its number): the later ones follow it, so mail readers thread them. */
export const callLoggedNotificationId = (callId: string): string =>
  nameUuid(`notification/${callId}/call-logged`);

interface Sources {
  readonly store: EventStore;
  readonly masterData: MasterData | undefined;
}

/**
 * The notification a recorded fact calls for, written in its customer's language, or
 * undefined when no one can be reached. Its id derives from the fact (a request refused
 * for the same reason twice is told once), so writing it again changes nothing.
 */
export async function notificationFor(
  sources: Sources,
  { event }: DecodedEvent,
  recorded: RecordedEvent,
): Promise<NotificationPayload | undefined> {
  const kind = NOTIFIED_EVENTS.get(event.type);
  if (!kind) return undefined;
  if (event.type === 'RequestRefused') return refusalNotification(sources, recorded, event.data);
  const callId = recorded.streamName.slice('call-'.length);
  const { state: call } = await loadCall(sources.store, callId);
  if (!call) return undefined;
  if (event.type === 'TransferCancelled' && !cancelledVisit(call, event.data.transferId))
    return undefined;
  const customerId = call.subject.kind === 'customer' ? call.subject.customerId : undefined;
  const customer =
    customerId === undefined ? null : ((await sources.masterData?.customer(customerId)) ?? null);
  const contactId = call.subject.kind === 'customer' ? call.subject.contactId : undefined;
  const root = callLoggedNotificationId(callId);
  const first = kind === 'call-logged';
  const draft: NotificationDraft = {
    notificationId: first ? root : nameUuid(`notification/${recorded.id}`),
    kind,
    language: customer ? languageOf(customer) : DEFAULT_LANGUAGE,
    to: acknowledgementAddressee(call.reporter, contactId, customer ?? undefined),
    facts: await factsOf(sources, event, call),
    callId,
    number: call.number,
    ...(customerId === undefined ? {} : { customerId }),
    ...(!first && (await exists(sources.store, root)) ? { follows: [root] } : {}),
  };
  return composeNotification(draft);
}

async function factsOf(
  sources: Sources,
  event: DecodedEvent['event'],
  call: NonNullable<CallState>,
): Promise<NotificationFacts> {
  switch (event.type) {
    case 'CallLogged':
      return { number: call.number, description: event.data.description };
    case 'OnSiteVisitScheduled':
    case 'OnSiteVisitRescheduled':
    case 'TransferCancelled': {
      const { state: organisation } = await loadStream(
        sources.store,
        ORGANISATION_STREAM,
        organisationDecider,
      );
      const { plannedStart: start, plannedEnd: end } =
        event.type === 'TransferCancelled'
          ? cancelledVisit(call, event.data.transferId)!
          : event.data;
      return {
        number: call.number,
        visit: { start, end, timeZone: organisationTimeZone(organisation) },
      };
    }
    case 'CallResolved':
      return { number: call.number, solution: event.data.solution };
    case 'CallCancelled':
      return { number: call.number, reason: event.data.reason };
    default:
      return { number: call.number };
  }
}

/** The on-site visit a cancelled transfer was, if the engineer had not begun it (the customer expected them). */
function cancelledVisit(
  call: NonNullable<CallState>,
  transferId: string,
): { readonly plannedStart: Date; readonly plannedEnd: Date } | undefined {
  const transfer = Object.hasOwn(call.transfers, transferId)
    ? call.transfers[transferId]
    : undefined;
  return transfer?.kind === 'on-site' && transfer.actualStart === undefined ? transfer : undefined;
}

/**
 * A refused request's sender is told why, in words they understand (the reason's text,
 * never the validation's internal message or details); in their customer's language when
 * the sender is recognised as one, else the default.
 */
async function refusalNotification(
  sources: Sources,
  recorded: RecordedEvent,
  refused: { readonly reason: NotificationFacts['refusal'] },
): Promise<NotificationPayload | undefined> {
  const requestId = recorded.streamName.slice('request-'.length);
  const { state: request } = await loadStream(sources.store, recorded.streamName, requestDecider);
  if (!request) return undefined;
  const customer = await senderCustomer(sources.masterData, request);
  const { name, email, phone } = request.sender;
  return composeNotification({
    notificationId: nameUuid(`notification/${requestId}/refused/${String(refused.reason)}`),
    kind: 'request-refused',
    language: customer ? languageOf(customer) : DEFAULT_LANGUAGE,
    to: { ...(name ? { name } : {}), ...(email ? { email } : {}), ...(phone ? { phone } : {}) },
    facts: refused.reason ? { refusal: refused.reason } : {},
    requestId,
    ...(customer ? { customerId: customer.id } : {}),
  });
}

async function senderCustomer(
  masterData: MasterData | undefined,
  request: CallRequest,
): Promise<CustomerState> {
  if (!masterData) return null;
  const ids =
    request.customerId !== undefined
      ? [request.customerId]
      : await masterData.findCustomerIds(senderOf(request.sender));
  return ids.length === 1 ? masterData.customer(ids[0]!) : null;
}

async function exists(store: EventStore, notificationId: string): Promise<boolean> {
  for await (const _event of store.readStream(notificationStreamName(notificationId), {
    maxCount: 1,
  }))
    return true;
  return false;
}
