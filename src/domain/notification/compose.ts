import type { Addressee } from '../intake/acknowledgement.js';
import type { Language } from '../customer/language.js';
import type { NotificationKind } from './schemas.js';
import { renderNotification, type NotificationFacts } from './templates/index.js';

/** What a notification is about and who it goes to, before it is written. */
export interface NotificationDraft {
  readonly notificationId: string;
  readonly kind: NotificationKind;
  readonly language: Language;
  readonly to: Addressee | undefined;
  readonly facts: NotificationFacts;
  readonly callId?: string;
  readonly number?: string;
  readonly requestId?: string;
  readonly customerId?: string;
  readonly follows?: readonly string[];
}

/** The QueueNotification payload of a notification (no envelope). */
export interface NotificationPayload {
  readonly notificationId: string;
  readonly kind: NotificationKind;
  readonly language: Language;
  readonly template: { readonly id: string; readonly version: number };
  readonly channel: 'email' | 'sms';
  readonly to: string;
  readonly toName?: string;
  readonly subject: string;
  readonly text: string;
  readonly callId?: string;
  readonly number?: string;
  readonly requestId?: string;
  readonly customerId?: string;
  readonly follows?: string[];
}

/** How much of the reporter's description a message quotes. */
const DESCRIPTION_EXCERPT = 200;

/**
 * The message a draft becomes, in the addressee's language, by e-mail when there is an
 * address, else by SMS; none when the addressee cannot be reached.
 */
export function composeNotification(draft: NotificationDraft): NotificationPayload | undefined {
  const { to, facts } = draft;
  const address = to?.email ?? to?.phone;
  if (!to || !address) return undefined;
  const description =
    facts.description && facts.description.length > DESCRIPTION_EXCERPT
      ? `${facts.description.slice(0, DESCRIPTION_EXCERPT - 1)}…`
      : facts.description;
  const rendered = renderNotification(draft.kind, draft.language, {
    ...facts,
    ...(to.name ? { name: to.name } : {}),
    ...(description ? { description } : {}),
  });
  const { notificationId, kind, language, callId, number, requestId, customerId, follows } = draft;
  return {
    notificationId,
    kind,
    language,
    ...rendered,
    channel: to.email ? 'email' : 'sms',
    to: address,
    ...(to.name ? { toName: to.name } : {}),
    ...(callId ? { callId } : {}),
    ...(number ? { number } : {}),
    ...(requestId ? { requestId } : {}),
    ...(customerId ? { customerId } : {}),
    ...(follows?.length ? { follows: [...follows] } : {}),
  };
}
