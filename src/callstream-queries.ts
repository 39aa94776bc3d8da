import type { CommandPipeline } from './commands/pipeline.js';
import { sealedTransactionLog } from './audit/sealed-log.js';
import { verifyStream } from './audit/verify-stream.js';
import {
  DomainError,
  whatIf,
  type Call,
  type ServiceLevelVersion,
  type WhatIfReport,
} from './domain/index.js';
import {
  analyticsDimensions,
  callAnalytics,
  type AnalyticsDimension,
} from './projections/analytics.js';
import { callsKnownAt, type Period } from './projections/in-period.js';
import { queryBoardAsOf, summaryAsOf, type AsOfPorts } from './projections/board-as-of.js';
import { engineerWeek, type EngineerWeek } from './projections/agenda-week.js';
import { routingWhatIf, type RoutingWhatIfReport } from './projections/routing-what-if.js';
import { callSummary, queryBoard, type BoardQuery, type BoardRow } from './projections/board.js';
import type { CallSummary } from './projections/calls.js';
import { customerView, type CustomerLogEntry } from './projections/customer-view.js';
import { queryHistory, type HistoryQuery } from './projections/history.js';
import {
  evaluateSuggestions,
  lastWeekOfResolutions,
  querySolutions,
  suggestForCall,
  type SolutionQuery,
  type SolutionSuggestion,
  type SuggestionQuality,
} from './projections/knowledge/index.js';
import { queryInbox, type InboxEntry, type InboxQuery } from './projections/requests.js';
import {
  serviceReport,
  type ServiceReport,
  type ServiceReportQuery,
} from './projections/service-report/index.js';
import {
  serviceLevelStatistics,
  statisticsDimensions,
  type StatisticsDimension,
} from './projections/service-level-stats.js';
import { transactionLog, type LogEntry } from './projections/transaction-log.js';
import type { ReadModelStore } from './projections/types.js';
import type { EventStore } from './store/port.js';
import { isAuditable } from './store/seal.js';
import { callStreamName, loadCall } from './streams/index.js';
import {
  checkBoardQuery,
  checkClosedRange,
  checkDimension,
  checkHistoryQuery,
  checkInboxQuery,
  checkInstant,
  checkLogOptions,
  checkRange,
  checkReference,
  checkServiceReportQuery,
  checkSolutionQuery,
  checkSuggestionOptions,
  checkText,
  checkVersion,
  checkWhatIfOptions,
} from './query-input.js';

export type Audience = 'internal' | 'customer';

/**
 * What the Callstream facade answers from its read models and streams: the board, history,
 * inboxes, a call as it stood, its transaction log, analytics and reports. The facade
 * (callstream.ts) extends it with billing's questions (callstream-billing.ts), commands,
 * processes and its life cycle.
 */
export abstract class CallstreamQueries {
  abstract readonly store: EventStore;
  abstract readonly readModels: ReadModelStore;
  abstract readonly pipeline: CommandPipeline;
  /** Throws CallstreamClosed once the facade is closed: every question then gets that answer. */
  protected abstract ensureOpen(): void;

  /** An engineer's ISO week (e.g. 2026-W48) in the organisation's zone: visits, absences, open calls, free working time. */
  async agenda(engineer: string, week: string): Promise<EngineerWeek> {
    this.ensureOpen();
    checkText(engineer, 'engineer', 'agenda query');
    checkText(week, 'week', 'agenda query');
    return engineerWeek(this.store, this.readModels, engineer, week, this.pipeline);
  }

  /**
   * How history would have been routed under routing rules version N (nothing is written);
   * `from`/`to`: the calls reported in a period (read by month).
   */
  async routeWhatIf(version: number, period: Period = {}): Promise<RoutingWhatIfReport> {
    this.ensureOpen();
    checkVersion(version, 'routing what-if query');
    const checked = checkRange(period, 'routing what-if query');
    return routingWhatIf(
      this.store,
      this.readModels,
      version,
      this.pipeline.routingMasterData,
      checked,
    );
  }

