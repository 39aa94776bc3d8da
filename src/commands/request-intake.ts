import {
  automaticWorkCustomer,
  decideAcceptance,
  DomainError,
  leftWaiting,
  requestDecider,
  requestStreamName,
  type Acceptance,
  type Actor,
  type RequestAccepted,
  type RequestState,
} from '../domain/index.js';
import { strip } from '../domain/shared/objects.js';
import type { CallCommands } from './call-commands.js';
import { senderCustomers, senderOf, validateCustomer } from './customer-checks.js';
import type { DecisionContext } from './decision-context.js';
import { handleCommand, type Handling } from './handle-command.js';
import { ensureCommandIdUnused } from './command-receipts.js';
import { derivedEnvelope } from './idempotency.js';
import {
  callForRequest,
  itemOf,
  waiting,
  type AcceptanceContext,
  type AcceptRequestPayload,
  type SubmitRequestPayload,
} from './request-call.js';
import { acceptsAtOnce, callLoggedFor } from './request-call-lookups.js';
import { withdrawOrphan } from './request-orphan.js';
import { followConversation } from './request-conversation.js';
import {
  aggregateResult,
  type AggregateResult,
  type Appended,
  type CommandResult,
} from './results.js';
import { derivedId, loadStream, type EnvelopeFields } from '../streams/index.js';
import { previousAt } from './previous-at.js';

export type { AcceptRequestPayload, SubmitRequestPayload } from './request-call.js';

/** A system's acceptance of a waiting request, refused: which request, and the command it was. */
export interface RefusedAcceptance {
  readonly requestId: string;
  readonly commandId: string;
  readonly actor: Actor;
  readonly at: Date;
}

/**
 * Request intake (A6, B1–B4), a process of its own: a submission is recorded in its inbox;
 * electronic intake on a channel the organisation names is accepted at once by the system.
 * Accepting validates the customer as of the day the request arrived: a refusal is recorded
 * on the request (which waits on); otherwise the call is logged, with its coverage, and the
 * request records which call it became. Every step is idempotent, so a resend or a second
 * acceptance finishes what a first one began and never does it twice.
 */
export class RequestIntake {
  constructor(
    private readonly handling: Handling,
    private readonly context: DecisionContext,
    private readonly calls: CallCommands,
    private readonly afterAppend: ((position: bigint) => Promise<void>) | undefined,
  ) {}

  /** SubmitRequest, then (A6) the system's acceptance at once where the organisation asks for it. */
  async submit(payload: SubmitRequestPayload, envelope: EnvelopeFields): Promise<AggregateResult> {
    const { context } = this;
    const inbox = await context.inboxFor(payload.channel);
    const stream = requestStreamName(payload.requestId);
    const appended = await handleCommand(
      this.handling,
      stream,
      requestDecider,
      envelope,
      async (loaded) =>
        requestDecider.decide(
          Object.assign(
            { type: 'SubmitRequest' as const },
            payload,
            { inbox, at: envelope.occurredAt, actor: envelope.actor },
            await senderCustomers(context, envelope.actor.role, payload.sender),
          ),
          loaded.state,
        ),
    );
    const submitted = aggregateResult('request', appended, envelope);
    // Whatever the answer meets (master data that fails), the inbox shows what was recorded.
    return this.answer(payload, envelope, appended, submitted).catch(async (error: unknown) => {
      if (!appended.duplicate) await this.afterAppend?.(appended.position);
      throw error;
    });
  }

