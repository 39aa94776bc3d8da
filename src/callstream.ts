import {
  checkBillingRun,
  checkEscalation,
  checkNotificationOptions,
  checkPerson,
  checkPlannerOptions,
  checkRunInstant,
  checkSealHistoryOptions,
  checkVerifyHistoryOptions,
} from './process-input.js';
import { CallstreamQueries } from './callstream-queries.js';
import { forgetPerson, type ForgetPersonRequest } from './commands/forget-person.js';
import { accountingPosting } from './commands/accounting.js';
import { runBilling, type BillingRunReport } from './commands/billing-run.js';
import { escalate, type EscalationReport } from './commands/escalation.js';
import { notificationDelivery, notificationOutbox } from './commands/outbox.js';
import { CommandPipeline, type AggregateResult, type CommandResult } from './commands/pipeline.js';
import {
  Planner,
  type DeviceReport,
  type DueWork,
  type PlannerOptions,
  type PlannerReport,
} from './commands/planner.js';
import type { Reactor, ReactionReport } from './commands/reactor.js';
import type {
  CommandRequest,
  CommandRequestOf,
  CommandResultOf,
  CommandType,
} from './commands/requests.js';
import { isCommandOf, parseCommandOf } from './commands/schemas.js';
import type { HistoryReport, VerifyHistoryOptions } from './audit/history-report.js';
import { sealStoreHistory, verifyStoreHistory } from './audit/store-history.js';
import {
  defaultProjections,
  storesFor,
  type CallstreamOptions,
  type ProjectionMode,
} from './callstream-options.js';
import { checkCallstreamOptions } from './callstream-options-check.js';
import { billingPolicyOf, DomainError, type Actor, type MaintenancePlan } from './domain/index.js';
import { invoiceOf } from './projections/billing.js';
import { callsDueForBilling } from './projections/call-billing.js';
import { openCallIndex } from './projections/board.js';
import { CaughtUpMasterData, ReadModelMasterData } from './master-data/read-model.js';
import { ProjectionRunner, type CatchUpReport, type VerifyReport } from './projections/runner.js';
import type { ReadModelStore } from './projections/types.js';
import { supportsTransactionalAppends, type EventStore } from './store/port.js';
import { isPrivateStore } from './privacy/private-store.js';
import { exportOf, type PersonServices } from './privacy/persons.js';
import type { PersonExport } from './privacy/export.js';
import type { SealHistoryOptions, SealHistoryReport } from './audit/seal-history.js';
import { refuseReadModelsAhead } from './projections/read-models-ahead.js';
import { CallstreamClosed } from './commands/errors.js';
import { constructed } from './callstream-open.js';

export {
  defaultProjections,
  type CallstreamOptions,
  type ProjectionMode,
} from './callstream-options.js';
export type { BillingRunReport } from './commands/billing-run.js';
export type { EscalationReport } from './commands/escalation.js';

export { CallstreamQueries, type Audience } from './callstream-queries.js';

export type { ForgetPersonRequest } from './commands/forget-person.js';

/** callstream embedded: commands in, read models and the transaction log out. */
export class Callstream extends CallstreamQueries {
  readonly store: EventStore;
  readonly readModels: ReadModelStore;
  readonly runner: ProjectionRunner;
  readonly pipeline: CommandPipeline;
  readonly mode: ProjectionMode;
  /** The customer notifications' outbox, and their delivery given a sender (options.notifications). */
  readonly outbox: Reactor;
  readonly delivery?: Reactor;
  readonly accountingPosting?: Reactor;
  private closed = false;

