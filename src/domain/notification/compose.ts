import type { Addressee } from '../intake/acknowledgement.js';
import type { Language } from '../customer/language.js';
import { unlessErased } from '../shared/schema.js';
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
  /** The customer's contact it goes to, standing in for a reporter who cannot be reached. */
  readonly contactId?: string;
  readonly follows?: string[];
}

/** How much of the reporter's description a message quotes. */
const DESCRIPTION_EXCERPT = 200;

/**
 * The message a draft becomes, in the addressee's language, by e-mail when there is an
 * address, else by SMS; none when the addressee cannot be reached. To a customer's contact
 * standing in for the reporter, it says whose address it is (`contactId`, with the
 * `customerId`: the address and name are the contact's personal data) and greets them
 * without their name: the text is the requester's (it quotes their description), so it
 * holds nothing of the contact's (docs/privacy.md).
 */
export function composeNotification(draft: NotificationDraft): NotificationPayload | undefined {
  const { facts } = draft;
  // A forgotten person's address is no address: their message is not written at all.
  const email = unlessErased(draft.to?.email);
  const address = email ?? unlessErased(draft.to?.phone);
  if (!address) return undefined;
  const name = unlessErased(draft.to?.name);
  const contactId = draft.customerId === undefined ? undefined : draft.to?.contactId;
  const told = unlessErased(facts.description);
  const description =
    told && told.length > DESCRIPTION_EXCERPT ? `${told.slice(0, DESCRIPTION_EXCERPT - 1)}…` : told;
  const solution = unlessErased(facts.solution);
  const rendered = renderNotification(draft.kind, draft.language, {
    ...facts,
    ...(name && contactId === undefined ? { name } : {}),
    description,
    solution,
  });
  const { notificationId, kind, language, callId, number, requestId, customerId, follows } = draft;
  return {
    notificationId,
    kind,
    language,
    ...rendered,
    channel: email ? 'email' : 'sms',
    to: address,
    ...(name ? { toName: name } : {}),
    ...(callId ? { callId } : {}),
    ...(number ? { number } : {}),
    ...(requestId ? { requestId } : {}),
    ...(customerId ? { customerId } : {}),
    ...(contactId ? { contactId } : {}),
    ...(follows?.length ? { follows: [...follows] } : {}),
  };
}
