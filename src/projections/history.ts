import { CALLS_PROJECTION, type CallSummary } from './calls.js';
import type { Filter, ReadModelStore } from './types.js';

export interface HistoryQuery {
  readonly customerId?: string;
  readonly serialNumber?: string;
  readonly limit?: number;
}

/** History (D5): archived calls with their final state, resolution, totals and reopen links; newest first. */
export function queryHistory(readModels: ReadModelStore, query: HistoryQuery = {}): CallSummary[] {
  return readModels.find<CallSummary>(CALLS_PROJECTION, 'calls', historyFilter(query), {
    orderBy: 'archivedAt',
    descending: true,
    ...(query.limit === undefined ? {} : { limit: query.limit }),
  });
}

/** How many archived calls the history query finds without its limit (counting stops at `upTo`). */
export const countHistory = (
  readModels: ReadModelStore,
  query: HistoryQuery = {},
  upTo?: number,
): number =>
  readModels.count(
    CALLS_PROJECTION,
    'calls',
    historyFilter(query),
    upTo === undefined ? {} : { upTo },
  );

function historyFilter(query: HistoryQuery): Filter {
  const filter: Record<string, Filter[string]> = { archived: true };
  if (query.customerId) filter.customerId = query.customerId;
  if (query.serialNumber) filter.serialNumber = query.serialNumber;
  return filter;
}