  board(query?: BoardQuery): BoardRow[] {
    this.ensureOpen();
    return queryBoard(this.readModels, checkBoardQuery(query));
  }

  /** The board as it stood at `asOf`: the calls open then, as they were then, service levels judged then. */
  async boardAsOf(asOf: Date, query: Omit<BoardQuery, 'asOf'> = {}): Promise<BoardRow[]> {
    this.ensureOpen();
    checkInstant(asOf, 'asOf', true, 'board query');
    checkBoardQuery({ ...query, asOf });
    return queryBoardAsOf(this.asOfPorts(), asOf, query);
  }

  /** What rebuilding calls as they stood at an instant reads: streams, read models, the rules each call counts by. */
  private asOfPorts(): AsOfPorts {
    return {
      store: this.store,
      readModels: this.readModels,
      serviceLevels: (call) => this.pipeline.callServiceLevels(call),
    };
  }

  history(query?: HistoryQuery): CallSummary[] {
    this.ensureOpen();
    return queryHistory(this.readModels, checkHistoryQuery(query));
  }

  /** Requests waiting in the inboxes (or, by status, what became of them). */
  inbox(query?: InboxQuery): InboxEntry[] {
    this.ensureOpen();
    return queryInbox(this.readModels, checkInboxQuery(query));
  }

  /**
   * A call's summary row by id or number; with `asOf`, the row as it stood then, rebuilt from
   * its stream as `call(reference, asOf)` is (undefined: not logged by then).
   */
  async summary(reference: string, asOf?: Date): Promise<CallSummary | undefined> {
    this.ensureOpen();
    checkInstant(asOf, 'asOf', false, 'call query');
    const callId = await this.callId(reference);
    if (!asOf) return callSummary(this.readModels, callId);
    await this.verifyCallStream(callId);
    return summaryAsOf(this.asOfPorts(), callId, asOf);
  }

