import { accountingPosting } from './commands/accounting.js';
import { runBilling, type BillingRunReport } from './commands/billing-run.js';
import { escalate, type EscalationReport } from './commands/escalation.js';
import { acknowledgementOutbox } from './commands/outbox.js';
import { CommandPipeline, type AggregateResult, type CommandResult } from './commands/pipeline.js';
import {
  Planner,
  type DeviceReport,
  type DueWork,
  type PlannerOptions,
  type PlannerReport,
} from './commands/planner.js';
import type { Reactor, ReactionReport } from './commands/reactor.js';
import type { CommandRequest } from './commands/schemas.js';
import { callStreamName, loadCall, nameUuid } from './streams/index.js';
import {
  verifyHistory,
  type HistoryReport,
  type VerifyHistoryOptions,
} from './audit/verify-history.js';
import { sealedTransactionLog } from './audit/sealed-log.js';
import { verifyStream } from './audit/verify-stream.js';
import {
  defaultProjections,
  storesFor,
  type CallstreamOptions,
  type ProjectionMode,
} from './callstream-options.js';
import {
  DomainError,
  whatIf,
  type Actor,
  type Call,
  type MaintenancePlan,
  type ServiceLevelVersion,
  type WhatIfReport,
} from './domain/index.js';
import { callAnalytics, type AnalyticsDimension } from './projections/analytics.js';
import {
  allowanceUse,
  billingTotals,
  invoiceOf,
  readyToInvoice,
  type BillingDimension,
  type InvoiceDocument,
} from './projections/billing.js';
import { queryBoardAsOf } from './projections/board-as-of.js';
import {
  callSummary,
  openCallsFor,
  queryBoard,
  type BoardQuery,
  type BoardRow,
} from './projections/board.js';
import type { CallSummary } from './projections/calls.js';
import { customerView, type CustomerLogEntry } from './projections/customer-view.js';
import { queryHistory, type HistoryQuery } from './projections/history.js';
import { CaughtUpMasterData, ReadModelMasterData } from './master-data/read-model.js';
import { queryInbox, type InboxEntry, type InboxQuery } from './projections/requests.js';
import {
  serviceReport,
  type ServiceReport,
  type ServiceReportQuery,
} from './projections/service-report/index.js';
import { ProjectionRunner, type CatchUpReport, type VerifyReport } from './projections/runner.js';
import {
  serviceLevelStatistics,
  type StatisticsDimension,
} from './projections/service-level-stats.js';
import { transactionLog, type LogEntry } from './projections/transaction-log.js';
import type { ReadModelStore } from './projections/types.js';
import type { EventStore } from './store/port.js';
import { isPrivateStore } from './privacy/private-store.js';
import {
  destroyKey,
  exportOf,
  knownPerson,
  samePerson,
  type PersonServices,
} from './privacy/persons.js';
import { toRebuildOnForget } from './projections/forgetting.js';
import type { PersonExport } from './privacy/export.js';
import { isAuditable } from './store/seal.js';

export {
  defaultProjections,
  type CallstreamOptions,
  type ProjectionMode,
} from './callstream-options.js';
export type { BillingRunReport } from './commands/billing-run.js';
export type { EscalationReport } from './commands/escalation.js';

export type Audience = 'internal' | 'customer';

/** A ForgetPerson command: the person by subject id (a requester also by call number), and why. */
export interface ForgetPersonRequest {
  readonly type?: 'ForgetPerson';
  readonly commandId: string;
  readonly actor: Actor;
  readonly person: string;
  readonly reason: string;
  readonly at?: Date | string;
}

/** callstream embedded: commands in, read models and the transaction log out. */
export class Callstream {
  readonly store: EventStore;
  readonly readModels: ReadModelStore;
  readonly runner: ProjectionRunner;
  readonly pipeline: CommandPipeline;
  readonly mode: ProjectionMode;
  readonly outbox?: Reactor;
  readonly accountingPosting?: Reactor;

