import type { AbsenceKind } from './schemas.js';
import { isoWeekOf, weeksOf } from './week.js';

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

/** The visits of one ISO week, by visitKey. */
export type AgendaWeek = ReadonlyMap<string, AgendaBooking>;

/**
 * What the agenda holds now: visits still booked (released ones are gone) and absences not
 * cancelled. A visit is listed under every ISO week it touches, so a check reads only the
 * weeks of its own visit, and an event copies the index of weeks and its visit's weeks,
 * never every visit (folding years of a stream booked before week streams stays linear).
 */
export interface Agenda {
  readonly weeks: ReadonlyMap<string, AgendaWeek>;
  readonly absences: readonly AgendaAbsence[];
}

export const initialAgenda = (): Agenda => ({ weeks: new Map(), absences: [] });

export const visitKey = (callId: string, transferId: string): string => `${callId}/${transferId}`;

export const sameVisit = (
  b: { callId: string; transferId: string },
  callId: string,
  transferId: string,
) => b.callId === callId && b.transferId === transferId;

/** Half-open intervals [start, end) overlap: touching visits (one ends as the next starts) do not. */
export const overlaps = (aStart: Date, aEnd: Date, bStart: Date, bEnd: Date): boolean =>
  aStart.getTime() < bEnd.getTime() && bStart.getTime() < aEnd.getTime();

/** A visit booked in the agenda, wherever it is. */
export function bookingOf(
  agenda: Agenda,
  callId: string,
  transferId: string,
): AgendaBooking | undefined {
  const key = visitKey(callId, transferId);
  for (const week of agenda.weeks.values()) {
    const booking = week.get(key);
    if (booking) return booking;
  }
  return undefined;
}

/** The agenda with this visit booked (in place of an earlier booking of the same visit). */
export function withBooking(agenda: Agenda, booking: AgendaBooking): Agenda {
  const weeks = new Map(without(agenda, booking.callId, booking.transferId));
  const key = visitKey(booking.callId, booking.transferId);
  for (const week of weeksOf(booking.start, booking.end))
    weeks.set(week, new Map(weeks.get(week)).set(key, booking));
  return { ...agenda, weeks };
}

/** The agenda without this visit. */
export function withoutBooking(agenda: Agenda, callId: string, transferId: string): Agenda {
  const weeks = without(agenda, callId, transferId);
  return weeks === agenda.weeks ? agenda : { ...agenda, weeks };
}

function without(
  agenda: Agenda,
  callId: string,
  transferId: string,
): ReadonlyMap<string, AgendaWeek> {
  const booking = bookingOf(agenda, callId, transferId);
  if (!booking) return agenda.weeks;
  const key = visitKey(callId, transferId);
  const weeks = new Map(agenda.weeks);
  for (const week of weeksOf(booking.start, booking.end)) {
    const left = new Map(weeks.get(week));
    left.delete(key);
    if (left.size === 0) weeks.delete(week);
    else weeks.set(week, left);
  }
  return weeks;
}

/** Visits booked overlapping [from, until), by start (then call and transfer): one entry per visit. */
export function bookingsDuring(agenda: Agenda, from: Date, until: Date): AgendaBooking[] {
  const found = new Map<string, AgendaBooking>();
  for (const week of weeksOf(from, until))
    for (const [key, booking] of agenda.weeks.get(week) ?? [])
      if (overlaps(booking.start, booking.end, from, until)) found.set(key, booking);
  return [...found.values()].sort(
    (a, b) =>
      a.start.getTime() - b.start.getTime() ||
      compare(a.callId, b.callId) ||
      compare(a.transferId, b.transferId),
  );
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One agenda from several streams' (the engineer's own and some of their weeks): the
 * bookings of all, the absences of all. A visit found in two (a move half-written on a
 * store without linked appends) is still one visit to bookingsDuring (one key).
 */
export function combinedAgenda(parts: readonly Agenda[]): Agenda {
  let weeks = new Map<string, AgendaWeek>();
  const absences: AgendaAbsence[] = [];
  for (const part of parts) {
    absences.push(...part.absences);
    if (weeks.size === 0) {
      weeks = new Map(part.weeks);
      continue;
    }
    for (const [week, visits] of part.weeks) {
      const known = weeks.get(week);
      weeks.set(week, known ? new Map([...known, ...visits]) : visits);
    }
  }
  return { weeks, absences };
}

/** The ISO week a visit's stream is named by: the week it starts in. */
export const weekOfVisit = (start: Date): string => isoWeekOf(start);
