import type { Decider } from '../shared/decider.js';
import { DomainError } from '../shared/errors.js';
import { strip } from '../shared/objects.js';
import type { NotificationCommand, NotificationEvent, QueuedNotification } from './schemas.js';

/** A notification: what was queued, and when it was first delivered. */
export interface NotificationState {
  readonly queued?: QueuedNotification;
  readonly deliveredAt?: Date;
  readonly via?: string;
}

export const initialNotificationState = (): NotificationState => ({});

export function evolveNotification(
  state: NotificationState,
  event: NotificationEvent,
): NotificationState {
  if (event.type === 'NotificationQueued') return { ...state, queued: event.data };
  return state.deliveredAt ? state : { ...state, deliveredAt: event.data.at, via: event.data.via };
}

/**
 * Recorded once: queueing a notification again (the outbox after a crash) records nothing,
 * nor does a second delivery (at least once means a message may go out twice).
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
  if (state.deliveredAt) return [];
  return [{ type: 'NotificationDelivered', data: { at, via: command.via } }];
}

export const notificationDecider: Decider<
  NotificationState,
  NotificationCommand,
  NotificationEvent
> = {
  initialState: initialNotificationState,
  decide: decideNotification,
  evolve: evolveNotification,
};