  constructor(options: CallstreamOptions = {}) {
    const stores = storesFor(options);
    this.store = stores.store;
    this.readModels = stores.readModels;
    this.mode = options.projectionMode ?? 'inline';
    this.runner = new ProjectionRunner(
      this.store,
      this.readModels,
      options.projections ?? defaultProjections(this.store),
    );
    const masterData =
      options.customerValidation === false
        ? undefined
        : (options.masterData ??
          new CaughtUpMasterData(new ReadModelMasterData(this.readModels), () =>
            this.catchUpToHead(),
          ));
    this.pipeline = new CommandPipeline({
      ...options,
      ...(masterData ? { masterData } : {}),
      store: this.store,
      openCalls: {
        openCallsFor: (customerId, serial) => openCallsFor(this.readModels, customerId, serial),
      },
      ...(this.mode === 'inline'
        ? {
            afterAppend: async (position: bigint) => {
              await this.runner.catchUpTo(position);
            },
          }
        : {}),
    });
    if (options.notifications)
      this.outbox = acknowledgementOutbox(
        this.store,
        this.readModels,
        this.pipeline,
        options.notifications,
        masterData,
      );
    if (options.accounting)
      this.accountingPosting = accountingPosting(this.store, this.readModels, options.accounting);
  }

  /** Opens and brings the read models up to date (and keeps them so in `live` mode). */
  static async open(options: CallstreamOptions = {}): Promise<Callstream> {
    const callstream = new Callstream(options);
    if (callstream.mode === 'live') callstream.runner.start();
    else await callstream.runner.catchUp();
    return callstream;
  }

  // Generic so that TypeScript's overload resolution, which tries subtypes first, picks the
  // typed call-command signature for a literal command rather than the `unknown` one.
  execute<const C extends CommandRequest>(command: C): Promise<CommandResult>;
  execute(command: unknown): Promise<CommandResult | AggregateResult>;
  execute(command: unknown): Promise<CommandResult | AggregateResult> {
    if ((command as { type?: unknown } | null)?.type === 'ForgetPerson')
      return this.forgetPerson(command as ForgetPersonRequest);
    return this.pipeline.execute(command);
  }

  /**
   * ForgetPerson (GDPR Art. 17, role privacy-officer): records who asked, when and why, and
   * destroys the person's key; every value of theirs then reads "[erased]", in the read
   * models too (they hold it sealed; what they derived from it is rebuilt). Idempotent; an unknown person is
   * UnknownPerson. History is not edited: the chain still verifies (docs/privacy.md).
   */
  async forgetPerson(request: ForgetPersonRequest): Promise<AggregateResult> {
    const person = await knownPerson(this.personServices, request.person);
    const result = (await this.pipeline.execute({
      ...request,
      type: 'ForgetPerson',
      person,
    })) as AggregateResult;
    destroyKey(this.store, person, new Date());
    // The same person under another subject (a request's sender is its call's requester): forgotten too.
    const others = await samePerson(this.store, person);
    for (const other of others) {
      await this.pipeline.execute({
        ...request,
        type: 'ForgetPerson',
        person: other,
        commandId: nameUuid(`${request.commandId}/${other}`),
      });
      destroyKey(this.store, other, new Date());
    }
    // Sealed read models keep nothing to rewrite: only what a read model derived from the
    // person's values (an index keyed by them) is rebuilt; unsealed ones are rebuilt whole.
    await this.runner.rebuild(
      toRebuildOnForget(this.runner.projections, this.readModels, [person, ...others]),
    );
    return result;
  }

  /** Everything held about one person (every subject they are), decrypted, for an access request (GDPR Art. 15). */
  exportPerson(person: string): Promise<PersonExport[]> {
    return exportOf(this.personServices, person);
  }

  private get personServices(): PersonServices {
    return { store: this.store, resolveCall: (reference) => this.callId(reference) };
  }

  catchUp(): Promise<CatchUpReport> {
    return this.runner.catchUp();
  }

  /**
   * Sends the acknowledgements not sent yet; the embedding application decides when (after
   * commands, on a timer). `knownBy`: only for calls recorded up to that store position.
   */
  async deliverNotifications(options: { knownBy?: bigint } = {}): Promise<ReactionReport> {
    if (!this.outbox)
      throw new DomainError(
        'NoNotificationSender',
        'No notification sender is configured (options.notifications)',
      );
    return this.outbox.run(options.knownBy);
  }

  board(query?: BoardQuery): BoardRow[] {
    return queryBoard(this.readModels, query);
  }

