import type { CallStatus, TargetState } from '../domain/index.js';
import { CALLS_PROJECTION, type CallSummary } from './calls.js';
import { serviceLevelOf, type ServiceLevelJudgement } from './service-level-judgement.js';
import type { Filter, ReadModelStore } from './types.js';
import { rowLimit } from './read-models/filter.js';

export { serviceLevelOf, type ServiceLevelJudgement } from './service-level-judgement.js';

type OneOrMany<T> = T | readonly T[];

export interface BoardQuery {
  readonly status?: OneOrMany<CallStatus>;
  readonly priority?: OneOrMany<number>;
  readonly group?: OneOrMany<string>;
  readonly engineer?: OneOrMany<string>;
  readonly customerId?: OneOrMany<string>;
  readonly serialNumber?: string;
  /** Only calls in these service-level states as of `asOf`. */
  readonly serviceLevel?: OneOrMany<TargetState>;
  /** The instant service-level states are evaluated at: always given, never the wall clock. */
  readonly asOf?: Date;
  /** Share of the allowed time after which a target is at risk (default 0.75). */
  readonly atRiskShare?: number;
  readonly limit?: number;
}

export interface BoardRow extends CallSummary, ServiceLevelJudgement {}

const many = <T>(value: OneOrMany<T> | undefined): readonly T[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? (value as readonly T[]) : [value as T];

/** The board: one row per open call, filtered, most urgent first. */
export function queryBoard(readModels: ReadModelStore, query: BoardQuery = {}): BoardRow[] {
  const filter = boardFilter(query);
  const wantedStates = serviceLevelStates(query);
  const rows = (limit?: number) =>
    readModels
      .find<CallSummary>(CALLS_PROJECTION, 'calls', filter, {
        orderBy: ['resolutionDueAt', 'number'],
        ...(limit === undefined ? {} : { limit }),
      })
      .map((summary) => withServiceLevel(summary, query.asOf, query.atRiskShare));
  const selected = (board: BoardRow[]) =>
    wantedStates
      ? board.filter(
          (row) => row.serviceLevelState !== null && wantedStates.includes(row.serviceLevelState),
        )
      : board;
  if (query.limit === undefined) return selected(rows());
  // The first rows in the index's order, not every open call: a wall board of twenty rows
  // reads twenty, whatever the backlog. Filtered by service level, more are read (doubling)
  // until enough are in that state or none are left.
  const limit = rowLimit(query.limit);
  if (!wantedStates || limit === 0) return rows(limit);
  // Each longer read on the same state as the first.
  return readModels.snapshot(() => {
    for (let read = 4 * limit; ; read *= 2) {
      const board = rows(read);
      const chosen = selected(board);
      if (chosen.length >= limit || board.length < read) return chosen.slice(0, limit);
    }
  });
}

/**
 * How many open calls the board shows without its limit. Counted on the calls' index, the
 * rows unread; a service-level filter is judged at `asOf` call by call, so then every open
 * call the other filters leave is read.
 */
export function countBoard(readModels: ReadModelStore, query: BoardQuery = {}): number {
  if (serviceLevelStates(query))
    return queryBoard(readModels, { ...query, limit: undefined }).length;
  return readModels.count(CALLS_PROJECTION, 'calls', boardFilter(query));
}

/** The board's filter on the calls' indexed fields: every criterion but the service level. */
function boardFilter(query: BoardQuery): Filter {
  const filter: Record<string, Filter[string]> = { open: true };
  for (const field of ['status', 'priority', 'group', 'engineer', 'customerId'] as const) {
    const values = many<string | number>(query[field]);
    if (values) filter[field] = values;
  }
  if (query.serialNumber) filter.serialNumber = query.serialNumber;
  return filter;
}

function serviceLevelStates(query: BoardQuery): readonly TargetState[] | undefined {
  const states = many(query.serviceLevel);
  if (states && !query.asOf)
    throw new Error('A service-level filter needs the instant to evaluate it at (asOf)');
  return states;
}

/** A call's summary with where its targets stand at `asOf` (see serviceLevelOf). */
export function withServiceLevel(
  summary: CallSummary,
  asOf: Date | undefined,
  atRiskShare?: number,
): BoardRow {
  return { ...summary, ...serviceLevelOf(summary, asOf, atRiskShare) };
}

/** One call's summary by id. */
export function callSummary(readModels: ReadModelStore, callId: string): CallSummary | undefined {
  return readModels.get<CallSummary>(CALLS_PROJECTION, 'calls', callId);
}

/** Open calls for the same customer and serial number: the registration warning's source. */
export function openCallsFor(
  readModels: ReadModelStore,
  customerId: string,
  serialNumber: string,
): string[] {
  return readModels
    .find<CallSummary>(
      CALLS_PROJECTION,
      'calls',
      { open: true, customerId, serialNumber },
      // Only the numbers are wanted: no requester's description is decrypted for them.
      { orderBy: 'number', personal: 'withheld' },
    )
    .map((row) => row.number);
}

/**
 * The board as the pipeline reads it: open calls on one serial number (the registration
 * warning) and each engineer's open calls (least-loaded routing, issue 21), both counted on
 * the calls' indexes.
 */
export function openCallIndex(readModels: ReadModelStore): {
  openCallsFor(customerId: string, serialNumber: string): string[];
  openWorkOf(engineerId: string): number;
} {
  return {
    openCallsFor: (customerId, serialNumber) => openCallsFor(readModels, customerId, serialNumber),
    openWorkOf: (engineer) => readModels.count(CALLS_PROJECTION, 'calls', { open: true, engineer }),
  };
}
