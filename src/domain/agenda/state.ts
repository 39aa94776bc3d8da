import type { AbsenceKind } from './schemas.js';

export interface AgendaBooking {
  readonly callId: string;
  readonly callNumber: string;
  readonly transferId: string;
  readonly start: Date;
  readonly end: Date;
}

export interface AgendaAbsence {
  readonly absenceId: string;
  readonly absence: AbsenceKind;
  readonly from: Date;
  readonly until: Date;
}

/** What the agenda holds now: visits still booked (released ones are gone) and absences not cancelled. */
export interface Agenda {
  readonly bookings: readonly AgendaBooking[];
  readonly absences: readonly AgendaAbsence[];
}

export const initialAgenda = (): Agenda => ({ bookings: [], absences: [] });

export const sameVisit = (
  b: { callId: string; transferId: string },
  callId: string,
  transferId: string,
) => b.callId === callId && b.transferId === transferId;

/** Half-open intervals [start, end) overlap: touching visits (one ends as the next starts) do not. */
export const overlaps = (aStart: Date, aEnd: Date, bStart: Date, bEnd: Date): boolean =>
  aStart.getTime() < bEnd.getTime() && bStart.getTime() < aEnd.getTime();