  /** The board as it stood at `asOf`: the calls open then, as they were then, service levels judged then. */
  boardAsOf(asOf: Date, query: Omit<BoardQuery, 'asOf'> = {}): Promise<BoardRow[]> {
    return queryBoardAsOf(
      {
        store: this.store,
        readModels: this.readModels,
        serviceLevels: (call) => this.pipeline.callServiceLevels(call),
      },
      asOf,
      query,
    );
  }

  history(query?: HistoryQuery): CallSummary[] {
    return queryHistory(this.readModels, query);
  }

  /** Requests waiting in the inboxes (or, by status, what became of them). */
  inbox(query?: InboxQuery): InboxEntry[] {
    return queryInbox(this.readModels, query);
  }

  /** A call's summary row by id or number. */
  async summary(reference: string): Promise<CallSummary | undefined> {
    return callSummary(this.readModels, await this.callId(reference));
  }

  /** The call rebuilt from its stream, now or as it stood at `asOf` (audits). */
  async call(reference: string, asOf?: Date): Promise<Call> {
    const callId = await this.callId(reference);
    await this.verifyCallStream(callId);
    const { state } = await loadCall(this.store, callId, asOf ? { asOf } : {});
    if (!state)
      throw new DomainError(
        'CallNotFound',
        asOf ? `Call ${reference} did not exist at ${asOf.toISOString()}` : `No call ${reference}`,
      );
    return state;
  }

  /** An audit view is built only from a stream whose own chain holds (CorruptedHistory otherwise). */
  private async verifyCallStream(callId: string): Promise<void> {
    if (isAuditable(this.store)) await verifyStream(this.store, callStreamName(callId));
  }

  /** The transaction log of a call, for staff or as the customer may see it. */
  log(
    reference: string,
    options: { audience: 'customer'; asOf?: Date },
  ): Promise<CustomerLogEntry[]>;
  log(reference: string, options?: { audience?: 'internal'; asOf?: Date }): Promise<LogEntry[]>;
  async log(
    reference: string,
    options: { audience?: Audience; asOf?: Date } = {},
  ): Promise<LogEntry[] | CustomerLogEntry[]> {
    const callId = await this.callId(reference);
    const logOptions = options.asOf ? { asOf: options.asOf } : {};
    // On a sealed store the log is built from the rows its seal check reads: one read, one hash per event.
    const entries = isAuditable(this.store)
      ? await sealedTransactionLog(this.store, callId, logOptions)
      : await transactionLog(this.store, callId, logOptions);
    if (entries.length === 0) throw new DomainError('CallNotFound', `No call ${reference}`);
    return options.audience === 'customer' ? customerView(entries) : entries;
  }

  /** The escalation process for an instant (see commands/escalation.ts): no hidden timers, the embedding application or the CLI decides when. */
  escalate(
    asOf: Date,
    actor: Actor = { id: 'service-level-escalation', role: 'system' },
    options: { knownBy?: bigint } = {},
  ): Promise<EscalationReport> {
    return escalate(
      {
        store: this.store,
        openCalls: () => this.board(),
        execute: (command) => this.execute(command),
      },
      asOf,
      actor,
      options,
    );
  }

  /**
   * What-if: judges the calls reported in [from, to) under another rule-set version and
   * lists where the verdict differs from the one under their recorded rules, with breaches
   * gained and lost per customer. The stored history is not touched.
   */
  async whatIf(
    ruleSetId: string,
    version: number,
    options: { asOf: Date; from?: Date; to?: Date },
  ): Promise<WhatIfReport> {
    const alternative = (await this.pipeline.ruleSet(ruleSetId)).find((v) => v.version === version);
    if (!alternative)
      throw new DomainError(
        'ServiceLevelsNotFound',
        `No version ${version} of service levels ${ruleSetId}`,
      );
    const calls: Array<{ call: Call; recorded: ServiceLevelVersion }> = [];
    for (const [callId, summary] of this.readModels.all<CallSummary>('calls', 'calls')) {
      const reported = Date.parse(summary.reportedAt);
      if (
        (options.from && reported < options.from.getTime()) ||
        (options.to && reported >= options.to.getTime())
      )
        continue;
      const { state } = await loadCall(this.store, callId);
      if (state?.serviceLevel)
        calls.push({ call: state, recorded: await this.pipeline.callServiceLevels(state) });
    }
    return whatIf(calls, alternative, options.asOf);
  }