  constructor(given: CallstreamOptions = {}) {
    super();
    // Null reads as no options, as undefined does.
    const options = checkCallstreamOptions(given);
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
      openCalls: openCallIndex(this.readModels),
      ...(this.mode === 'inline'
        ? {
            afterAppend: async (position: bigint) => {
              await this.runner.catchUpTo(position);
            },
          }
        : {}),
    });
    // Inline on one SQLite file: the read models commit in the appends' own transactions.
    if (
      this.mode === 'inline' &&
      stores.sharedConnection &&
      supportsTransactionalAppends(this.store)
    )
      this.store.duringAppend(
        () => {
          this.runner.foldWithinAppend();
        },
        () => {
          this.runner.appendCommitted();
        },
      );
    this.outbox = notificationOutbox(this.store, this.readModels, this.pipeline, masterData);
    if (options.notifications)
      this.delivery = notificationDelivery(
        this.store,
        this.readModels,
        this.pipeline,
        options.notifications,
      );
    if (options.accounting)
      this.accountingPosting = accountingPosting(this.store, this.readModels, options.accounting);
  }

  /** Opens and brings the read models up to date (and keeps them so in `live` mode). */
  static async open(options: CallstreamOptions = {}): Promise<Callstream> {
    const callstream = await constructed(options, (given) => new Callstream(given));
    await refuseReadModelsAhead(callstream.store, callstream.runner.checkpoints()).catch(
      async (error: unknown) => {
        await callstream.close();
        throw error;
      },
    );
    if (callstream.mode === 'live') callstream.runner.start();
    else await callstream.runner.catchUp();
    return callstream;
  }

  /**
   * Executes a command typed from its zod schema (see commands/requests.ts): a misspelt type
   * or field, or an unknown role, fails to compile; the result is typed by the command
   * (`CommandResult` for a call's, `AggregateResult` otherwise). Input that is not typed
   * (a JSON line, an HTTP body) goes through `executeJson`.
   */
  execute<T extends CommandType>(
    command: CommandRequestOf<T> & { readonly type: T },
  ): Promise<CommandResultOf<T>>;
  async execute(command: CommandRequest): Promise<CommandResult | AggregateResult> {
    if (this.closed) throw new CallstreamClosed();
    // Typed, yet checked at run time: null from plain JavaScript is a ValidationError too.
    if (isCommandOf('ForgetPerson', command))
      return this.forgetPerson(command as ForgetPersonRequest);
    return this.pipeline.executeJson(command);
  }

  /** Any input, validated at run time by the command's zod schema (a ValidationError saying what is wrong, nothing written). */
  async executeJson(input: unknown): Promise<CommandResult | AggregateResult> {
    if (this.closed) throw new CallstreamClosed();
    if (isCommandOf('ForgetPerson', input))
      return this.forgetPerson(parseCommandOf('ForgetPerson', input));
    return this.pipeline.executeJson(input);
  }

  /** ForgetPerson (GDPR Art. 17): see commands/forget-person.ts. */
  async forgetPerson(request: ForgetPersonRequest): Promise<AggregateResult> {
    const { pipeline, runner, readModels, personServices: persons } = this;
    return forgetPerson({ pipeline, runner, readModels, persons }, request);
  }

  /** Everything held about one person (every subject they are), decrypted, for an access request (GDPR Art. 15). */
  async exportPerson(person: string): Promise<PersonExport[]> {
    return exportOf(this.personServices, checkPerson(person));
  }

  private get personServices(): PersonServices {
    return { store: this.store, resolveCall: (reference) => this.callId(reference) };
  }

  catchUp(): Promise<CatchUpReport> {
    return this.runner.catchUp();
  }

  /** Queues the customer notifications due (docs/notifications.md); `knownBy`: for facts recorded up to there. */
  async queueNotifications(options: { knownBy?: bigint } = {}): Promise<ReactionReport> {
    checkNotificationOptions(options);
    return this.outbox.run(options.knownBy);
  }

  /** Queues, then sends what is not delivered yet through options.notifications, recording each delivery; the application decides when. */
  async deliverNotifications(options: { knownBy?: bigint } = {}): Promise<ReactionReport> {
    checkNotificationOptions(options);
    if (!this.delivery)
      throw new DomainError(
        'NoNotificationSender',
        'No notification sender is configured (options.notifications)',
      );
    const queued = await this.queueNotifications(options);
    const delivered = await this.delivery.run();
    return { ...delivered, failed: delivered.failed + queued.failed };
  }

  /**
   * The escalation process for an instant (see commands/escalation.ts): no hidden timers, the
   * embedding application or the CLI decides when. It judges the board as of the store's head
   * (caught up first, whatever the projection mode), so no call recorded before it is missed.
   */
  async escalate(
    asOf: Date,
    actor: Actor = { id: 'service-level-escalation', role: 'system' },
    options: { knownBy?: bigint } = {},
  ): Promise<EscalationReport> {
    checkEscalation(asOf, actor, options);
    // Each escalation is dated asOf: refused here at once, not once per call.
    this.pipeline.ensureNotAhead(asOf, 'asOf');
    await this.catchUpToHead();
    return escalate(
      {
        store: this.store,
        openCalls: () => this.board(),
        outlook: (callId, at) => this.pipeline.escalationOutlook(callId, at),
        execute: (command) => this.execute(command),
      },
      asOf,
      actor,
      options,
    );
  }

  /**
   * The billing process (D4, see commands/billing-run.ts): bills what reached its invoicing
   * moment, optionally issues it. Idempotent. Like escalation, it reads the call summaries as
   * of the store's head (caught up first, whatever the projection mode).
   */
  async runBilling(options: { issue?: boolean; actor?: Actor } = {}): Promise<BillingRunReport> {
    checkBillingRun(options);
    const actor = options.actor ?? { id: 'billing-run', role: 'system' };
    // Refused up front: a run that finds nothing to send would otherwise answer anyone.
    this.pipeline.ensureAllowed('BillCall', actor);
    if (options.issue) this.pipeline.ensureAllowed('IssueInvoice', actor);
    await this.catchUpToHead();
    const organisation = await this.pipeline.currentOrganisation();
    const ports = {
      callsDue: () => callsDueForBilling(this.readModels),
      invoiceOf: (callId: string) => invoiceOf(this.readModels, callId),
      invoicingMoment: (contractId: string | null) =>
        billingPolicyOf(organisation, contractId ?? undefined)?.invoiceOn,
      execute: (command: CommandRequestOf<'BillCall' | 'IssueInvoice'>) => this.execute(command),
    };
    return runBilling(ports, { ...options, actor });
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

  /** Rebuild every projection into fresh read models and compare with the live ones. */
  verify(): Promise<VerifyReport> {
    return this.runner.verify();
  }

  /**
   * Verifies the stored history itself, in one streaming pass: the seal's chains, revisions,
   * positions, every event decodable (see audit/verify-history.ts). `verify()` checks the read models.
   */
  async verifyHistory(options: VerifyHistoryOptions = {}): Promise<HistoryReport> {
    checkVerifyHistoryOptions(options);
    return verifyStoreHistory(this.store, options);
  }

  /**
   * Seals the global order of an EventStoreDB store since the last seal (run it periodically:
   * `callstream seal` from cron; see audit/seal-history.ts). SQLite and memory chain every
   * append into the global chain already: nothing to do there (`chainedOnAppend`).
   */
  async sealHistory(options: SealHistoryOptions = {}): Promise<SealHistoryReport> {
    checkSealHistoryOptions(options);
    return sealStoreHistory(this.store, options);
  }

  /** Brings the projections up to the store's head as it is now (a no-op when they are there). */
  private async catchUpToHead(): Promise<void> {
    const head = await this.store.headPosition();
    if (head !== undefined) await this.runner.catchUpTo(head);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.runner.stop();
    this.readModels.close();
    if (isPrivateStore(this.store)) this.store.keys.close();
    await this.store.close();
  }

  /**
   * Planned and automatic work (E1–E3) up to an instant: the calls of threshold crossings and
   * alarms recorded so far, then of every maintenance-plan occurrence due by `until`, each
   * through the same validation as a manual request. No hidden timer: the embedding
   * application or the CLI decides when. Running it again, or twice at once, creates nothing twice.
   */
  async runPlanner(until: Date, options: PlannerOptions = {}): Promise<PlannerReport> {
    checkRunInstant(until, 'until', 'planner run');
    checkPlannerOptions(options, 'planner run');
    return this.planner().run(until, options);
  }

  /** E2: the calls of threshold crossings and alarms recorded since the last time, now (after readings or alarms arrive). */
  async handleDeviceEvents(options: PlannerOptions = {}): Promise<DeviceReport> {
    checkPlannerOptions(options, 'device events run');
    return this.planner().handleDeviceEvents(options);
  }

  /** What the planner would request by `until`, requesting nothing: its dry run. */
  async duePlannedWork(until: Date, options: Omit<PlannerOptions, 'actor'> = {}): Promise<DueWork> {
    checkRunInstant(until, 'until', 'planner dry run');
    checkPlannerOptions(options, 'planner dry run');
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
