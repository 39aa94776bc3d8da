import {
  engineerAsOf,
  engineerDecider,
  engineerStreamName,
  subtractSpans,
  workingSpans,
  type CallStatus,
  type Span,
} from '../domain/index.js';
import type { EventStore } from '../store/port.js';
import { loadStream } from '../streams/index.js';
import { queryAgenda, type AgendaEntry } from './agenda.js';
import { queryBoard } from './board.js';
import { weekOfIsoName, weekSpan } from './service-report/weeks.js';
import type { ReadModelStore } from './types.js';

/** A call on an engineer's desk: open and assigned to them. */
export interface AgendaCall {
  readonly number: string;
  readonly status: string;
  readonly priority: number | null;
  readonly customerId: string | null;
  readonly item: string | null;
}

export interface EngineerWeek {
  readonly engineer: string;
  readonly week: string;
  /** The zone the week runs Monday to Sunday in: the organisation's. */
  readonly timeZone: string;
  /** Monday 00:00 there, and the next Monday 00:00 (167 or 169 hours when the clocks change). */
  readonly from: string;
  readonly to: string;
  /** The calendar the engineer works by that week (as of its Monday); null: not on staff. */
  readonly calendar: string | null;
  readonly visits: readonly AgendaEntry[];
  readonly absences: readonly AgendaEntry[];
  readonly calls: readonly AgendaCall[];
  /** Working time that week with neither a visit nor an absence, in order. */
  readonly freeSlots: ReadonlyArray<{ readonly start: string; readonly end: string }>;
}

const OPEN: CallStatus[] = ['Registered', 'Assigned', 'InProcess', 'Transferred'];

/**
 * An engineer's week (`callstream agenda`) in the organisation's zone, as the service report
 * counts weeks: visits and absences overlapping it from the agenda read model (indexed),
 * open calls assigned to them from the board (indexed by engineer), and the free working
 * time of their calendar that week.
 */
export async function engineerWeek(
  store: EventStore,
  readModels: ReadModelStore,
  engineer: string,
  week: string,
  organisation: { timeZone(): Promise<string> },
): Promise<EngineerWeek> {
  const monday = weekOfIsoName(week);
  const timeZone = await organisation.timeZone();
  const { from, to } = weekSpan(timeZone, monday);
  const entries = queryAgenda(readModels, engineer, from, to).map((item) => ({ ...item, week }));
  const visits = entries.filter((e) => e.kind === 'visit');
  const absences = entries.filter((e) => e.kind === 'absence');
  const { state } = await loadStream(store, engineerStreamName(engineer), engineerDecider);
  const profile = engineerAsOf(state, monday);
  // Only working time within the week is counted: what an item has outside it takes none.
  const busy: Span[] = entries.map((e) => [
    Math.max(Date.parse(e.start), from.getTime()),
    Math.min(Date.parse(e.end), to.getTime()),
  ]);
  const free = profile ? subtractSpans(workingSpans(profile.calendar, from, to), busy) : [];
  const calls = queryBoard(readModels, { engineer, status: OPEN }).map((row) => ({
    number: row.number,
    status: row.status,
    priority: row.priority,
    customerId: row.customerId,
    item: row.item,
  }));
  return {
    engineer,
    week,
    timeZone,
    from: from.toISOString(),
    to: to.toISOString(),
    calendar: profile?.calendar.id ?? null,
    visits,
    absences,
    calls,
    freeSlots: free.map(([s, e]) => ({
      start: new Date(s).toISOString(),
      end: new Date(e).toISOString(),
    })),
  };
}
