import {
  builtInServiceLevels,
  callDecider,
  DomainError,
  escalationOutlook,
  permissions,
  type Actor,
  type CallCommand,
  type Call,
  type ContractState,
  type EquipmentState,
  type Organisation,
  type RuleSetState,
  type ServiceLevelVersion,
} from '../domain/index.js';
import type { RoutingMasterData } from '../projections/routing-facts.js';
import { aheadText } from './ahead-text.js';
import {
  aggregateOf,
  contractAggregate,
  equipmentAggregate,
  invoiceAggregate,
  agendaAggregate,
} from './aggregates.js';
import type { RegisteredAggregate } from './aggregate.js';
import { handleAgendaCommand } from './agenda-absences.js';
import { billCall, creditInvoice, issueInvoice, type BillingPorts } from './billing.js';
import { CallCommands } from './call-commands.js';
import { contractOrEquipmentContext } from './customer-checks.js';
import { knownSettings } from './known-settings.js';
import { DecisionContext } from './decision-context.js';
import { Forbidden, ValidationError } from './errors.js';
import { ensureRecordedHere } from './master-data-source.js';
import type { PipelineOptions } from './pipeline-options.js';
import { backoff, handleCommand, type Handling } from './handle-command.js';
import { commandDigest, OneAtATime } from './idempotency.js';
import {
  RequestIntake,
  type AcceptRequestPayload,
  type RefusedAcceptance,
  type SubmitRequestPayload,
} from './request-intake.js';
import { aggregateResult, type AggregateResult, type CommandResult } from './results.js';
import type { CommandRequest, CommandRequestOf, CommandResultOf, CommandType } from './requests.js';
import { parseCommand, type AggregateCommandInput, type CommandInput } from './schemas.js';
import { StreamCache } from '../streams/cache.js';
import { forgettingsOf } from '../privacy/private-store.js';
import { callStreamName, type EnvelopeFields } from '../streams/index.js';
import { previousAt } from './previous-at.js';

export type { OpenCallIndex } from './decision-context.js';
export type { PipelineOptions } from './pipeline-options.js';
export type { AggregateResult, CommandResult, RequestRefusal, ResultEvent } from './results.js';

/**
 * The command pipeline's front: parse and validate → authorise → envelope → route to the
 * command's handling (call-commands.ts, request-intake.ts, billing.ts, or an aggregate's
 * decider), each a load → decide → append with the expected revision (handle-command.ts).
 * Idempotent by command id: a command seen before returns its first result and writes nothing.
 */
export class CommandPipeline {
  private readonly clock: () => Date;
  private readonly handling: Handling;
  private readonly context: DecisionContext;
  private readonly calls: CallCommands;
  private readonly intake: RequestIntake;
  /** Executions of one command id, one after another (see idempotency.ts). */
  private readonly sameCommand = new OneAtATime();

  constructor(private readonly options: PipelineOptions) {
    const cacheSize = options.cacheSize ?? 10_000;
    this.clock = options.clock ?? (() => new Date());
    this.handling = {
      streams: new StreamCache(options.store, cacheSize, forgettingsOf(options.store)),
      maxAttempts: options.maxAttempts ?? 16,
      clock: this.clock,
    };
    this.context = new DecisionContext(
      this.handling.streams,
      options.serviceLevels ?? builtInServiceLevels,
      options.masterData,
      options.openCalls,
    );
    this.calls = new CallCommands(this.handling, this.context, options.afterAppend, cacheSize);
    this.intake = new RequestIntake(this.handling, this.context, this.calls, options.afterAppend);
  }

  /** A typed command (see requests.ts); validated at run time all the same. */
  execute<T extends CommandType>(
    request: CommandRequestOf<T> & { readonly type: T },
  ): Promise<CommandResultOf<T>>;
  execute(request: CommandRequest): Promise<CommandResult | AggregateResult> {
    return this.executeJson(request);
  }

  /** Any input (a parsed JSON line, an HTTP body): validated by the command's zod schema, a ValidationError otherwise. */
  async executeJson(input: unknown): Promise<CommandResult | AggregateResult> {
    const command = parseCommand(input);
    return this.sameCommand.run(command.commandId, () => this.executeParsed(command));
  }

