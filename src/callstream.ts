import {
  checkPerson,
  checkSealHistoryOptions,
  checkVerifyHistoryOptions,
} from './process-input.js';
import { CallstreamProcesses } from './callstream-processes.js';
import { forgetPerson, type ForgetPersonRequest } from './commands/forget-person.js';
import { accountingPosting } from './commands/accounting.js';
import { notificationDelivery, notificationOutbox } from './commands/outbox.js';
import { CommandPipeline, type AggregateResult, type CommandResult } from './commands/pipeline.js';
import type { Reactor } from './commands/reactor.js';
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
import { openCallIndex } from './projections/board.js';
import { CaughtUpMasterData, ReadModelMasterData } from './master-data/read-model.js';
import { ProjectionRunner, type CatchUpReport, type VerifyReport } from './projections/runner.js';
import type { ReadModelStore } from './projections/types.js';
import { supportsTransactionalAppends, type EventStore } from './store/port.js';
import { isPrivateStore } from './privacy/private-store.js';
import { exportOf, type PersonServices } from './privacy/persons.js';
import type { PersonExport } from './privacy/export.js';
import type { SealHistoryOptions, SealHistoryReport } from './audit/seal-history.js';
import {
  outdatedIfReadOnly,
  refuseReadModelsAhead,
  refuseReadModelsBehind,
  refuseReadModelsDiverged,
} from './projections/read-models-ahead.js';
import { CallstreamClosed, CallstreamReadOnly } from './commands/errors.js';
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
export class Callstream extends CallstreamProcesses {
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
  /** The file opened for reading only (options.readOnly), if it was. */
  protected readonly readOnlyFile: string | undefined;

  constructor(given: CallstreamOptions = {}) {
    super();
    // Null reads as no options, as undefined does.
    const options = checkCallstreamOptions(given);
    this.readOnlyFile = options.readOnly ? options.file : undefined;
    const stores = outdatedIfReadOnly(() => storesFor(options), this.readOnlyFile);
    this.store = stores.store;
    this.readModels = stores.readModels;
    this.mode = options.projectionMode ?? 'inline';
    try {
      this.runner = outdatedIfReadOnly(
        () =>
          new ProjectionRunner(
            this.store,
            this.readModels,
            options.projections ?? defaultProjections(this.store),
          ),
        this.readOnlyFile,
      );
    } catch (error) {
      this.readModels.close();
      void this.store.close().catch(() => undefined);
      throw error;
    }
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
      masterDataKeptElsewhere: options.masterData !== undefined,
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
    // Read models of another history would skip or misread the store's events: refused.
    const { store, runner } = callstream;
    await refuseReadModelsAhead(store, runner.checkpoints())
      .then(() => refuseReadModelsDiverged(store, runner.anchors()))
      // Read only, they are read as they are: only read models the events have not outrun.
      .then(async () => {
        if (callstream.readOnlyFile !== undefined)
          await refuseReadModelsBehind(store, runner.checkpoints());
      })
      .catch(async (error: unknown) => {
        await callstream.close();
        throw error;
      });
    if (callstream.readOnlyFile !== undefined) return callstream;
    if (callstream.mode === 'live') callstream.runner.start();
    else await callstream.runner.catchUp();
    await callstream.planner().catchUpIndex();
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
    this.ensureWritable();
    // Typed, yet checked at run time: null from plain JavaScript is a ValidationError too.
    if (isCommandOf('ForgetPerson', command))
      return this.forgetPerson(command as ForgetPersonRequest);
    return this.pipeline.executeJson(command);
  }

  /** Any input, validated at run time by the command's zod schema (a ValidationError saying what is wrong, nothing written). */
  async executeJson(input: unknown): Promise<CommandResult | AggregateResult> {
    this.ensureWritable();
    if (isCommandOf('ForgetPerson', input))
      return this.forgetPerson(parseCommandOf('ForgetPerson', input));
    return this.pipeline.executeJson(input);
  }

  protected ensureOpen(): void {
    if (this.closed) throw new CallstreamClosed();
  }

  protected ensureWritable(): void {
    this.ensureOpen();
    if (this.readOnlyFile !== undefined) throw new CallstreamReadOnly(this.readOnlyFile);
  }

  /** ForgetPerson (GDPR Art. 17): see commands/forget-person.ts. */
  async forgetPerson(request: ForgetPersonRequest): Promise<AggregateResult> {
    this.ensureWritable();
    const { pipeline, runner, readModels, personServices: persons } = this;
    return forgetPerson({ pipeline, runner, readModels, persons }, request);
  }

  /** Everything held about one person (every subject they are), decrypted, for an access request (GDPR Art. 15). */
  async exportPerson(person: string): Promise<PersonExport[]> {
    this.ensureOpen();
    return exportOf(this.personServices, checkPerson(person));
  }

  private get personServices(): PersonServices {
    return { store: this.store, resolveCall: (reference) => this.callId(reference) };
  }

  async catchUp(): Promise<CatchUpReport> {
    this.ensureOpen();
    return this.runner.catchUp();
  }

  /** Rebuild every projection into fresh read models and compare with the live ones. */
  async verify(): Promise<VerifyReport> {
    this.ensureOpen();
    return this.runner.verify();
  }

  /**
   * Verifies the stored history itself, in one streaming pass: the seal's chains, revisions,
   * positions, every event decodable (see audit/verify-history.ts). `verify()` checks the read models.
   */
  async verifyHistory(options: VerifyHistoryOptions = {}): Promise<HistoryReport> {
    this.ensureOpen();
    checkVerifyHistoryOptions(options);
    return verifyStoreHistory(this.store, options);
  }

  /**
   * Seals the global order of an EventStoreDB store since the last seal (run it periodically:
   * `callstream seal` from cron; see audit/seal-history.ts). SQLite and memory chain every
   * append into the global chain already: nothing to do there (`chainedOnAppend`).
   */
  async sealHistory(options: SealHistoryOptions = {}): Promise<SealHistoryReport> {
    this.ensureOpen();
    checkSealHistoryOptions(options);
    return sealStoreHistory(this.store, options);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.runner.stop();
    this.readModels.close();
    if (isPrivateStore(this.store)) this.store.keys.close();
    await this.store.close();
  }
}
