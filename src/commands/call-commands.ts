import {
  bookingCommands,
  callDecider,
  decideCall,
  DomainError,
  ensureLoggable,
  ensureMayActOn,
  invoiceStream,
  type RequestAccepted,
} from '../domain/index.js';
import { strip } from '../domain/shared/objects.js';
import {
  domainPayload,
  engineerNamed,
  existing,
  onCallCommand,
  type OnCallInput,
} from './call-context.js';
import { numberedDecision, resolveCallReference } from './call-numbers.js';
import {
  masterDataRating,
  openCallsLike,
  refusalDetails,
  validateCustomer,
} from './customer-checks.js';
import { callRouting } from './call-routing.js';
import type { DecisionContext } from './decision-context.js';
import { guardedBy } from './append-decision.js';
import { handleCommand, type Handling } from './handle-command.js';
import { OneAtATime } from './idempotency.js';
import { Lru } from '../streams/lru.js';
import { decideWithAgenda, visitCommands } from './visit-booking.js';
import { recordRefusedLogCall, rethrowRecordedRefusal } from './refused-log-calls.js';
import { reopenCall } from './reopen-call.js';
import { callResult, type CommandResult } from './results.js';
import type { CommandInput, CommandInputOf } from './schemas.js';
import { callStreamName, derivedId, type EnvelopeFields } from '../streams/index.js';
import { previousAt } from './previous-at.js';

/** Commands decided on the call's invoice as read: bookings, and moving the call to another contract. */
const ON_INVOICE: ReadonlySet<string> = new Set([...bookingCommands, 'ChangeContract']);

/**
 * Commands on calls: logging one (validated against master data, numbered in the same
 * transaction where the store can), reopening one (see reopen-call.ts), and every other
 * command on a call that exists, each with the context its decision needs (call-context.ts).
 */
export class CallCommands {
  /** Call numbers never move: C-000042 names the same call forever. */
  private readonly numbers: Lru<string, string>;
  /**
   * Commands on one call within this process, one after another: run at once they would
   * only conflict on its revision and retry. Other processes on the store still race,
   * and optimistic concurrency settles that.
   */
  private readonly sameCall = new OneAtATime();

  constructor(
    private readonly handling: Handling,
    private readonly context: DecisionContext,
    /** Runs after a side record is appended (a refused LogCall kept as a request): the hook for inline projections. */
    private readonly afterAppend: ((position: bigint) => Promise<void>) | undefined,
    cacheSize: number,
  ) {
    this.numbers = new Lru(cacheSize);
  }

  /** The id of a call named by id or number. */
  async resolve(reference: string): Promise<string> {
    const known = this.numbers.get(reference);
    if (known) return known;
    const callId = await resolveCallReference(this.handling.streams.store, reference);
    this.numbers.set(reference, callId);
    return callId;
  }

  execute(command: CommandInput, envelope: EnvelopeFields): Promise<CommandResult> {
    switch (command.type) {
      case 'LogCall':
        return this.logCall(command, envelope);
      case 'ReopenCall':
        return this.reopen(command, envelope);
      default:
        return this.onCall(command, envelope);
    }
  }

  private async reopen(
    command: CommandInputOf<'ReopenCall'>,
    envelope: EnvelopeFields,
  ): Promise<CommandResult> {
    return reopenCall(
      this.handling,
      this.context,
      await this.resolve(command.call),
      command,
      envelope,
    );
  }

  private async onCall(command: OnCallInput, envelope: EnvelopeFields): Promise<CommandResult> {
    const callId = await this.resolve(command.call);
    return this.sameCall.run(callId, () => this.decideOnCall(callId, command, envelope));
  }