  /**
   * A command without `at` is stamped by the clock. Another change to its stream may commit
   * between that stamp and the decision, dated after it: the command is then stamped again
   * and decided again, never refused as out of order for a time it was not given.
   */
  private async executeParsed(
    command: CommandInput | AggregateCommandInput,
  ): Promise<CommandResult | AggregateResult> {
    if (command.at !== undefined) this.ensureNotAhead(command.at);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.executeAt(command, command.at ?? this.clock());
      } catch (error) {
        // Only commands refused before they write anything (see stampedAgain).
        const overtaken =
          command.at === undefined &&
          stampedAgain(command.type) &&
          error instanceof DomainError &&
          error.code === 'OutOfOrder' &&
          attempt < this.handling.maxAttempts;
        if (!overtaken) throw error;
        await backoff(attempt); // as for a revision conflict: racing writers stop overtaking each other
      }
    }
  }

  /**
   * Refuses (ValidationError) an instant later than the clock allows a command to be dated
   * (maxAheadOfClockMs): a process asked to write as of one (escalation) checks it first.
   */
  ensureNotAhead(at: Date, name = 'at'): void {
    const { maxAheadOfClockMs } = this.options;
    if (maxAheadOfClockMs === undefined) return;
    const now = this.clock().getTime();
    const ahead = at.getTime() - now;
    if (ahead > maxAheadOfClockMs)
      throw new ValidationError([
        {
          path: name,
          message: `${at.toISOString()} lies ${aheadText(ahead)} ahead of this system's clock (${new Date(now).toISOString()}): a command may be dated at most ${aheadText(maxAheadOfClockMs)} ahead`,
          code: 'too_big',
        },
      ]);
  }

  /** Refuses (Forbidden) an actor whose role may not issue this type of command. */
  ensureAllowed(type: string, actor: Actor, aggregate = aggregateOf(type)): void {
    const allowed = aggregate
      ? aggregate.permissions[type]!
      : permissions[type as CallCommand['type']];
    if (!allowed.includes(actor.role)) throw new Forbidden(actor.role, type, allowed);
  }

  private async executeAt(
    command: CommandInput | AggregateCommandInput,
    occurredAt: Date,
  ): Promise<CommandResult | AggregateResult> {
    const aggregate = aggregateOf(command.type);
    this.ensureAllowed(command.type, command.actor, aggregate);
    ensureRecordedHere(aggregate, command.type, this.options.masterDataKeptElsewhere);
    const envelope: EnvelopeFields = {
      actor: command.actor,
      occurredAt,
      commandId: command.commandId,
      commandType: command.type,
      correlationId: command.correlationId ?? command.commandId,
      causationId: command.causationId ?? command.commandId,
      ...(await this.digestsOf(command, aggregate)),
    };
    const result = aggregate
      ? await this.onAggregate(aggregate, command as AggregateCommandInput, envelope)
      : await this.calls.execute(command as CommandInput, envelope);
    if (!result.duplicate) await this.options.afterAppend?.(result.position);
    return result;
  }

  /**
   * The command's digest names its call by id, however the command named it (its number, in
   * any case or with leading zeros, or its id): a resend naming the same call otherwise is
   * the same command. Digests recorded before named the call as given: `givenDigest` still
   * matches a resend given the same way, hashed only when a resend is compared (one digest a
   * command on the hot path).
   */
  private async digestsOf(
    command: CommandInput | AggregateCommandInput,
    aggregate: RegisteredAggregate | undefined,
  ): Promise<Pick<EnvelopeFields, 'commandDigest' | 'givenDigest'>> {
    const namesCall =
      aggregate === undefined ? command.type !== 'LogCall' : aggregate === invoiceAggregate;
    const reference = (command as { readonly call?: unknown }).call;
    if (!namesCall || typeof reference !== 'string')
      return { commandDigest: commandDigest(command) };
    const callId = await this.resolveCall(reference);
    if (callId === reference) return { commandDigest: commandDigest(command) };
    return {
      commandDigest: commandDigest({ ...command, call: callId }),
      givenDigest: () => commandDigest(command),
    };
  }

  private async onAggregate(
    registered: RegisteredAggregate,
    command: AggregateCommandInput,
    envelope: EnvelopeFields,
  ): Promise<AggregateResult> {
    const payload = payloadOf(command);
    if (command.type === 'AcceptRequest')
      return this.intake.accept(payload as AcceptRequestPayload, envelope);
    if (command.type === 'SubmitRequest')
      return this.intake.submit(payload as SubmitRequestPayload, envelope);
    if (registered === invoiceAggregate) return this.billing(command, envelope);
    if (registered === agendaAggregate)
      return handleAgendaCommand(this.handling, this.context, payload, command.type, envelope);
    const namesCustomer = registered === contractAggregate || registered === equipmentAggregate;
    // The aggregate, typed with its own state, command and event types.
    return registered.use(async (aggregate) => {
      const appended = await handleCommand(
        this.handling,
        aggregate.streamOf(payload),
        aggregate.decider,
        envelope,
        async (loaded) => {
          const named = { type: command.type, ...payload };
          const references = namesCustomer
            ? await contractOrEquipmentContext(
                this.context,
                named,
                loaded.state as ContractState | EquipmentState,
                envelope.occurredAt,
              )
            : await knownSettings(this.context, named, envelope.occurredAt);
          const decided = {
            ...payload,
            ...references,
            type: command.type,
            at: envelope.occurredAt,
            actor: envelope.actor,
            ...previousAt(loaded.lastOccurredAt),
          };
          if (!aggregate.owns(decided))
            throw new Error(`${command.type} is not a command of the ${aggregate.name} aggregate`);
          return aggregate.decider.decide(decided, loaded.state);
        },
      );
      return aggregateResult(aggregate.name, appended, envelope);
    });
  }

  /** The system's own acceptance of a waiting request was refused: the request says why (A6, see RequestIntake). */
  leaveWaiting(refused: RefusedAcceptance, why: DomainError): Promise<void> {
    return this.intake.leaveWaiting(refused, why);
  }

  /** BillCall, IssueInvoice, CreditInvoice: on the call's invoice, see billing.ts. */
  private async billing(
    command: AggregateCommandInput,
    envelope: EnvelopeFields,
  ): Promise<AggregateResult> {
    const callId = await this.resolveCall(command.call as string);
    const credit = { reason: command.reason as string, waive: command.waive === true };
    const ports: BillingPorts = {
      handling: this.handling,
      ...(this.options.masterData ? { masterData: this.options.masterData } : {}),
      organisation: () => this.context.organisation(),
    };
    const appended =
      command.type === 'BillCall'
        ? await billCall(ports, callId, envelope)
        : command.type === 'IssueInvoice'
          ? await issueInvoice(ports, callId, envelope)
          : await creditInvoice(ports, callId, credit, envelope);
    return aggregateResult('invoice', appended, envelope);
  }

  /** The id of a call named by id or number. */
  resolveCall(reference: string): Promise<string> {
    return this.calls.resolve(reference);
  }

  /** The organisation as recorded: routing, inboxes and policies (billing, acceptance, time zone). */
  currentOrganisation(): Promise<Organisation> {
    return this.context.organisation();
  }

  /** The organisation's recorded zone for calendar days (SetTimeZone; default UTC). */
  timeZone(): Promise<string> {
    return this.context.timeZone();
  }

  /** Master data as routing reads it (customers' site regions, items' groups): the what-if reads the same. */
  get routingMasterData(): RoutingMasterData {
    return this.context;
  }

  /** What judging a call's service level as of `asOf` would do (domain call/escalation.ts), on its state as the commands see it. */
  async escalationOutlook(callId: string, asOf: Date): Promise<'due' | 'nothing' | 'overtaken'> {
    const loaded = await this.handling.streams.load(callStreamName(callId), callDecider);
    if (loaded.state === null) return 'nothing';
    const version = await this.context.callServiceLevels(loaded.state);
    return escalationOutlook(loaded.state, loaded.lastOccurredAt, version, asOf);
  }

  /** The exact rule-set version a call recorded. */
  callServiceLevels(call: Call): Promise<ServiceLevelVersion> {
    return this.context.callServiceLevels(call);
  }

  /** Every published version of a rule set (callstream's built-in one included). */
  ruleSet(ruleSetId: string): Promise<RuleSetState> {
    return this.context.ruleSet(ruleSetId);
  }
}

/** An aggregate command without its envelope: what its decider takes, with the instant and actor. */
function payloadOf(command: AggregateCommandInput): Record<string, unknown> {
  const { commandId: _id, correlationId: _c, causationId: _k, at: _at, ...rest } = command;
  return rest;
}

/**
 * Commands refused as OutOfOrder before they write anything: decided again with a new stamp.
 * All but a submission, which records its request before it joins the call it names (whose
 * own order is then judged on the stamp the request was recorded with).
 */
const stampedAgain = (type: string): boolean => type !== 'SubmitRequest';