  /** A submission just recorded: joined to the call it names (A2), else accepted at once where the organisation asks for it (A6). */
  private async answer(
    payload: SubmitRequestPayload,
    envelope: EnvelopeFields,
    appended: Appended<RequestState>,
    submitted: AggregateResult,
  ): Promise<AggregateResult> {
    const { context } = this;
    const stream = requestStreamName(payload.requestId);
    // A2: a message naming an open call of its sender's customer joins that call instead.
    const followUp = await followConversation(
      { handling: this.handling, context, calls: this.calls },
      payload,
      envelope,
    );
    if (followUp) {
      if (!followUp.duplicate) await this.afterAppend?.(followUp.position);
      return { ...submitted, joined: true, call: followUp };
    }
    const accept = derivedEnvelope(envelope, {
      actor: { id: 'intake', role: 'system' },
      commandId: derivedId(envelope.commandId, 'accept'),
      commandType: 'AcceptRequest',
      causationId: envelope.commandId,
    });
    if (appended.duplicate) {
      // A resend of a finished submission never writes: it answers with the acceptance the first
      // execution recorded, or the request it left waiting (RequestLeftWaiting). Only an execution
      // killed between receiving and deciding the acceptance left none: the resend finishes it.
      const acceptance = await loadStream(this.handling.streams.store, stream, requestDecider, {
        commandId: accept.commandId,
      });
      // Whether it was to be accepted at once is judged by the settings it was received under, not today's.
      if (
        !acceptance.processed &&
        !(await acceptsAtOnce(
          this.handling,
          this.context,
          envelope,
          payload.channel,
          appended.position,
        ))
      )
        return submitted;
    } else if (!(await acceptsAtOnce(this.handling, this.context, envelope, payload.channel))) {
      return submitted;
    }
    const acceptance = await this.acceptAtOnce(payload.requestId, accept);
    // Read-your-writes: the read models include the acceptance (and its call) before the answer.
    if (acceptance && !acceptance.duplicate) await this.afterAppend?.(acceptance.position);
    return acceptance
      ? {
          ...submitted,
          ...(acceptance.call ? { call: acceptance.call } : {}),
          ...(acceptance.refusal ? { refusal: acceptance.refusal } : {}),
        }
      : submitted;
  }

  /** The system's acceptance (A6), through the same validation; what it cannot accept (e.g. uncovered work) waits for an agent, and the request says why, once. */
  private async acceptAtOnce(
    requestId: string,
    accept: EnvelopeFields,
  ): Promise<AggregateResult | undefined> {
    try {
      return await this.accept({ requestId }, accept);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await this.recordLeftWaiting(requestId, error, accept);
      return undefined;
    }
  }

  /**
   * The system's own acceptance of automatic work (E3) was refused: the request says why and
   * waits for an agent, as after an acceptance at once. Nothing when it says so already or no
   * longer waits. That acceptance is tried again (the planner does, each run), so the reason
   * is recorded under an id of its own: the acceptance's, with the request's revision.
   */
  async leaveWaiting(refused: RefusedAcceptance, why: DomainError): Promise<void> {
    const { requestId, commandId, actor, at } = refused;
    const stream = requestStreamName(requestId);
    const loaded = await this.handling.streams.load(stream, requestDecider);
    if (loaded.state?.status !== 'waiting') return;
    if (leftWaiting({ at, actor, requestId }, loaded.state, why).length === 0) return;
    await this.recordLeftWaiting(requestId, why, {
      actor,
      occurredAt: at,
      commandId: derivedId(commandId, `left-waiting/${loaded.revision}`),
      commandType: 'AcceptRequest',
      correlationId: commandId,
      causationId: commandId,
    });
  }

  /** Why the system could not accept a waiting request, recorded on it under `envelope`. */
  private async recordLeftWaiting(
    requestId: string,
    why: DomainError,
    envelope: EnvelopeFields,
  ): Promise<void> {
    const at = { at: envelope.occurredAt, actor: envelope.actor, requestId };
    const left = await handleCommand(
      this.handling,
      requestStreamName(requestId),
      requestDecider,
      envelope,
      async (loaded) =>
        loaded.state?.status === 'waiting' ? leftWaiting(at, loaded.state, why) : [],
    );
    if (!left.duplicate && left.events.length > 0) await this.afterAppend?.(left.position);
  }

