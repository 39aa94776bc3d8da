import {
  callDecider,
  decideCall,
  DomainError,
  ensureMayActOn,
  isOpenStatus,
  successorLogCall,
  type Call,
  type CallRef,
  masterDataSubjectOf,
} from '../domain/index.js';
import { strip } from '../domain/shared/objects.js';
import { domainPayload, existing } from './call-context.js';
import { allocateCallNumber } from './call-numbers.js';
import { refusalDetails, validateCustomer } from './customer-checks.js';
import { callRouting } from './call-routing.js';
import type { DecisionContext } from './decision-context.js';
import { handleCommand, type Handling } from './handle-command.js';
import { ensureCommandIdUnused } from './command-receipts.js';
import { callResult, type CommandResult } from './results.js';
import type { CommandInputOf } from './schemas.js';
import {
  callStreamName,
  derivedId,
  encodeEvents,
  loadCall,
  type EnvelopeFields,
} from '../streams/index.js';
import { previousAt } from './previous-at.js';

/** A8: the new call is created first, then linked from the original; both steps are idempotent. */
export async function reopenCall(
  handling: Handling,
  context: DecisionContext,
  originalId: string,
  command: CommandInputOf<'ReopenCall'>,
  envelope: EnvelopeFields,
): Promise<CommandResult> {
  let successor: CallRef | undefined;
  const appended = await handleCommand(
    handling,
    callStreamName(originalId),
    callDecider,
    envelope,
    async (loaded) => {
      const original = existing(loaded.state, command.call);
      ensureMayActOn(command.actor, original);
      // Named by the original and how often it was reopened: a successor logged by a reopening
      // that stopped before linking it is found and linked, not logged twice.
      const successorId = derivedId(
        original.id,
        `reopened-${Object.keys(original.reopenedAs).length + 1}`,
      );
      const openSuccessor = await openSuccessorOf(handling, original);
      const reopen = Object.assign(
        domainPayload(command, envelope),
        previousAt(loaded.lastOccurredAt),
        openSuccessor ? { openSuccessor } : {},
      );
      decideCall(
        Object.assign({}, reopen, { successor: { callId: successorId, number: 'C-pending' } }),
        original,
      );
      await ensureCommandIdUnused(handling.streams.store, callStreamName(originalId), envelope);
      successor = await logSuccessor(handling, context, original, successorId, command, envelope);
      return decideCall(Object.assign({}, reopen, { successor }), original);
    },
  );
  const result = callResult(appended, envelope);
  return {
    ...result,
    successor:
      successor ??
      (result.events.find((e) => e.type === 'CallReopened')?.data as { successor: CallRef })
        .successor,
  };
}

/** The first call an earlier reopening of `original` logged that is still open, if any. */
async function openSuccessorOf(handling: Handling, original: Call) {
  for (const { callId } of Object.values(original.reopenedAs)) {
    const { state } = await loadCall(handling.streams.store, callId);
    if (state && isOpenStatus(state.status))
      return { callId, number: state.number, status: state.status };
  }
  return undefined;
}

async function logSuccessor(
  handling: Handling,
  context: DecisionContext,
  original: Call,
  callId: string,
  command: CommandInputOf<'ReopenCall'>,
  envelope: EnvelopeFields,
): Promise<CallRef> {
  const { store } = handling.streams;
  const existingSuccessor = await loadCall(store, callId);
  if (existingSuccessor.state) return { callId, number: existingSuccessor.state.number };
  // A reopened call is a new call: the customer is validated again, as of today (B1–B4).
  let coverage = original.coverage;
  if (context.masterData && original.subject.kind === 'customer') {
    const outcome = await validateCustomer(
      context,
      { customerId: original.subject.customerId },
      strip({
        service: original.coverage?.service,
        siteId: original.subject.siteId,
        item: original.item,
      }),
      envelope.occurredAt,
    );
    if (outcome.outcome === 'refused')
      throw new DomainError('RequestRefused', outcome.message, refusalDetails(outcome, {}));
    coverage = outcome.coverage;
  }
  const successor = successorLogCall(
    original,
    strip({
      at: envelope.occurredAt,
      actor: command.actor,
      reason: command.reason,
      chargeable: command.chargeable,
    }),
    { callId, number: 'C-pending' },
    await context.appliedServiceLevels(envelope.occurredAt, coverage?.serviceLevelPolicyId),
    coverage,
  );
  // A8: like any new call, it goes to the organisation's default destination (C2), or where
  // the routing rules in force send a reopened call (issue 21).
  // The facts the successor's decision reads (factsOfLogCall): the covered site, the item.
  const routing = await callRouting(
    context,
    envelope.occurredAt,
    strip({
      ...masterDataSubjectOf(original),
      ...(coverage?.siteId ? { siteId: coverage.siteId } : {}),
      product: original.item.item,
    }),
  );
  const log = {
    ...successor,
    organisation: await context.organisation(),
    ...(routing ? { routing } : {}),
  };
  decideCall(log, null); // refused before a number is taken
  const number = await allocateCallNumber(store, callId, envelope);
  const stream = callStreamName(callId);
  const events = decideCall({ ...log, number }, null);
  await store.appendToStream(stream, encodeEvents(events, stream, envelope), {
    expectedRevision: 'no_stream',
  });
  return { callId, number };
}
