import {
  agendaStreamName,
  agendaWeekStreamName,
  bookingOf,
  combinedAgenda,
  weekOfVisit,
  type Agenda,
  type AgendaEvent,
  type Call,
} from '../domain/index.js';
import type { StreamAppend } from '../store/port.js';
import { encodeEvents, type EnvelopeFields, type Loaded } from '../streams/index.js';
import type { DecisionContext } from './decision-context.js';

/**
 * The part of an engineer's agenda a decision reads: their own stream (absences, and the
 * visits booked there before week streams) and some week streams, each with the revision
 * read, and the agenda they make together (what the domain decides with).
 */
export interface AgendaView {
  readonly engineerId: string;
  readonly own: Loaded<Agenda>;
  readonly weeks: ReadonlyMap<string, Loaded<Agenda>>;
  readonly state: Agenda;
}

/** Reads the engineer's own stream (unless given, as the absence commands have it) and these weeks. */
export async function agendaView(
  context: DecisionContext,
  engineerId: string,
  weeks: Iterable<string>,
  own?: Loaded<Agenda>,
): Promise<AgendaView> {
  const loaded = new Map<string, Loaded<Agenda>>();
  for (const week of weeks)
    if (!loaded.has(week)) loaded.set(week, await context.agendaWeek(engineerId, week));
  const ownLoaded = own ?? (await context.agenda(engineerId));
  const state = combinedAgenda([ownLoaded.state, ...[...loaded.values()].map((l) => l.state)]);
  return { engineerId, own: ownLoaded, weeks: loaded, state };
}

const expected = (loaded: Loaded<unknown>) =>
  loaded.revision < 0n ? 'no_stream' : loaded.revision;

/**
 * Where a call's agenda events go, as linked parts: a booking in the week stream of its
 * start; a move in the stream that holds the visit if it stays in that week, else released
 * there and booked in its new week (a visit booked in the engineer's own stream, before week
 * streams, leaves it so); a release where the visit is. Every other stream the check read
 * goes along with no events, at the revision read: a visit or an absence booked there
 * meanwhile fails the append, and the decision is made again with it in view. Releases come
 * first, so a read model following the streams in order sees a move as release, then book.
 */
export function agendaParts(
  view: AgendaView,
  call: Call,
  events: readonly AgendaEvent[],
  envelope: EnvelopeFields,
): StreamAppend[] {
  const { engineerId } = view;
  const written = new Map<string, AgendaEvent[]>();
  const write = (stream: string, event: AgendaEvent) =>
    written.set(stream, [...(written.get(stream) ?? []), event]);
  const ownStream = agendaStreamName(engineerId);
  const weekStream = (week: string) => agendaWeekStreamName(engineerId, week);
  // Where a visit of this call is booked now: the engineer's own stream, or its start's week.
  const home = (transferId: string): { stream: string; callNumber: string } | undefined => {
    const inOwn = bookingOf(view.own.state, call.id, transferId);
    if (inOwn) return { stream: ownStream, callNumber: inOwn.callNumber };
    const transfer = call.transfers[transferId];
    if (transfer?.kind !== 'on-site') return undefined;
    const week = weekOfVisit(transfer.plannedStart);
    const booked =
      view.weeks.get(week) && bookingOf(view.weeks.get(week)!.state, call.id, transferId);
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
        const transfer = call.transfers[event.data.transferId];
        const fallback =
          transfer?.kind === 'on-site' ? weekStream(weekOfVisit(transfer.plannedStart)) : ownStream;
        write(from?.stream ?? fallback, event);
        break;
      }
      default:
        break;
    }
  }
  const parts: StreamAppend[] = [];
  const releasesFirst = [...written].sort(
    ([, a], [, b]) =>
      Number(b[0]!.type === 'VisitReleased') - Number(a[0]!.type === 'VisitReleased'),
  );
  for (const [stream, streamEvents] of releasesFirst)
    parts.push({
      streamName: stream,
      events: encodeEvents(streamEvents, stream, envelope),
      expectedRevision: expected(loadedOf(view, stream)),
    });
  for (const [stream, loaded] of readStreams(view))
    if (!written.has(stream))
      parts.push({ streamName: stream, events: [], expectedRevision: expected(loaded) });
  return parts;
}

/** Every stream of the view with what was read of it. */
function readStreams(view: AgendaView): Array<[string, Loaded<Agenda>]> {
  return [
    [agendaStreamName(view.engineerId), view.own],
    ...[...view.weeks].map(([week, loaded]): [string, Loaded<Agenda>] => [
      agendaWeekStreamName(view.engineerId, week),
      loaded,
    ]),
  ];
}

function loadedOf(view: AgendaView, stream: string): Loaded<Agenda> {
  const found = readStreams(view).find(([name]) => name === stream);
  if (!found) throw new Error(`The agenda stream ${stream} was written without being read`);
  return found[1];
}

/** Expectation-only parts for every week stream of the view: an absence recorded with the visits read in view. */
export function weekGuards(view: AgendaView): StreamAppend[] {
  return [...view.weeks].map(([week, loaded]) => ({
    streamName: agendaWeekStreamName(view.engineerId, week),
    events: [],
    expectedRevision: expected(loaded),
  }));
}
