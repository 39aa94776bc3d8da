import { entryOf } from '../domain/shared/objects.js';
import {
  bookingsFor,
  decideCall,
  engineerAsOf,
  engineerOf,
  visitConflicts,
  weekOfVisit,
  weeksToCheck,
  type Call,
  type CallCommand,
  type CallEvent,
} from '../domain/index.js';
import { nextId } from '../domain/call/ids.js';
import type { Decision } from './append-decision.js';
import type { DecisionContext } from './decision-context.js';
import type { EnvelopeFields } from '../streams/index.js';
import { agendaParts, agendaView } from './agenda-view.js';

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

/** The weeks of an engineer's agenda a visit command reads: those a new time must be checked in, and the visit's own. */
function weeksRead(command: CallCommand, call: Call): string[] {
  const weeks: string[] = [];
  if (command.type === 'ScheduleOnSiteVisit' || command.type === 'RescheduleOnSiteVisit')
    weeks.push(...weeksToCheck(command.plannedStart, command.plannedEnd));
  if (command.type === 'RescheduleOnSiteVisit' || command.type === 'CancelTransfer') {
    const transfer = entryOf(call.transfers, command.transferId);
    if (transfer?.kind === 'on-site') weeks.push(weekOfVisit(transfer.plannedStart));
  }
  return weeks;
}

/**
 * A visit command decided against the engineer's agenda: what is in the way of the visit
 * (other visits, absences, time off the engineer's calendar) goes to the call's decision,
 * which refuses it unless overridden (call/transfers.ts). The agenda read is bounded: the
 * engineer's own stream (absences) and the week streams a visit there could overlap (a visit
 * lasts at most a week), never the engineer's history. The booking is then appended to
 * those streams at the revisions the check read, linked with the call's events
 * (agenda-view.ts). A concurrent booking or absence moves one of them: the append fails
 * with WrongExpectedRevision, the pipeline decides again and now sees it. An engineer not
 * in master data is neither checked nor booked (an embedding application that plans elsewhere).
 */
export async function decideWithAgenda(
  context: DecisionContext,
  decision: CallCommand,
  call: Call,
  envelope: EnvelopeFields,
): Promise<Decision<CallEvent>> {
  const engineerId = engineerFor(decision, call);
  const engineer = engineerId === undefined ? null : await context.engineer(engineerId);
  // The engineer a visit names is judged by the call's decision too (C2): one read for both.
  if (decision.type === 'ScheduleOnSiteVisit')
    Object.assign(decision, { engineerRecord: engineer });
  if (engineerId === undefined || engineer === null) return decideCall(decision, call);
  // Before reading its weeks, the decision as if they were free: whatever it refuses (a
  // closed call, a visit before the call, a visit of a year that would read fifty weeks) is
  // refused as it would be without an agenda, and first.
  if (decision.type === 'ScheduleOnSiteVisit' || decision.type === 'RescheduleOnSiteVisit')
    decideCall({ ...decision, conflicts: [] }, call);
  const agenda = await agendaView(context, engineerId, weeksRead(decision, call));
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
  return { first: agendaParts(agenda, call, bookings, envelope), decide: () => events };
}
