import {
  allowedStatuses,
  callNumbersIn,
  decideConversation,
  DomainError,
  isConversationChannel,
  notificationDecider,
  notificationIdsIn,
  notificationStreamName,
  requestDecider,
  requestStreamName,
  type CallRequest,
  type ReferencedCall,
} from '../domain/index.js';
import { asInputs } from '../domain/shared/attachments.js';
import type { CallCommands } from './call-commands.js';
import { senderOf } from './customer-checks.js';
import type { DecisionContext } from './decision-context.js';
import { handleCommand, type Handling } from './handle-command.js';
import { derivedEnvelope } from './idempotency.js';
import type { CommandResult } from './results.js';
import type { SubmitRequestPayload } from './request-call.js';
import { parseCommand, type CommandInputOf } from './schemas.js';
import { derivedId, loadCall, loadStream, type EnvelopeFields } from '../streams/index.js';
import type { EventStore } from '../store/port.js';

/** The call a request joined. */
export interface JoinedCall {
  readonly callId: string;
  readonly number: string;
}

const INTAKE = { id: 'intake', role: 'system' } as const;

/**
 * Conversations (A2), a step of request intake: a message people wrote that names a call
 * number (C-000042, C42, [C-000042] …) joins that call as follow-up information when the
 * call is open and the sender is its reporter or is recognised as its customer; otherwise it goes on as
 * a request of its own. Either way the decision and its reason are recorded on the request
 * (RequestJoinedCall or CallReferenceNotFollowed). An e-mail that replies to a notification
 * of a call (In-Reply-To or References names its Message-ID) names that call, before any
 * number in its text; otherwise only the first number named is followed.
 * Idempotent: a resend finds the decision and adds the follow-up at most once.
 */
export async function followConversation(
  parts: { handling: Handling; context: DecisionContext; calls: CallCommands },
  payload: SubmitRequestPayload,
  envelope: EnvelopeFields,
): Promise<CommandResult | undefined> {
  if (!isConversationChannel(payload.channel)) return undefined;
  const { handling, calls } = parts;
  // A reply to one of a call's notifications names that call more surely than any number in the text.
  const reply = await repliedCall(handling.streams.store, payload);
  const [named] = callNumbersIn(`${payload.summary}\n${payload.body}`);
  const number = reply?.number ?? named;
  if (number === undefined) return undefined;
  const stream = requestStreamName(payload.requestId);
  const decided = await handleCommand(
    handling,
    stream,
    requestDecider,
    derivedEnvelope(envelope, {
      actor: INTAKE,
      commandId: derivedId(envelope.commandId, 'conversation'),
      causationId: envelope.commandId,
    }),
    async (loaded) => {
      const request = loaded.state;
      if (request?.status !== 'waiting') return [];
      return decideConversation(
        {
          at: envelope.occurredAt,
          actor: INTAKE,
          number,
          via: reply ? 'notification-reply' : 'call-number',
        },
        request,
        reply ? await callById(handling, reply.callId) : await referencedCall(parts, number),
        await customersOf(parts.context, request),
      );
    },
  );
  const request = decided.state;
  if (request?.status !== 'joined' || !request.call) return undefined;
  return addFollowUp(calls, request, request.call, envelope);
}

/**
 * The call whose notification an e-mail replies to: the Message-IDs of In-Reply-To, then
 * of References from the most recent, the first that is a notification of a call.
 */
async function repliedCall(
  store: EventStore,
  payload: SubmitRequestPayload,
): Promise<{ readonly callId: string; readonly number: string } | undefined> {
  const ids = [
    ...notificationIdsIn(payload.inReplyTo ?? ''),
    ...notificationIdsIn(payload.references ?? '').reverse(),
  ];
  for (const notificationId of new Set(ids)) {
    const { state } = await loadStream(
      store,
      notificationStreamName(notificationId),
      notificationDecider,
    );
    const { callId, number } = state.queued ?? {};
    if (callId !== undefined && number !== undefined) return { callId, number };
  }
  return undefined;
}

/** The call a number names as the intake sees it, or undefined when no call has it. */
async function referencedCall(
  { handling, calls }: { handling: Handling; calls: CallCommands },
  number: string,
): Promise<ReferencedCall | undefined> {
  let callId: string;
  try {
    callId = await calls.resolve(number);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'CallNotFound') return undefined;
    throw error;
  }
  return callById(handling, callId);
}

async function callById(handling: Handling, callId: string): Promise<ReferencedCall | undefined> {
  const { state } = await loadCall(handling.streams.store, callId);
  if (!state) return undefined;
  return {
    callId,
    number: state.number,
    customerId: state.subject.kind === 'customer' ? state.subject.customerId : undefined,
    reporter: { email: state.reporter.email, phone: state.reporter.phone },
    // Joining adds a follow-up: open while the call's life cycle takes one.
    open: allowedStatuses.AddFollowUp.includes(state.status),
  };
}

/** The customers the sender is: the portal customer they submitted as, or those master data recognises them by. */
async function customersOf(
  context: DecisionContext,
  request: CallRequest,
): Promise<readonly string[]> {
  if (request.customerId !== undefined) return [request.customerId];
  const identifiers = senderOf(request.sender);
  if (!context.masterData || Object.keys(identifiers).length === 0) return [];
  return context.masterData.findCustomerIds(identifiers);
}

/** The message on the call, in its sender's words (sealed as theirs: FollowUpAdded.requestId). */
function addFollowUp(
  calls: CallCommands,
  request: CallRequest,
  call: JoinedCall,
  envelope: EnvelopeFields,
): Promise<CommandResult> {
  const followUp = parseCommand({
    type: 'AddFollowUp',
    commandId: derivedId(envelope.commandId, 'follow-up'),
    actor: INTAKE,
    at: envelope.occurredAt,
    correlationId: envelope.correlationId,
    causationId: envelope.commandId,
    call: call.callId,
    text: `${request.summary}\n\n${request.body}`.slice(0, 10_000),
    requestId: request.requestId,
    ...(request.attachments ? { attachments: asInputs(request.attachments) } : {}),
  });
  // parseCommand validates it as the AddFollowUp it names.
  return calls.execute(
    followUp as CommandInputOf<'AddFollowUp'>,
    derivedEnvelope(envelope, {
      actor: INTAKE,
      commandId: derivedId(envelope.commandId, 'follow-up'),
      commandType: 'AddFollowUp',
      causationId: envelope.commandId,
    }),
  );
}
