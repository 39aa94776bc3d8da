import {
  NOTIFICATION_STREAM_PREFIX,
  type NotificationChannel,
  type NotificationEvent,
  type NotificationKind,
} from '../domain/index.js';
import type { Document, Documents, ProjectedEvent, Projection, ReadModelStore } from './types.js';

/**
 * The customer notifications the outbox recorded, and where each stands: waiting for
 * delivery (`queued`), `delivered`, or `withdrawn` (its addressee forgotten first). Neither
 * the address nor the text is kept here: they stay sealed in the events, so forgetting a
 * person changes nothing in this read model.
 */
export const NOTIFICATIONS_PROJECTION = 'notifications';

export const notificationStatuses = ['queued', 'delivered', 'withdrawn'] as const;
export type NotificationStatus = (typeof notificationStatuses)[number];

export interface NotificationEntry extends Document {
  notificationId: string;
  kind: NotificationKind;
  channel: NotificationChannel;
  callId: string | null;
  number: string | null;
  requestId: string | null;
  queuedAt: string;
  status: NotificationStatus;
  /** When it was delivered or withdrawn; null while queued. */
  settledAt: string | null;
}

export const notificationsProjection: Projection = {
  name: NOTIFICATIONS_PROJECTION,
  version: 1,
  // Holds no personal value: forgetting a person changes nothing in it.
  forgetting: { rebuildFor: [] },
  collections: { notifications: { indexes: ['status'] } },
  eventTypes: new Set(['NotificationQueued', 'NotificationDelivered', 'NotificationWithdrawn']),
  apply({ event, streamName }: ProjectedEvent, documents: Documents): void {
    const notificationId = streamName.slice(NOTIFICATION_STREAM_PREFIX.length);
    const notification = event as NotificationEvent;
    if (notification.type === 'NotificationQueued') {
      const { data } = notification;
      documents.put('notifications', notificationId, {
        notificationId,
        kind: data.kind,
        channel: data.channel,
        callId: data.callId ?? null,
        number: data.number ?? null,
        requestId: data.requestId ?? null,
        queuedAt: data.at.toISOString(),
        status: 'queued',
        settledAt: null,
      } satisfies NotificationEntry);
      return;
    }
    const entry = documents.get<NotificationEntry>('notifications', notificationId);
    if (!entry) return;
    documents.put('notifications', notificationId, {
      ...entry,
      status: notification.type === 'NotificationDelivered' ? 'delivered' : 'withdrawn',
      settledAt: notification.data.at.toISOString(),
    } satisfies NotificationEntry);
  },
};

/** How many notifications stand in each status, each counted on the status index. */
export function notificationCounts(
  readModels: ReadModelStore,
): Readonly<Record<NotificationStatus, number>> {
  const count = (status: NotificationStatus) =>
    readModels.count(NOTIFICATIONS_PROJECTION, 'notifications', { status });
  return readModels.snapshot(() => ({
    queued: count('queued'),
    delivered: count('delivered'),
    withdrawn: count('withdrawn'),
  }));
}
