import type { Projection, ProjectedEvent, Documents } from './types.js';

/**
 * When each call was open, by month, for the as-of board: a closed call has one document per
 * calendar month (UTC) it was open in, keyed `month/callId` and indexed by month, so the
 * calls that were open at an instant are found through an index at any store size. Calls
 * still open are found through the calls projection's own `open` index.
 */
export const OPEN_INTERVALS_PROJECTION = 'open-intervals';

export interface OpenMonth {
  readonly month: string;
  readonly callId: string;
  readonly openedAt: string;
  readonly closedAt: string;
}

interface Opened {
  readonly openedAt: string;
}

export const monthOf = (instant: Date | string): string =>
  (typeof instant === 'string' ? instant : instant.toISOString()).slice(0, 7);

/** Every month from one to another, both included ('2026-11', '2026-12', '2027-01'). */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (let current = from; current <= to; current = `${year}-${String(month).padStart(2, '0')}`) {
    months.push(current);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  return months;
}

export const openIntervalsProjection: Projection = {
  name: OPEN_INTERVALS_PROJECTION,
  version: 1,
  // Holds no personal value: forgetting a person changes nothing in it.
  forgetting: { rebuildFor: [] },
  collections: { opened: {}, months: { indexes: ['month'] } },
  eventTypes: new Set(['CallLogged', 'CallClosed', 'CallCancelled']),
  apply({ event, metadata, streamName }: ProjectedEvent, documents: Documents): void {
    const callId = streamName.slice('call-'.length);
    const at = metadata.occurredAt.toISOString();
    if (event.type === 'CallLogged') {
      documents.put('opened', callId, { openedAt: at } satisfies Opened);
      return;
    }
    const opened = documents.get<Opened & Record<string, unknown>>('opened', callId);
    if (!opened) return;
    for (const month of monthsBetween(monthOf(opened.openedAt), monthOf(at))) {
      documents.put('months', `${month}/${callId}`, {
        month,
        callId,
        openedAt: opened.openedAt,
        closedAt: at,
      } satisfies OpenMonth);
    }
    documents.delete('opened', callId);
  },
};
