import { CommandPipeline, type AggregateResult, type CommandResult, type PipelineOptions } from './commands/pipeline.js';
import type { CommandRequest } from './commands/schemas.js';
import { loadCall } from './commands/streams.js';
import { DomainError, type Call, type ServiceLevelPolicy } from './domain/index.js';
import { callSummary, openCallsFor, queryBoard, type BoardQuery, type BoardRow } from './projections/board.js';
import { callsProjection, type CallSummary } from './projections/calls.js';
import { customerView, type CustomerLogEntry } from './projections/customer-view.js';
import { queryHistory, type HistoryQuery } from './projections/history.js';
import { MemoryReadModelStore } from './projections/read-models/memory.js';
import { SqliteReadModelStore } from './projections/read-models/sqlite.js';
import { ProjectionRunner, type CatchUpReport, type VerifyReport } from './projections/runner.js';
import { transactionLog, type LogEntry } from './projections/transaction-log.js';
import type { Projection, ReadModelStore } from './projections/types.js';
import { MemoryEventStore } from './store/memory.js';
import type { EventStore } from './store/port.js';
import { EventStoreDbEventStore } from './store/eventstoredb.js';
import { SqliteEventStore, type SqliteSynchronous } from './store/sqlite.js';

/**
 * How read models follow the store:
 * - `inline`: every command returns after the read models include it (read-your-writes;
 *   the embedded default: one process, one file).
 * - `live`: a catch-up subscription updates them in the background (many writers, or a
 *   remote store; queries may lag by milliseconds).
 * - `manual`: only when `catchUp()` is called (batch jobs, audits, benchmarks).
 */
export type ProjectionMode = 'inline' | 'live' | 'manual';

export interface CallstreamOptions extends Omit<PipelineOptions, 'store' | 'afterAppend' | 'openCalls'> {
  /** A SQLite file for events and read models (the embedded default) … */
  readonly file?: string;
  /**
   * … or an EventStoreDB connection string (e.g. esdb://localhost:2113?tls=false) for the
   * events, with the read models in `file` (SQLite) or in memory.
   */
  readonly eventStoreDb?: string;
  readonly synchronous?: SqliteSynchronous;
  /** … or an event store and read-model store of your own (memory when neither is given). */
  readonly store?: EventStore;
  readonly readModels?: ReadModelStore;
  readonly projectionMode?: ProjectionMode;
  readonly projections?: readonly Projection[];
  readonly serviceLevels?: ServiceLevelPolicy;
}

export type Audience = 'internal' | 'customer';

/** callstream embedded: commands in, read models and the transaction log out. */
export class Callstream {
  readonly store: EventStore;
  readonly readModels: ReadModelStore;
  readonly runner: ProjectionRunner;
  readonly pipeline: CommandPipeline;
  readonly mode: ProjectionMode;

  constructor(options: CallstreamOptions = {}) {
    if (options.eventStoreDb) {
      this.store = options.store ?? new EventStoreDbEventStore(options.eventStoreDb);
      this.readModels = options.readModels ?? (options.file ? new SqliteReadModelStore(options.file) : new MemoryReadModelStore());
    } else if (options.file) {
      const sqlite = new SqliteEventStore(options.file, options.synchronous ? { synchronous: options.synchronous } : {});
      this.store = options.store ?? sqlite;
      this.readModels = options.readModels ?? new SqliteReadModelStore(sqlite.db);
    } else {
      this.store = options.store ?? new MemoryEventStore();
      this.readModels = options.readModels ?? new MemoryReadModelStore();
    }
    this.mode = options.projectionMode ?? 'inline';
    this.runner = new ProjectionRunner(this.store, this.readModels, options.projections ?? [callsProjection(this.store)]);
    this.pipeline = new CommandPipeline({
      ...options,
      store: this.store,
      openCalls: { openCallsFor: (customerId, serial) => openCallsFor(this.readModels, customerId, serial) },
      ...(this.mode === 'inline' ? { afterAppend: async (position: bigint) => void (await this.runner.catchUpTo(position)) } : {}),
    });
  }

  /** Opens and brings the read models up to date (and keeps them so in `live` mode). */
  static async open(options: CallstreamOptions = {}): Promise<Callstream> {
    const callstream = new Callstream(options);
    if (callstream.mode === 'live') callstream.runner.start();
    else await callstream.runner.catchUp();
    return callstream;
  }

  execute(command: CommandRequest): Promise<CommandResult>;
  execute(command: unknown): Promise<CommandResult | AggregateResult>;
  execute(command: unknown): Promise<CommandResult | AggregateResult> {
    return this.pipeline.execute(command);
  }

  catchUp(): Promise<CatchUpReport> {
    return this.runner.catchUp();
  }

  board(query?: BoardQuery): BoardRow[] {
    return queryBoard(this.readModels, query);
  }

  history(query?: HistoryQuery): CallSummary[] {
    return queryHistory(this.readModels, query);
  }

  /** A call's summary row by id or number. */
  async summary(reference: string): Promise<CallSummary | undefined> {
    return callSummary(this.readModels, await this.callId(reference));
  }

  /** The call rebuilt from its stream, now or as it stood at `asOf` (audits). */
  async call(reference: string, asOf?: Date): Promise<Call> {
    const { state } = await loadCall(this.store, await this.callId(reference), asOf ? { asOf } : {});
    if (!state) throw new DomainError('CallNotFound', asOf ? `Call ${reference} did not exist at ${asOf.toISOString()}` : `No call ${reference}`);
    return state;
  }

  /** The transaction log of a call, for staff or as the customer may see it. */
  log(reference: string, options: { audience: 'customer'; asOf?: Date }): Promise<CustomerLogEntry[]>;
  log(reference: string, options?: { audience?: 'internal'; asOf?: Date }): Promise<LogEntry[]>;
  async log(reference: string, options: { audience?: Audience; asOf?: Date } = {}): Promise<LogEntry[] | CustomerLogEntry[]> {
    const callId = await this.callId(reference);
    const entries = await transactionLog(this.store, callId, options.asOf ? { asOf: options.asOf } : {});
    if (entries.length === 0) throw new DomainError('CallNotFound', `No call ${reference}`);
    return options.audience === 'customer' ? customerView(entries) : entries;
  }

  /** Rebuild every projection into fresh read models and compare with the live ones. */
  verify(): Promise<VerifyReport> {
    return this.runner.verify();
  }

  async close(): Promise<void> {
    await this.runner.stop();
    this.readModels.close();
    await this.store.close();
  }

  private async callId(reference: string): Promise<string> {
    return this.pipeline.resolveCall(reference);
  }
}
