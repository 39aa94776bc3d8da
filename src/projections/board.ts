import { targetState, worseState, type CallStatus, type TargetState } from '../domain/index.js';
import { CALLS_PROJECTION, type CallSummary } from './calls.js';
import type { Filter, ReadModelStore } from './types.js';

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

export interface BoardRow extends CallSummary {
  readonly response: TargetState | null;
  readonly resolution: TargetState | null;
  /** The worse of response and resolution. */
  readonly serviceLevelState: TargetState | null;
}

const many = <T>(value: OneOrMany<T> | undefined): readonly T[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? (value as readonly T[]) : [value as T];

/** The board: one row per open call, filtered, most urgent first. */
export function queryBoard(readModels: ReadModelStore, query: BoardQuery = {}): BoardRow[] {
  const filter: Record<string, Filter[string]> = { open: true };
  for (const field of ['status', 'priority', 'group', 'engineer', 'customerId'] as const) {
    const values = many<string | number>(query[field]);
    if (values) filter[field] = values;
  }
  if (query.serialNumber) filter.serialNumber = query.serialNumber;
  const wantedStates = many(query.serviceLevel);
  if (wantedStates && !query.asOf) throw new Error('A service-level filter needs the instant to evaluate it at (asOf)');
  const rows = readModels
    .find<CallSummary>(CALLS_PROJECTION, 'calls', filter, { orderBy: 'resolutionDueAt' })
    .map((summary) => withServiceLevel(summary, query.asOf, query.atRiskShare ?? 0.75));
  const selected = wantedStates ? rows.filter((row) => row.serviceLevelState !== null && wantedStates.includes(row.serviceLevelState)) : rows;
  return query.limit === undefined ? selected : selected.slice(0, query.limit);
}

export function withServiceLevel(summary: CallSummary, asOf: Date | undefined, atRiskShare: number): BoardRow {
  if (!asOf || !summary.responseDueAt || !summary.resolutionDueAt) {
    return { ...summary, response: null, resolution: null, serviceLevelState: null };
  }
  const at = asOf.getTime();
  const start = Date.parse(summary.reportedAt);
  const response = targetState(start, Date.parse(summary.responseDueAt), ms(summary.respondedAt), at, atRiskShare);
  const resolution = targetState(start, Date.parse(summary.resolutionDueAt), ms(summary.resolvedAt), at, atRiskShare);
  return { ...summary, response, resolution, serviceLevelState: worseState(response, resolution) };
}

const ms = (instant: string | null): number | undefined => (instant === null ? undefined : Date.parse(instant));

/** One call's summary by id. */
export function callSummary(readModels: ReadModelStore, callId: string): CallSummary | undefined {
  return readModels.get<CallSummary>(CALLS_PROJECTION, 'calls', callId);
}

/** Open calls for the same customer and serial number: the registration warning's source. */
export function openCallsFor(readModels: ReadModelStore, customerId: string, serialNumber: string): string[] {
  return readModels
    .find<CallSummary>(CALLS_PROJECTION, 'calls', { open: true, customerId, serialNumber }, { orderBy: 'number' })
    .map((row) => row.number);
}