  /** The billing process (D4, see commands/billing-run.ts): bills what reached its invoicing moment, optionally issues it. Idempotent. */
  runBilling(options: { issue?: boolean; actor?: Actor } = {}): Promise<BillingRunReport> {
    const ports = {
      calls: () => this.readModels.all<CallSummary>('calls', 'calls'),
      invoiceOf: (callId: string) => invoiceOf(this.readModels, callId),
      execute: (command: unknown) => this.execute(command),
    };
    return runBilling(ports, {
      ...options,
      actor: options.actor ?? { id: 'billing-run', role: 'system' },
    });
  }

  /** Posts issued invoices and credit notes to the accounting system, at least once. */
  async postToAccounting(): Promise<ReactionReport> {
    if (!this.accountingPosting)
      throw new DomainError(
        'NoAccountingSystem',
        'No accounting system is configured (options.accounting)',
      );
    return this.accountingPosting.run();
  }

  async invoice(reference: string): Promise<InvoiceDocument | undefined> {
    return invoiceOf(this.readModels, await this.callId(reference));
  }

  readyToInvoice(): InvoiceDocument[] {
    return readyToInvoice(this.readModels);
  }

  billingTotals(by: BillingDimension) {
    return billingTotals(this.readModels, by);
  }

  allowanceUse(contractId?: string) {
    return allowanceUse(this.readModels, contractId);
  }

  /** C5: calls, time and cost per purpose, product, contract or customer, with the share under warranty. */
  analytics(by: AnalyticsDimension, range: { from?: Date; to?: Date } = {}) {
    return callAnalytics(this.readModels, by, range);
  }

  serviceLevelStatistics(asOf: Date, by: StatisticsDimension = 'priority') {
    return serviceLevelStatistics(this.readModels, asOf, by);
  }

  /** The weekly service report (backlog, calls by status and purpose, service levels by group, who pays for the work), read week by week. */
  serviceReport(query: ServiceReportQuery = {}): ServiceReport {
    return serviceReport(this.readModels, query);
  }

  /** Rebuild every projection into fresh read models and compare with the live ones. */
  verify(): Promise<VerifyReport> {
    return this.runner.verify();
  }

  /**
   * Verifies the stored history itself, in one streaming pass: the seal's chains, revisions,
   * positions, every event decodable (see audit/verify-history.ts). `verify()` checks the read models.
   */
  verifyHistory(options?: VerifyHistoryOptions): Promise<HistoryReport> {
    if (!isAuditable(this.store))
      throw new DomainError(
        'NotAuditable',
        'This event store keeps no seal to verify its history against',
      );
    return verifyHistory(this.store, options);
  }

  /** Brings the projections up to the store's head as it is now (a no-op when they are there). */
  private async catchUpToHead(): Promise<void> {
    const head = await this.store.headPosition();
    if (head !== undefined) await this.runner.catchUpTo(head);
  }

  async close(): Promise<void> {
    await this.runner.stop();
    this.readModels.close();
    if (isPrivateStore(this.store)) this.store.keys.close();
    await this.store.close();
  }

  private async callId(reference: string): Promise<string> {
    return this.pipeline.resolveCall(reference);
  }

  /**
   * Planned and automatic work (E1–E3) up to an instant: the calls of threshold crossings and
   * alarms recorded so far, then of every maintenance-plan occurrence due by `until`, each
   * through the same validation as a manual request. No hidden timer: the embedding
   * application or the CLI decides when. Running it again, or twice at once, creates nothing twice.
   */
  runPlanner(until: Date, options: PlannerOptions = {}): Promise<PlannerReport> {
    return this.planner().run(until, options);
  }

  /** E2: the calls of threshold crossings and alarms recorded since the last time, now (after readings or alarms arrive). */
  handleDeviceEvents(options: PlannerOptions = {}): Promise<DeviceReport> {
    return this.planner().handleDeviceEvents(options);
  }

  /** What the planner would request by `until`, requesting nothing: its dry run. */
  duePlannedWork(until: Date, options: Omit<PlannerOptions, 'actor'> = {}): Promise<DueWork> {
    return this.planner().due(until, options);
  }

  /** Every maintenance plan, as the planner sees it. */
  maintenancePlans(): Promise<MaintenancePlan[]> {
    return this.planner().plans();
  }

  private automaticWork?: Planner;

  private planner(): Planner {
    return (this.automaticWork ??= new Planner(this.store, this.readModels, this.pipeline));
  }
}