  private async decideOnCall(
    callId: string,
    command: OnCallInput,
    envelope: EnvelopeFields,
  ): Promise<CommandResult> {
    const appended = await handleCommand(
      this.handling,
      callStreamName(callId),
      callDecider,
      envelope,
      async (loaded, stamped) => {
        const call = existing(loaded.state, command.call);
        ensureMayActOn(command.actor, call);
        const invoice = ON_INVOICE.has(command.type)
          ? await this.context.invoice(callId)
          : undefined;
        const decision = await onCallCommand(this.context, command, stamped, call, invoice);
        Object.assign(decision, previousAt(loaded.lastOccurredAt));
        if (visitCommands.has(decision.type))
          return decideWithAgenda(this.context, decision, call, stamped);
        const events = decideCall(decision, call);
        // Decided on the invoice as read: billing issuing it meanwhile makes this conflict.
        return invoice && invoice.revision >= 0n
          ? guardedBy(events, invoiceStream(callId), invoice.revision)
          : events;
      },
      { stampAfterLoad: command.at === undefined },
    );
    return callResult(appended, envelope);
  }

  /**
   * LogCall. `validated`: the customer validation an accepted request already passed (its
   * coverage goes with the call); otherwise a customer call is validated here (B1–B4).
   */
  async logCall(
    command: CommandInputOf<'LogCall'>,
    envelope: EnvelopeFields,
    validated?: RequestAccepted,
  ): Promise<CommandResult> {
    const { context } = this;
    const callId = command.callId ?? derivedId(command.commandId, 'call');
    const reportedAt = command.reportedAt ?? envelope.occurredAt;
    const appended = await handleCommand(
      this.handling,
      callStreamName(callId),
      callDecider,
      envelope,
      async (loaded) => {
        // Validation runs inside the decision, after the command-id check: a repeated LogCall
        // returns the call it logged, or the refusal it recorded, and writes nothing new.
        let coverage = validated?.coverage;
        // What is wrong with the command itself is its refusal: it is not kept as a request refused for want of a contract.
        ensureLoggable(domainPayload(command, envelope));
        if (!validated && context.masterData && command.subject.kind === 'customer') {
          await rethrowRecordedRefusal(this.handling, command, envelope);
          const subject = command.subject;
          const outcome = await validateCustomer(
            context,
            { customerId: subject.customerId },
            strip({ service: command.service, siteId: subject.siteId, item: command.item }),
            reportedAt,
          );
          if (outcome.outcome === 'refused') {
            const requestId = await recordRefusedLogCall(
              this.handling,
              context,
              this.afterAppend,
              command,
              envelope,
              outcome,
            );
            throw new DomainError(
              'RequestRefused',
              outcome.message,
              refusalDetails(outcome, { requestId }),
            );
          }
          coverage = outcome.coverage;
        }
        const rating = await masterDataRating(context, command);
        const organisation = await context.organisation();
        const serviceLevels = await context.appliedServiceLevels(
          reportedAt,
          coverage?.serviceLevelPolicyId,
          rating.customerServiceLevels,
        );
        const subject = command.subject.kind === 'customer' ? command.subject : undefined;
        const routing = await callRouting(
          context,
          envelope.occurredAt,
          strip({
            customerId: subject?.customerId,
            // The site the facts name: the covered one, as the call's decision reads it.
            siteId: coverage?.siteId ?? subject?.siteId,
            // The item the facts name: the installed base's, as the call records it.
            product: coverage?.item ?? command.item.item,
          }),
        );
        // The engineer assignTo names, judged as AssignCall judges them (C2).
        const named = await engineerNamed(context, command.assignTo?.engineer);
        const base = Object.assign(
          domainPayload(command, envelope),
          { organisation, serviceLevels, knownFactors: rating.factors, callId, ...named },
          coverage ? { coverage } : {},
          routing ? { routing } : {},
        );
        // Decide once with a placeholder first: a refused call must not consume a number.
        decideCall(
          Object.assign({}, base, { number: 'C-pending', possibleDuplicates: [] }),
          loaded.state,
        );
        const possibleDuplicates = await openCallsLike(context, command);
        return numberedDecision(callId, envelope, (number) =>
          decideCall(Object.assign({}, base, { number, possibleDuplicates }), loaded.state),
        );
      },
    );
    const result = callResult(appended, envelope);
    this.numbers.set(result.number, result.callId); // the next command names it by number: no read to resolve it
    return result;
  }
}
