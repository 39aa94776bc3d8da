import {
  agendaEventSchemas,
  parseAgendaStream,
  weeksOf,
  type AgendaEvent,
} from '../domain/index.js';
import type { Document, Documents, ProjectedEvent, Projection, ReadModelStore } from './types.js';

/**
 * Engineers' agendas by week (issue 21): one entry per booked visit or absence and per ISO
 * week (UTC) it touches, so a week's agenda is one indexed query (engineer, week, by start).
 * Folded from the agenda streams, the week streams and the engineers' own (absences, and
 * visits booked there before week streams) alike: an item is keyed by engineer and visit or
 * absence, whichever stream holds it. A moved visit leaves the weeks it no longer touches;
 * one moved to another week is released from its old stream, then booked in the new one.
 */
export const AGENDA_PROJECTION = 'agenda';

/** A visit or an absence in an engineer's agenda. */
interface Item extends Document {
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

/** An item as listed under one ISO week it touches. */
export interface AgendaEntry extends Item {
  week: string;
}
interface ItemRecord extends Document {
  item: Item;
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
        const key = `${engineer}/${callId}/${transferId}`;
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
        remove(documents, `${engineer}/${event.data.callId}/${event.data.transferId}`);
        return;
      case 'AbsenceRecorded': {
        const { absenceId, absence, from, until } = event.data;
        place(documents, `${engineer}/absence/${absenceId}`, {
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
        remove(documents, `${engineer}/absence/${event.data.absenceId}`);
        return;
    }
  },
};

function place(documents: Documents, key: string, item: Item): void {
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

/** An engineer's visits and absences touching an ISO week, by start. */
export function queryAgendaWeek(
  readModels: ReadModelStore,
  engineer: string,
  week: string,
): AgendaEntry[] {
  return readModels.find<AgendaEntry>(
    AGENDA_PROJECTION,
    'entries',
    { engineer, week },
    { orderBy: 'start' },
  );
}
