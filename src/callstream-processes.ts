import {
  checkBillingRun,
  checkEscalation,
  checkNotificationOptions,
  checkPlannerOptions,
  checkRunInstant,
} from './process-input.js';
import { CallstreamBilling } from './callstream-billing.js';
import { runBilling, type BillingRunReport } from './commands/billing-run.js';
import { escalate, type EscalationReport } from './commands/escalation.js';
import {
  Planner,
  type DeviceReport,
  type DueWork,
  type PlannerOptions,
  type PlannerReport,
} from './commands/planner.js';
import type { Reactor, ReactionReport } from './commands/reactor.js';
import type { CommandRequestOf } from './commands/requests.js';
import { billingPolicyOf, DomainError, type Actor, type MaintenancePlan } from './domain/index.js';
import { invoiceOf } from './projections/billing.js';
import { callsDueForBilling } from './projections/call-billing.js';
import type { ProjectionRunner } from './projections/runner.js';
import { notificationCounts, type NotificationStatus } from './projections/notifications.js';

/**
 * The processes the facade runs when the embedding application says so (no hidden timers):
 * notifications, escalation, billing, accounting and the planner. Each reads the read models
 * as of the store's head and writes through the same commands as a person would.
 */
export abstract class CallstreamProcesses extends CallstreamBilling {
  abstract readonly runner: ProjectionRunner;
  abstract readonly outbox: Reactor;
  abstract readonly delivery?: Reactor;
  abstract readonly accountingPosting?: Reactor;
  /** Open, and not for reading only (CallstreamReadOnly): each process writes through commands. */
  protected abstract ensureWritable(): void;
  /** The file opened for reading only (options.readOnly), if it was. */
  protected abstract readonly readOnlyFile: string | undefined;

  /** Queues the customer notifications due (docs/notifications.md); `knownBy`: for facts recorded up to there. */
  async queueNotifications(options: { knownBy?: bigint } = {}): Promise<ReactionReport> {
    this.ensureWritable();
    checkNotificationOptions(options);
    return this.outbox.run(options.knownBy);
  }

  /** Queues, then sends what is not delivered yet through options.notifications, recording each delivery; the application decides when. */
  async deliverNotifications(options: { knownBy?: bigint } = {}): Promise<ReactionReport> {
    this.ensureWritable();
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

  /** How many customer notifications wait for delivery, were delivered, were withdrawn: those queued so far (queueNotifications). */
  notificationCounts(): Readonly<Record<NotificationStatus, number>> {
    this.ensureOpen();
    return notificationCounts(this.readModels);
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
    this.ensureWritable();
    checkEscalation(asOf, actor, options);
    // Each escalation is dated asOf: refused here at once, not once per call.
    this.pipeline.ensureNotAhead(asOf, 'asOf');
    await this.catchUpToHead();
    return escalate(
      {
        store: this.store,
        openCalls: () => this.board(),
        outlook: (callId, at) => this.pipeline.escalationOutlook(callId, at),
        execute: (command) => this.pipeline.execute(command),
      },
      asOf,
      actor,
      options,
    );
  }

  /**
   * The billing process (D4, see commands/billing-run.ts): bills what reached its invoicing
   * moment, optionally issues it. Idempotent. Like escalation, it reads the call summaries as
   * of the store's head (caught up first, whatever the projection mode). `at`: the instant the
   * run bills and issues as of (a period's close), the clock's by default; like every command's,
   * never before the last change to a call or its invoice (OutOfOrder, counted in the report).
   */
  async runBilling(
    options: { issue?: boolean; actor?: Actor; at?: Date } = {},
  ): Promise<BillingRunReport> {
    this.ensureWritable();
    checkBillingRun(options);
    if (options.at) this.pipeline.ensureNotAhead(options.at, 'at');
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
      execute: (command: CommandRequestOf<'BillCall' | 'IssueInvoice'>) =>
        this.pipeline.execute(command),
    };
    return runBilling(ports, { ...options, actor });
  }

  /** Posts issued invoices and credit notes to the accounting system, at least once. */
  async postToAccounting(): Promise<ReactionReport> {
    this.ensureWritable();
    if (!this.accountingPosting)
      throw new DomainError(
        'NoAccountingSystem',
        'No accounting system is configured (options.accounting)',
      );
    return this.accountingPosting.run();
  }

  /** Brings the projections up to the store's head as it is now (a no-op when they are there). */
  protected async catchUpToHead(): Promise<void> {
    const head = await this.store.headPosition();
    if (head !== undefined) await this.runner.catchUpTo(head);
  }

  /**
   * Planned and automatic work (E1–E3) up to an instant: the calls of threshold crossings and
   * alarms recorded so far, then of every maintenance-plan occurrence due by `until`, each
   * through the same validation as a manual request. No hidden timer: the embedding
   * application or the CLI decides when. Running it again, or twice at once, creates nothing twice.
   */
  async runPlanner(until: Date, options: PlannerOptions = {}): Promise<PlannerReport> {
    this.ensureWritable();
    checkRunInstant(until, 'until', 'planner run');
    checkPlannerOptions(options, 'planner run');
    // Work is requested dated at its due instant: run ahead, its calls would refuse every change until then.
    this.pipeline.ensureNotAhead(until, 'until');
    return this.planner().run(until, options);
  }

  /** E2: the calls of threshold crossings and alarms recorded since the last time, now (after readings or alarms arrive). */
  async handleDeviceEvents(options: PlannerOptions = {}): Promise<DeviceReport> {
    this.ensureWritable();
    checkPlannerOptions(options, 'device events run');
    return this.planner().handleDeviceEvents(options);
  }

  /** What the planner would request by `until`, requesting nothing: its dry run. */
  async duePlannedWork(until: Date, options: Omit<PlannerOptions, 'actor'> = {}): Promise<DueWork> {
    this.ensureOpen();
    checkRunInstant(until, 'until', 'planner dry run');
    checkPlannerOptions(options, 'planner dry run');
    return this.planner().due(until, options);
  }

  /** Every maintenance plan, as the planner sees it. */
  async maintenancePlans(): Promise<MaintenancePlan[]> {
    this.ensureOpen();
    return this.planner().plans();
  }

  private automaticWork?: Planner;

  protected planner(): Planner {
    return (this.automaticWork ??= new Planner(
      this.store,
      this.readModels,
      this.pipeline,
      this.readOnlyFile !== undefined,
    ));
  }
}
