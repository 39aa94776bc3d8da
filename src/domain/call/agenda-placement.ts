import { entryOf } from '../shared/objects.js';
import type { Agenda } from '../agenda/state.js';
import { bookingOf, weekOfVisit } from '../agenda/state.js';
import type { AgendaEvent } from '../agenda/schemas.js';
import { agendaStreamName, agendaWeekStreamName } from '../agenda/streams.js';
import type { Call } from './state.js';

/**
 * Which agenda stream records each of a call's agenda events (bookingsFor), given the
 * engineer's own stream and the week streams read: a booking goes to the week stream of its
 * start; a move to the stream that holds the visit if it stays in that week, else it is
 * released there and booked in its new week (a visit booked in the engineer's own stream,
 * before week streams, leaves it so); a release to where the visit is. Streams with a release
 * come first, so a reader following the streams in order sees a move as release, then book.
 */
export function agendaPlacement(
  engineerId: string,
  own: Agenda,
  weeks: ReadonlyMap<string, Agenda>,
  call: Call,
  events: readonly AgendaEvent[],
): Array<[stream: string, events: AgendaEvent[]]> {
  const written = new Map<string, AgendaEvent[]>();
  const write = (stream: string, event: AgendaEvent) =>
    written.set(stream, [...(written.get(stream) ?? []), event]);
  const ownStream = agendaStreamName(engineerId);
  const weekStream = (week: string) => agendaWeekStreamName(engineerId, week);
  // Where a visit of this call is booked now: the engineer's own stream, or its start's week.
  const home = (transferId: string): { stream: string; callNumber: string } | undefined => {
    const inOwn = bookingOf(own, call.id, transferId);
    if (inOwn) return { stream: ownStream, callNumber: inOwn.callNumber };
    const transfer = entryOf(call.transfers, transferId);
    if (transfer?.kind !== 'on-site') return undefined;
    const week = weekOfVisit(transfer.plannedStart);
    const agenda = weeks.get(week);
    const booked = agenda && bookingOf(agenda, call.id, transferId);
    return booked ? { stream: weekStream(week), callNumber: booked.callNumber } : undefined;
  };
  for (const event of events) {
    switch (event.type) {
      case 'VisitBooked':
        write(weekStream(weekOfVisit(event.data.start)), event);
        break;
      case 'VisitMoved': {
        const { at, callId, transferId, start, end, override } = event.data;
        const target = weekStream(weekOfVisit(start));
        const from = home(transferId);
        if (from?.stream === target) {
          write(target, event);
          break;
        }
        if (from) write(from.stream, { type: 'VisitReleased', data: { at, callId, transferId } });
        const callNumber = from?.callNumber ?? call.number;
        const data = { at, engineerId, callNumber, callId, transferId, start, end };
        write(target, { type: 'VisitBooked', data: override ? { ...data, override } : data });
        break;
      }
      case 'VisitReleased': {
        const from = home(event.data.transferId);
        // Nowhere (booked before the engineer was in master data): released in its week, as it was never booked.
        const transfer = entryOf(call.transfers, event.data.transferId);
        const fallback =
          transfer?.kind === 'on-site' ? weekStream(weekOfVisit(transfer.plannedStart)) : ownStream;
        write(from?.stream ?? fallback, event);
        break;
      }
      default:
        break;
    }
  }
  return [...written].sort(
    ([, a], [, b]) =>
      Number(b[0]!.type === 'VisitReleased') - Number(a[0]!.type === 'VisitReleased'),
  );
}
