import {
  allowedStatuses,
  callNumbersIn,
  decideConversation,
  DomainError,
  isConversationChannel,
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
import { derivedId, loadCall, type EnvelopeFields } from '../streams/index.js';

/** The call a request joined. */
export interface JoinedCall {
  readonly callId: string;
  readonly number: string;
}

const INTAKE = { id: 'intake', role: 'system' } as const;

/**
 * Conversations (A2), a step of request intake: a message people wrote that names a call
 * number (C-000042, C42, [C-000042] …) joins that call as follow-up information when the
 * call is open and the sender is recognised as the call's customer; otherwise it goes on as
 * a request of its own. Either way the decision and its reason are recorded on the request
 * (RequestJoinedCall or CallReferenceNotFollowed). Only the first number named is followed.
 * Idempotent: a resend finds the decision and adds the follow-up at most once.
 */
export async function followConversation(
  parts: { handling: Handling; context: DecisionContext; calls: CallCommands },
  payload: SubmitRequestPayload,
  envelope: EnvelopeFields,
): Promise<CommandResult | undefined> {
  if (!isConversationChannel(payload.channel)) return undefined;
  const [number] = callNumbersIn(`${payload.summary}\n${payload.body}`);
  if (number === undefined) return undefined;
  const { handling, calls } = parts;
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
        { at: envelope.occurredAt, actor: INTAKE, number },
        request,
        await referencedCall(parts, number),
        await customersOf(parts.context, request),
      );
    },
  );
  const request = decided.state;
  if (request?.status !== 'joined' || !request.call) return undefined;
  return addFollowUp(calls, request, request.call, envelope);
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
  const { state } = await loadCall(handling.streams.store, callId);
  if (!state) return undefined;
  return {
    callId,
    number: state.number,
    customerId: state.subject.kind === 'customer' ? state.subject.customerId : undefined,
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
