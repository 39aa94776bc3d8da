import { formatCallNumber } from '../numbers/call-number.js';
import { recognitionKey, type IdentifierKind } from '../customer/state.js';
import type { Actor } from '../shared/schema.js';
import type { notFollowedReasons, RequestEvent } from './request-schemas.js';
import type { RequestState } from './request-state.js';

/**
 * Conversations (A2): a message that names a call number joins that call as follow-up
 * information instead of becoming a new request, when the call is open and the sender is
 * the call's customer. Whatever is decided is recorded on the request, with its reason.
 */

/** Machines (alarms, meters, the planner) report; only what people write joins a conversation. */
const MACHINE_CHANNELS: ReadonlySet<string> = new Set(['alarm', 'meter', 'planner']);

export const isConversationChannel = (channel: string): boolean => !MACHINE_CHANNELS.has(channel);

/**
 * The customer automatic work (E3) was requested for: the planner, a meter or an alarm names
 * the equipment's owner on the due day as the sender's account. It is that customer's id, not
 * an account identifier a person signs in with, so accepting it later validates that customer.
 */
export const automaticWorkCustomer = (request: {
  readonly channel: string;
  readonly sender: { readonly account?: string };
}): string | undefined =>
  MACHINE_CHANNELS.has(request.channel) ? request.sender.account : undefined;

/**
 * The call numbers a text names, in the forms people write them: C-000042, C000042, C 42,
 * c-42, #C-42, [C-000042] (a reply's subject). A number is a C followed by digits, standing
 * alone: "ABC-12" or "C-12a" are not. Each number once, in order of appearance.
 */
export function callNumbersIn(text: string): string[] {
  const numbers = new Set<string>();
  for (const match of text.matchAll(/(?<![\p{L}\p{N}_-])C[-\s]?0*(\d{1,9})(?![\p{L}\p{N}_])/giu)) {
    const sequence = BigInt(match[1]!);
    if (sequence > 0n) numbers.add(formatCallNumber(sequence));
  }
  return [...numbers];
}

/** The call a message names, as the intake found it (undefined: no call has that number). */
export interface ReferencedCall {
  readonly callId: string;
  readonly number: string;
  readonly customerId: string | undefined;
  /** Who reported it: their e-mail address and phone number ([erased] once forgotten). */
  readonly reporter: { readonly email?: string; readonly phone?: string };
  /** It still takes follow-up information (the call's life cycle: `allowedStatuses.AddFollowUp`). */
  readonly open: boolean;
}

export type CallReference = 'call-number' | 'notification-reply';

export type NotFollowedReason = (typeof notFollowedReasons)[number];

/**
 * Whether a request just received joins the call it names. The sender must be the call's
 * reporter (the same e-mail address or phone number: a generalist call about a product has
 * no customer to recognise) or be recognised as the call's customer (their e-mail, phone or
 * account in master data, or the portal customer they submit as): a stranger who writes a
 * number never reaches the call.
 */
export function decideConversation(
  command: {
    readonly at: Date;
    readonly actor: Actor;
    readonly number: string;
    /** How the message named the call: its number in the text, or a reply to one of its notifications. */
    readonly via?: CallReference;
  },
  state: RequestState,
  call: ReferencedCall | undefined,
  senderCustomers: readonly string[],
): RequestEvent[] {
  if (state?.status !== 'waiting') return [];
  const { at, actor, number, via = 'call-number' } = command;
  const notFollowed = (reason: NotFollowedReason): RequestEvent[] => [
    {
      type: 'CallReferenceNotFollowed',
      data: { at, by: actor.id, number, reason, ...(via === 'call-number' ? {} : { via }) },
    },
  ];
  if (!call) return notFollowed('no-such-call');
  if (!isReporter(state.sender, call.reporter)) {
    if (senderCustomers.length === 0) return notFollowed('sender-unknown');
    if (call.customerId === undefined || !senderCustomers.includes(call.customerId))
      return notFollowed('other-customer');
  }
  if (!call.open) return notFollowed('call-finished');
  return [
    {
      type: 'RequestJoinedCall',
      data: { at, by: actor.id, callId: call.callId, number: call.number, reason: via },
    },
  ];
}

/** Whether the sender writes from the address or number the call was reported from. */
function isReporter(
  sender: { readonly email?: string; readonly phone?: string },
  reporter: ReferencedCall['reporter'],
): boolean {
  const same = (kind: IdentifierKind, a: string | undefined, b: string | undefined) => {
    const key = recognitionKey(kind, a);
    return key !== undefined && key === recognitionKey(kind, b);
  };
  return same('email', sender.email, reporter.email) || same('phone', sender.phone, reporter.phone);
}
