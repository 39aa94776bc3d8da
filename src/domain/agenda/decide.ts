import { inTimeOrder } from '../shared/time-order.js';
import type { Decider } from '../shared/decider.js';
import { DomainError } from '../shared/errors.js';
import type { Role } from '../shared/schema.js';
import type { AgendaCommand, AgendaCommandType, AgendaEvent } from './schemas.js';
import {
  bookingOf,
  bookingsDuring,
  initialAgenda,
  withBooking,
  withoutBooking,
  type Agenda,
} from './state.js';
import { ensureAbsenceLength } from './streams.js';

/** Engineers record their own absences; supervisors anyone's; the system synchronises from HR. */
export const agendaPermissions: Readonly<Record<AgendaCommandType, readonly Role[]>> = {
  RecordAbsence: ['engineer', 'supervisor', 'system'],
  CancelAbsence: ['engineer', 'supervisor', 'system'],
};

/** What the pipeline looked up for an absence: whether master data defines the engineer (absent: not looked up). */
export interface AbsenceContext {
  readonly defined?: boolean;
}

/**
 * decideAgenda(command, agenda) → events, for what is asked of the agenda itself (absences).
 * An absence is a fact, so it is recorded even over booked visits; those are named in the
 * event, to be moved. Visits are booked from the call's events (call/agenda-bookings.ts).
 * `agenda`: the engineer's own stream with the weeks the absence spans (and the one before),
 * composed by the pipeline (commands/agenda-view.ts).
 */
export function decideAgenda(
  command: AgendaCommand & AbsenceContext,
  agenda: Agenda,
): AgendaEvent[] {
  const { at } = command;
  switch (command.type) {
    case 'RecordAbsence': {
      const { engineerId, absenceId, absence, from, until } = command;
      if (command.defined === false)
        throw new DomainError(
          'EngineerNotFound',
          `No engineer ${engineerId} in master data (DefineEngineer first): absences are kept in a defined engineer's agenda, the one visits are checked against`,
          { engineerId },
        );
      if (until.getTime() <= from.getTime())
        throw new DomainError('InvalidAbsence', `An absence ends after it starts`, {
          absenceId,
        });
      ensureAbsenceLength(from, until);
      if (agenda.absences.some((a) => a.absenceId === absenceId))
        throw new DomainError(
          'AbsenceAlreadyRecorded',
          `Absence ${absenceId} is already recorded`,
          {
            absenceId,
          },
        );
      const visitsInTheWay = bookingsDuring(agenda, from, until).map(
        ({ callId, callNumber, transferId }) => ({ callId, callNumber, transferId }),
      );
      return [
        {
          type: 'AbsenceRecorded',
          data: { at, engineerId, absenceId, absence, from, until, visitsInTheWay },
        },
      ];
    }
    case 'CancelAbsence':
      if (!agenda.absences.some((a) => a.absenceId === command.absenceId))
        throw new DomainError('AbsenceNotFound', `No absence ${command.absenceId}`, {
          absenceId: command.absenceId,
        });
      return [{ type: 'AbsenceCancelled', data: { at, absenceId: command.absenceId } }];
  }
}

export function evolveAgenda(agenda: Agenda, event: AgendaEvent): Agenda {
  switch (event.type) {
    case 'VisitBooked': {
      const { callId, callNumber, transferId, start, end } = event.data;
      // Booked again (a call append that failed after its booking, on a store without linked appends): the last one holds.
      return withBooking(agenda, { callId, callNumber, transferId, start, end });
    }
    case 'VisitMoved': {
      const { callId, transferId, start, end } = event.data;
      const booked = bookingOf(agenda, callId, transferId);
      return booked ? withBooking(agenda, { ...booked, start, end }) : agenda;
    }
    case 'VisitReleased':
      return withoutBooking(agenda, event.data.callId, event.data.transferId);
    case 'AbsenceRecorded': {
      const { absenceId, absence, from, until } = event.data;
      return { ...agenda, absences: [...agenda.absences, { absenceId, absence, from, until }] };
    }
    case 'AbsenceCancelled':
      return {
        ...agenda,
        absences: agenda.absences.filter((a) => a.absenceId !== event.data.absenceId),
      };
  }
}

/** An engineer's agenda as one value: the fold of the engineer's own stream and of each week stream. */
export const agendaDecider: Decider<Agenda, AgendaCommand & AbsenceContext, AgendaEvent> = {
  initialState: initialAgenda,
  decide: inTimeOrder(decideAgenda, "the engineer's agenda"),
  evolve: evolveAgenda,
};