  /**
   * AcceptRequest, in two steps. First its outcome, judged on the request as it stands: the
   * validation's refusal, or the call logged for it (a command of its own, named by the
   * request, so it is logged once whichever acceptance gets there). Then the outcome is
   * recorded on the request at its expected revision; on a conflict it is decided again on
   * the fresh request. A resend of an acceptance already recorded skips the first step: the
   * handler answers what it recorded.
   */
  async accept(payload: AcceptRequestPayload, envelope: EnvelopeFields): Promise<AggregateResult> {
    const stream = requestStreamName(payload.requestId);
    const current = await this.handling.streams.load(stream, requestDecider, envelope.commandId);
    const at = {
      at: envelope.occurredAt,
      actor: envelope.actor,
      requestId: payload.requestId,
      ...previousAt(current.lastOccurredAt),
    };
    if (!current.processed)
      await ensureCommandIdUnused(this.handling.streams.store, stream, envelope);
    const outcome = current.processed
      ? undefined
      : await this.outcome(current.state, payload, at, envelope);
    const appended = await handleCommand(
      this.handling,
      stream,
      requestDecider,
      envelope,
      async (loaded) => {
        if (!outcome)
          throw new Error(
            `Acceptance ${envelope.commandId} was recorded, yet the handler did not find it`,
          );
        return decideAcceptance(at, loaded.state, outcome.acceptance);
      },
    ).catch(async (error: unknown) => {
      if (outcome?.call && error instanceof DomainError && error.code === 'RequestNotWaiting')
        await withdrawOrphan(
          { handling: this.handling, calls: this.calls, afterAppend: this.afterAppend },
          payload.requestId,
          outcome.call,
          envelope,
        );
      throw error;
    });
    let call = outcome?.call;
    const refusal =
      outcome && 'refused' in outcome.acceptance ? outcome.acceptance.refused : undefined;
    const state = appended.state!;
    if (appended.duplicate && state.status === 'accepted')
      call = await callLoggedFor(this.handling, payload.requestId);
    return {
      ...aggregateResult('request', appended, envelope),
      warnings: call?.warnings ?? [],
      ...(call ? { call } : {}),
      ...(refusal
        ? { refusal }
        : state.status === 'refused' && state.refusal
          ? { refusal: { ...state.refusal, details: {} } }
          : {}),
    };
  }

  /**
   * What accepting a waiting request comes to: the call already logged for it (an acceptance
   * that stopped before recording it), else the validation's refusal, else the call it logs now.
   */
  private async outcome(
    state: RequestState,
    payload: AcceptRequestPayload,
    at: AcceptanceContext,
    envelope: EnvelopeFields,
  ): Promise<{ acceptance: Acceptance; call?: CommandResult }> {
    const request = waiting(state, payload, at);
    const logged = await callLoggedFor(this.handling, payload.requestId);
    if (logged)
      return {
        acceptance: {
          call: strip({
            callId: logged.callId,
            number: logged.number,
            coverage: logged.state.coverage,
          }),
        },
        call: logged,
      };
    let validated: RequestAccepted | undefined;
    if (!request.product && this.context.masterData) {
      // A portal submission names its customer, and so does automatic work; an agent may still correct it.
      const named = payload.customerId ?? request.customerId ?? automaticWorkCustomer(request);
      const outcome = await validateCustomer(
        this.context,
        named ? { customerId: named } : { sender: senderOf(request.sender) },
        strip({
          service: payload.service ?? request.service,
          siteId: payload.siteId ?? request.siteId,
          item: itemOf(request, payload),
        }),
        request.receivedAt,
      );
      if (outcome.outcome === 'refused')
        return {
          acceptance: {
            refused: { reason: outcome.reason, message: outcome.message, details: outcome.details },
          },
        };
      validated = outcome;
    }
    const logCall = callForRequest(request, payload, envelope, validated);
    const call = await this.calls.logCall(
      logCall,
      derivedEnvelope(envelope, {
        commandId: logCall.commandId,
        commandType: 'LogCall',
        causationId: envelope.commandId,
      }),
      validated,
    );
    return {
      acceptance: {
        call: strip({ callId: call.callId, number: call.number, coverage: validated?.coverage }),
      },
      call,
    };
  }
}
