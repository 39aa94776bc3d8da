import { loadCall } from '../streams/index.js';
import type { Call, ServiceLevelVersion } from '../domain/index.js';
import type { EventStore } from '../store/port.js';
import { withServiceLevel, type BoardQuery, type BoardRow } from './board.js';
import { CALLS_PROJECTION, summarise, type CallSummary } from './calls.js';
import { REPORT } from './month-index.js';
import { monthOf, OPEN_INTERVALS_PROJECTION, type OpenMonth } from './open-intervals.js';
import type { ReadModelStore } from './types.js';

export interface AsOfPorts {
  readonly store: EventStore;
  readonly readModels: ReadModelStore;
  /** The rule-set version a call counts by (its calendar judges its targets). */
  readonly serviceLevels: (call: Call) => Promise<ServiceLevelVersion>;
}

/**
 * The board as it stood at an instant: the calls open at `asOf` — logged by then, not yet
 * closed or cancelled — each rebuilt from its stream as of `asOf` (status, priority,
 * dispatch, holds as they were then), with service levels judged at `asOf`. Candidates come
 * through indexes (the months closed calls were open in, and the calls open now), so only the
 * streams of calls open at `asOf` are read, however long the history.
 */
export async function queryBoardAsOf(
  ports: AsOfPorts,
  asOf: Date,
  query: Omit<BoardQuery, 'asOf'> = {},
): Promise<BoardRow[]> {
  const at = asOf.getTime();
  const candidates = new Set<string>();
  for (const interval of ports.readModels.find<OpenMonth & Record<string, unknown>>(
    OPEN_INTERVALS_PROJECTION,
    'months',
    { month: monthOf(asOf) },
  )) {
    if (Date.parse(interval.openedAt) <= at && Date.parse(interval.closedAt) > at)
      candidates.add(interval.callId);
  }
  // Only their ids are read here (each row is rebuilt below): nothing personal opened.
  for (const summary of ports.readModels.find<CallSummary>(
    CALLS_PROJECTION,
    'calls',
    { open: true },
    { orderBy: ['resolutionDueAt', 'number'], ...REPORT },
  ))
    candidates.add(summary.callId);
  const rows: BoardRow[] = [];
  for (const callId of candidates) {
    const summary = await summaryAsOf(ports, callId, asOf);
    if (!summary || summary.status === 'Closed' || summary.status === 'Archived') continue;
    const row = withServiceLevel(summary, asOf, query.atRiskShare);
    if (selected(row, query)) rows.push(row);
  }
  rows.sort((a, b) => compare(a.resolutionDueAt, b.resolutionDueAt) || compare(a.number, b.number));
  return query.limit === undefined ? rows : rows.slice(0, query.limit);
}

/** A call's summary as it stood at `asOf`, rebuilt from its stream (undefined: not logged by then). */
export async function summaryAsOf(
  ports: AsOfPorts,
  callId: string,
  asOf: Date,
): Promise<CallSummary | undefined> {
  const { state, lastOccurredAt } = await loadCall(ports.store, callId, { asOf });
  if (!state) return undefined;
  const rules = state.serviceLevel ? (await ports.serviceLevels(state)).rules : undefined;
  return summarise(state, lastOccurredAt ?? asOf, rules);
}

function selected(row: BoardRow, query: Omit<BoardQuery, 'asOf'>): boolean {
  const within = <T>(wanted: T | readonly T[] | undefined, actual: T | null): boolean =>
    wanted === undefined ||
    (Array.isArray(wanted) ? (wanted as readonly T[]).includes(actual as T) : wanted === actual);
  return (
    within(query.status, row.status) &&
    within(query.priority, row.priority) &&
    within(query.group, row.group) &&
    within(query.engineer, row.engineer) &&
    within(query.customerId, row.customerId) &&
    (query.serialNumber === undefined || row.serialNumber === query.serialNumber) &&
    within(query.serviceLevel, row.serviceLevelState)
  );
}

/** Earliest due first, then the older call; calls without a due instant last, as on the board. */
function compare(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