  /** The call rebuilt from its stream, now or as it stood at `asOf` (audits). */
  async call(reference: string, asOf?: Date): Promise<Call> {
    this.ensureOpen();
    checkInstant(asOf, 'asOf', false, 'call query');
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
  protected async verifyCallStream(callId: string): Promise<void> {
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
    this.ensureOpen();
    checkLogOptions(options);
    const callId = await this.callId(reference, 'log query');
    const forCustomer = options.audience === 'customer';
    // The customer's view as of an instant is today's view of the history up to it: read
    // whole, so a file withdrawn (a privacy slip) or made internal since never shows again.
    const logOptions = options.asOf && !forCustomer ? { asOf: options.asOf } : {};
    // On a sealed store the log is built from the rows its seal check reads: one read, one hash per event.
    const entries = isAuditable(this.store)
      ? await sealedTransactionLog(this.store, callId, logOptions)
      : await transactionLog(this.store, callId, logOptions);
    const asOf = forCustomer ? options.asOf?.getTime() : undefined;
    // A call's changes are in time order (OutOfOrder): those up to the instant are its log's start.
    const upTo = <E extends { at: string }>(list: E[]): E[] =>
      asOf === undefined ? list : list.filter((entry) => Date.parse(entry.at) <= asOf);
    if (upTo(entries).length === 0) throw new DomainError('CallNotFound', `No call ${reference}`);
    return forCustomer ? upTo(customerView(entries)) : entries;
  }

  /**
   * What-if: judges the calls reported in [from, to) and known at `asOf`, as they stood then,
   * under another rule-set version and lists where the verdict differs from the one under
   * their recorded rules, with breaches gained and lost per customer. Nothing is written.
   */
  async whatIf(
    ruleSetId: string,
    version: number,
    options: { asOf: Date; from?: Date; to?: Date },
  ): Promise<WhatIfReport> {
    this.ensureOpen();
    checkText(ruleSetId, 'ruleSetId', 'what-if query');
    checkVersion(version, 'what-if query');
    checkWhatIfOptions(options);
    const alternative = (await this.pipeline.ruleSet(ruleSetId)).find((v) => v.version === version);
    if (!alternative)
      throw new DomainError(
        'ServiceLevelsNotFound',
        `No version ${version} of service levels ${ruleSetId}`,
      );
    const calls: Array<{ call: Call; recorded: ServiceLevelVersion }> = [];
    // As the statistics count them: a priority raised or a hold begun later is not judged.
    const { asOf } = options;
    for (const { callId } of callsKnownAt(this.readModels, options, asOf)) {
      const { state } = await loadCall(this.store, callId, { asOf });
      if (state?.serviceLevel)
        calls.push({ call: state, recorded: await this.pipeline.callServiceLevels(state) });
    }
    return whatIf(calls, alternative, options.asOf);
  }

  /** C5: calls, time and cost per purpose, product, contract or customer, or per engineer or group that booked the work (docs/analytics.md). */
  analytics(by: AnalyticsDimension, range: Period = {}) {
    this.ensureOpen();
    checkDimension(by, analyticsDimensions, 'analytics query');
    return callAnalytics(this.readModels, by, checkRange(range, 'analytics query'));
  }

  /** Breach statistics as of an instant: the calls reported by then, as they stood then. */
  async serviceLevelStatistics(
    asOf: Date,
    by: StatisticsDimension = 'priority',
    range: Period = {},
  ) {
    this.ensureOpen();
    checkInstant(asOf, 'asOf', true, 'statistics query');
    checkDimension(by, statisticsDimensions, 'statistics query');
    return serviceLevelStatistics(
      this.asOfPorts(),
      asOf,
      by,
      checkRange(range, 'statistics query'),
    );
  }

  /** The weekly service report (backlog, calls by status and purpose, service levels by group, who pays for the work), read week by week. */
  serviceReport(query: ServiceReportQuery = {}): ServiceReport {
    this.ensureOpen();
    return serviceReport(this.readModels, checkServiceReportQuery(query));
  }

  /**
   * C1: the solutions that worked for an item, product, problem code or words, ranked by
   * how often they solved a call and stayed solved, with the calls as evidence.
   */
  solutions(query: SolutionQuery): SolutionSuggestion[] {
    this.ensureOpen();
    checkSolutionQuery(query);
    if (
      [query.item, query.product, query.problem, query.text].every(
        (value) => value === undefined || value.trim() === '',
      )
    )
      throw new DomainError(
        'NothingToSearchFor',
        'Name an item, a product, a problem code or words to find solutions for',
      );
    return querySolutions(this.readModels, query);
  }

  /** C1: solutions for a call from its item, product, coded problem and description. */
  async suggest(
    reference: string,
    options: Pick<SolutionQuery, 'limit' | 'language'> = {},
  ): Promise<{ call: Call; suggestions: SolutionSuggestion[] }> {
    this.ensureOpen();
    checkSuggestionOptions(options);
    const call = await this.call(reference);
    return { call, suggestions: suggestForCall(this.readModels, call, options) };
  }

  /**
   * How often a call's actual solution was among the first three suggested with only what
   * was known when it was logged, for the calls resolved in [from, to) (default: the week up
   * to the latest resolution); undefined when no resolution held yet.
   */
  suggestionQuality(period?: { from: Date; to: Date }): SuggestionQuality | undefined {
    this.ensureOpen();
    const within = period
      ? checkClosedRange(period, 'suggestion quality query')
      : lastWeekOfResolutions(this.readModels);
    return within && evaluateSuggestions(this.readModels, within);
  }

  /** The id of a call named by id or number. */
  protected async callId(reference: string, subject = 'call query'): Promise<string> {
    return this.pipeline.resolveCall(checkReference(reference, subject));
  }
}
