import {
  engineerAsOf,
  engineerDecider,
  engineerStreamName,
  isoWeek,
  localDateOf,
  subtractSpans,
  workingSpans,
  type CallStatus,
  type Span,
} from '../domain/index.js';
import type { EventStore } from '../store/port.js';
import { loadStream } from '../streams/index.js';
import { queryAgendaWeek, type AgendaEntry } from './agenda.js';
import { queryBoard } from './board.js';
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
  readonly from: string;
  readonly to: string;
  /** The calendar the engineer works by that week (as of its Monday); null: not on staff. */
  readonly calendar: string | null;
  readonly visits: readonly AgendaEntry[];
  readonly absences: readonly AgendaEntry[];
  readonly calls: readonly AgendaCall[];
  /** Working time with neither a visit nor an absence, in order. */
  readonly freeSlots: ReadonlyArray<{ readonly start: string; readonly end: string }>;
}

const OPEN: CallStatus[] = ['Registered', 'Assigned', 'InProcess', 'Transferred'];

/**
 * An engineer's week (`callstream agenda`): visits and absences from the agenda read model
 * (one indexed query), open calls assigned to them from the board (indexed by engineer),
 * and the free working time of their calendar that week.
 */
export async function engineerWeek(
  store: EventStore,
  readModels: ReadModelStore,
  engineer: string,
  week: string,
): Promise<EngineerWeek> {
  const { from, to } = isoWeek(week);
  const entries = queryAgendaWeek(readModels, engineer, week);
  const visits = entries.filter((e) => e.kind === 'visit');
  const absences = entries.filter((e) => e.kind === 'absence');
  const { state } = await loadStream(store, engineerStreamName(engineer), engineerDecider);
  const profile = engineerAsOf(state, localDateOf('UTC', from));
  const busy: Span[] = entries.map((e) => [Date.parse(e.start), Date.parse(e.end)]);
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
