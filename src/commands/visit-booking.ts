import {
  agendaStreamName,
  bookingsFor,
  decideCall,
  engineerAsOf,
  engineerOf,
  visitConflicts,
  type Call,
  type CallCommand,
  type CallEvent,
} from '../domain/index.js';
import { nextId } from '../domain/call/ids.js';
import type { Decision } from './append-decision.js';
import type { DecisionContext } from './decision-context.js';
import { encodeEvents, type EnvelopeFields } from '../streams/index.js';

/** The call commands that book, move or release a visit in an engineer's agenda. */
export const visitCommands: ReadonlySet<string> = new Set([
  'ScheduleOnSiteVisit',
  'RescheduleOnSiteVisit',
  'CancelTransfer',
]);

function engineerFor(command: CallCommand, call: Call): string | undefined {
  switch (command.type) {
    case 'ScheduleOnSiteVisit':
      return command.engineer;
    case 'RescheduleOnSiteVisit':
    case 'CancelTransfer':
      return engineerOf(call, command.transferId);
    default:
      return undefined;
  }
}

/**
 * A visit command decided against the engineer's agenda: what is in the way of the visit
 * (other visits, absences, time off the engineer's calendar) goes to the call's decision,
 * which refuses it unless overridden (call/transfers.ts); the booking is then appended to
 * the agenda at the revision the check read, linked with the call's events. A concurrent
 * booking moves the agenda: the append fails with WrongExpectedRevision, the pipeline
 * decides again and now sees the other visit. An engineer not in master data is neither
 * checked nor booked (an embedding application that plans elsewhere).
 */
export async function decideWithAgenda(
  context: DecisionContext,
  decision: CallCommand,
  call: Call,
  envelope: EnvelopeFields,
): Promise<Decision<CallEvent>> {
  const engineerId = engineerFor(decision, call);
  const engineer = engineerId === undefined ? null : await context.engineer(engineerId);
  if (engineerId === undefined || engineer === null) return decideCall(decision, call);
  const agenda = await context.agenda(engineerId);
  if (decision.type === 'ScheduleOnSiteVisit' || decision.type === 'RescheduleOnSiteVisit') {
    const day = await context.dayOf(decision.plannedStart);
    const transferId =
      decision.type === 'RescheduleOnSiteVisit' ? decision.transferId : nextId('T', call.transfers);
    const conflicts = visitConflicts(agenda.state, engineerAsOf(engineer, day), day, {
      callId: call.id,
      transferId,
      start: decision.plannedStart,
      end: decision.plannedEnd,
    });
    Object.assign(decision, { conflicts });
  }
  const events = decideCall(decision, call);
  const bookings = bookingsFor(engineerId, call, events);
  if (bookings.length === 0) return events;
  const stream = agendaStreamName(engineerId);
  return {
    first: [
      {
        streamName: stream,
        events: encodeEvents(bookings, stream, envelope),
        expectedRevision: agenda.revision < 0n ? 'no_stream' : agenda.revision,
      },
    ],
    decide: () => events,
  };
}
