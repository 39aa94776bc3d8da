import {
  agendaStreamName,
  agendaPlacement,
  agendaWeekStreamName,
  combinedAgenda,
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
 * A call's agenda events as linked parts, in the streams the domain places them
 * (agendaPlacement). Every other stream the check read goes along with no events, at the
 * revision read: a visit or an absence booked there meanwhile fails the append, and the
 * decision is made again with it in view.
 */
export function agendaParts(
  view: AgendaView,
  call: Call,
  events: readonly AgendaEvent[],
  envelope: EnvelopeFields,
): StreamAppend[] {
  const weeks = new Map([...view.weeks].map(([week, loaded]) => [week, loaded.state]));
  const placed = agendaPlacement(view.engineerId, view.own.state, weeks, call, events);
  const parts: StreamAppend[] = placed.map(([stream, streamEvents]) => ({
    streamName: stream,
    events: encodeEvents(streamEvents, stream, envelope),
    expectedRevision: expected(loadedOf(view, stream)),
  }));
  const written = new Set(placed.map(([stream]) => stream));
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
