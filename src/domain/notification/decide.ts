import { inTimeOrder } from '../shared/time-order.js';
import type { Decider } from '../shared/decider.js';
import { DomainError } from '../shared/errors.js';
import { strip } from '../shared/objects.js';
import { ERASED } from '../shared/schema.js';
import type {
  NotificationCommand,
  NotificationEvent,
  QueuedNotification,
  WithdrawalReason,
} from './schemas.js';

/** A notification: what was queued, and when it was first delivered, or withdrawn instead. */
export interface NotificationState {
  readonly queued?: QueuedNotification;
  readonly deliveredAt?: Date;
  readonly via?: string;
  readonly withdrawnAt?: Date;
}

/**
 * Whether a queued message may go out: not once its addressee is forgotten (the address
 * reads as erased), since a send would go nowhere and its record would say it went; nor
 * once its text is (a contact standing in for a forgotten requester would be sent
 * "[erased]"). Undefined when it may; else why not.
 */
export const undeliverable = (queued: QueuedNotification): WithdrawalReason | undefined =>
  queued.to === ERASED ? 'addressee-erased' : queued.text === ERASED ? 'text-erased' : undefined;
export const isDeliverable = (queued: QueuedNotification): boolean =>
  undeliverable(queued) === undefined;

export const initialNotificationState = (): NotificationState => ({});

export function evolveNotification(
  state: NotificationState,
  event: NotificationEvent,
): NotificationState {
  switch (event.type) {
    case 'NotificationQueued':
      return { ...state, queued: event.data };
    case 'NotificationWithdrawn':
      return { ...state, withdrawnAt: event.data.at };
    default:
      return state.deliveredAt
        ? state
        : { ...state, deliveredAt: event.data.at, via: event.data.via };
  }
}

/**
 * Recorded once: queueing a notification again (the outbox after a crash) records nothing,
 * nor does a second delivery (at least once means a message may go out twice). A withdrawn
 * message is never recorded as delivered; one delivered already is not withdrawn.
 */
export function decideNotification(
  command: NotificationCommand,
  state: NotificationState,
): NotificationEvent[] {
  const { at } = command;
  if (command.type === 'QueueNotification') {
    if (state.queued) return [];
    // Field by field: a validated command carries the envelope's fields too.
    const { notificationId, kind, callId, number, requestId, customerId, language } = command;
    const { contactId } = command;
    // A contact is named within their customer: their subject id needs both.
    if (contactId !== undefined && customerId === undefined)
      throw new DomainError(
        'ContactWithoutCustomer',
        `Notification ${notificationId} names contact ${contactId} but no customer`,
        { notificationId, contactId },
      );
    const { template, channel, follows, subject, to, toName, text } = command;
    return [
      {
        type: 'NotificationQueued',
        data: strip({
          at,
          notificationId,
          kind,
          callId,
          number,
          requestId,
          customerId,
          contactId,
          language,
          template: { id: template.id, version: template.version },
          channel,
          follows,
          subject,
          to,
          toName,
          text,
        }),
      },
    ];
  }
  if (!state.queued)
    throw new DomainError(
      'NotificationNotFound',
      `No notification ${command.notificationId} was queued`,
      { notificationId: command.notificationId },
    );
  // Once sent, or once withdrawn, a message stays so: a second word on it records nothing.
  if (command.type === 'WithdrawNotification')
    return state.deliveredAt || state.withdrawnAt
      ? []
      : [{ type: 'NotificationWithdrawn', data: { at, reason: command.reason } }];
  if (state.withdrawnAt)
    throw new DomainError(
      'NotificationWithdrawn',
      `Notification ${command.notificationId} was withdrawn: it is not to be sent`,
      { notificationId: command.notificationId },
    );
  if (state.deliveredAt) return [];
  return [{ type: 'NotificationDelivered', data: { at, via: command.via } }];
}

export const notificationDecider: Decider<
  NotificationState,
  NotificationCommand,
  NotificationEvent
> = {
  initialState: initialNotificationState,
  decide: inTimeOrder(decideNotification, 'the notification'),
  evolve: evolveNotification,
};
