import {
  agendaEventSchemas,
  parseAgendaStream,
  weeksOf,
  type AgendaEvent,
} from '../domain/index.js';
import type { Document, Documents, ProjectedEvent, Projection, ReadModelStore } from './types.js';

/**
 * Engineers' agendas by week (issue 21): one entry per booked visit or absence and per ISO
 * week (UTC) it touches, so the organisation's week is read on the index (engineer, week, by
 * start) in the one or two UTC weeks it overlaps (queryAgenda).
 * Folded from the agenda streams, the week streams and the engineers' own (absences, and
 * visits booked there before week streams) alike: an item is keyed by engineer and visit or
 * absence, whichever stream holds it. A moved visit leaves the weeks it no longer touches;
 * one moved to another week is released from its old stream, then booked in the new one.
 */
export const AGENDA_PROJECTION = 'agenda';

/** A visit or an absence in an engineer's agenda. */
export interface AgendaItem extends Document {
  engineer: string;
  kind: 'visit' | 'absence';
  start: string;
  end: string;
  callId: string | null;
  callNumber: string | null;
  transferId: string | null;
  absenceId: string | null;
  absence: string | null;
  /** The visit was booked over a collision: the override's reason. */
  override: string | null;
}

/** An item as listed under one ISO week (UTC) it touches. */
export interface AgendaEntry extends AgendaItem {
  week: string;
}
interface ItemRecord extends Document {
  item: AgendaItem;
  weeks: string[];
}

const eventTypes = new Set(Object.keys(agendaEventSchemas));

export const agendaProjection: Projection = {
  name: AGENDA_PROJECTION,
  version: 1,
  collections: {
    entries: { indexes: [['engineer', 'week', 'start']] },
    /** Each visit's or absence's current entry and weeks, by key: what a move or a release replaces. */
    items: { indexes: [] },
  },
  // Ids, instants and kinds only: nothing personal to seal or forget.
  forgetting: { rebuildFor: [] },
  eventTypes,
  apply(projected: ProjectedEvent, documents: Documents): void {
    const stream = parseAgendaStream(projected.streamName);
    if (!stream) return;
    const engineer = stream.engineerId;
    const event = projected.event as AgendaEvent;
    switch (event.type) {
      case 'VisitBooked':
      case 'VisitMoved': {
        const { callId, transferId, start, end, override } = event.data;
        const key = visitKey(engineer, callId, transferId);
        const before = documents.get<ItemRecord>('items', key)?.item;
        const callNumber =
          event.type === 'VisitBooked' ? event.data.callNumber : before?.callNumber;
        place(documents, key, {
          engineer,
          kind: 'visit',
          start: start.toISOString(),
          end: end.toISOString(),
          callId,
          callNumber: callNumber ?? null,
          transferId,
          absenceId: null,
          absence: null,
          override: override?.reason ?? null,
        });
        return;
      }
      case 'VisitReleased':
        remove(documents, visitKey(engineer, event.data.callId, event.data.transferId));
        return;
      case 'AbsenceRecorded': {
        const { absenceId, absence, from, until } = event.data;
        place(documents, absenceKey(engineer, absenceId), {
          engineer,
          kind: 'absence',
          start: from.toISOString(),
          end: until.toISOString(),
          callId: null,
          callNumber: null,
          transferId: null,
          absenceId,
          absence,
          override: null,
        });
        return;
      }
      case 'AbsenceCancelled':
        remove(documents, absenceKey(engineer, event.data.absenceId));
        return;
    }
  },
};

function place(documents: Documents, key: string, item: AgendaItem): void {
  remove(documents, key);
  const weeks = weeksOf(new Date(item.start), new Date(item.end));
  for (const week of weeks) documents.put('entries', `${week}/${key}`, { ...item, week });
  documents.put('items', key, { item, weeks });
}

function remove(documents: Documents, key: string): void {
  const before = documents.get<ItemRecord>('items', key);
  if (!before) return;
  for (const week of before.weeks) documents.delete('entries', `${week}/${key}`);
  documents.delete('items', key);
}

/**
 * An engineer's visits and absences overlapping [from, to), by start. Entries stay keyed by
 * the ISO weeks in UTC their items touch, whatever the organisation's zone (SetTimeZone may
 * change it; a key folded on an old zone would hide booked visits from the new zone's weeks):
 * a local week overlaps at most two of them, each read on the index (engineer, week, start)
 * and merged in order, an item listed under both read once.
 */
export function queryAgenda(
  readModels: ReadModelStore,
  engineer: string,
  from: Date,
  to: Date,
): AgendaItem[] {
  const entries = readModels.find<AgendaEntry>(
    AGENDA_PROJECTION,
    'entries',
    { engineer, week: weeksOf(from, to) },
    { orderBy: 'start' },
  );
  const items = new Map<string, AgendaItem>();
  const [start, end] = [from.toISOString(), to.toISOString()];
  for (const { week: _, ...item } of entries)
    if (item.start < end && item.end > start) items.set(itemKey(item), item);
  return [...items.values()];
}

/** The key of a visit or an absence in an engineer's agenda, whichever stream holds it. */
const visitKey = (engineer: string, callId: string, transferId: string): string =>
  `${engineer}/${callId}/${transferId}`;
const absenceKey = (engineer: string, absenceId: string): string =>
  `${engineer}/absence/${absenceId}`;
const itemKey = (item: AgendaItem): string =>
  item.kind === 'visit'
    ? visitKey(item.engineer, item.callId!, item.transferId!)
    : absenceKey(item.engineer, item.absenceId!);
