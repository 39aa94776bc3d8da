import { workingTimeBetween } from '../calendar/working-time.js';
import { DomainError } from '../shared/errors.js';
import type { DomainErrorCode } from '../shared/error-codes.js';
import type { EngineerProfile } from '../engineer/state.js';
import type { Conflict } from './schemas.js';
import { bookingsDuring, overlaps, sameVisit, type Agenda } from './state.js';

/** A visit as the check sees it; `transferId` set when the visit already exists (a move). */
export interface VisitSlot {
  readonly callId: string;
  readonly transferId?: string;
  readonly start: Date;
  readonly end: Date;
}

/**
 * Everything in the way of a visit in an engineer's agenda: other visits it overlaps (the
 * visit itself excluded when it moves), absences it overlaps, and time outside the
 * engineer's working calendar on the visit's day. `profile` undefined: the engineer is not
 * on staff that day (`day`). Travel time is not modelled: a visit may start as the last ends.
 */
export function visitConflicts(
  agenda: Agenda,
  profile: EngineerProfile | undefined,
  day: string,
  visit: VisitSlot,
): Conflict[] {
  const found: Conflict[] = [];
  if (!profile) found.push({ kind: 'not-on-staff', day });
  else if (
    workingTimeBetween(profile.calendar, visit.start, visit.end) <
    visit.end.getTime() - visit.start.getTime()
  )
    found.push({ kind: 'outside-working-time', calendar: profile.calendar.id });
  for (const b of bookingsDuring(agenda, visit.start, visit.end)) {
    if (visit.transferId !== undefined && sameVisit(b, visit.callId, visit.transferId)) continue;
    const { callId, callNumber, transferId } = b;
    found.push({
      kind: 'visit',
      callId,
      callNumber,
      transferId,
      start: iso(b.start),
      end: iso(b.end),
    });
  }
  for (const a of agenda.absences) {
    if (overlaps(a.from, a.until, visit.start, visit.end)) {
      const { absenceId, absence } = a;
      found.push({ kind: 'absence', absenceId, absence, from: iso(a.from), until: iso(a.until) });
    }
  }
  return found;
}

const iso = (d: Date) => d.toISOString();

/** What a conflict is, in words. */
export function describeConflict(engineer: string, c: Conflict): string {
  switch (c.kind) {
    case 'visit':
      return `${engineer}'s visit ${c.transferId} of call ${c.callNumber} (${c.start} – ${c.end})`;
    case 'absence':
      return `${engineer}'s absence ${c.absenceId} (${c.absence}, ${c.from} – ${c.until})`;
    case 'outside-working-time':
      return `time outside ${engineer}'s working calendar ${c.calendar}`;
    case 'not-on-staff':
      return `${engineer} not being on staff on ${c.day}`;
  }
}

const codes: Readonly<Record<Conflict['kind'], DomainErrorCode>> = {
  visit: 'VisitOverlaps',
  absence: 'EngineerAbsent',
  'outside-working-time': 'OutsideWorkingTime',
  'not-on-staff': 'EngineerNotOnStaff',
};

/**
 * The refusal of a visit with something in its way: the code names the first conflict's
 * kind, the message and details name every one (the visit or absence in the way).
 */
export function visitRefused(engineer: string, visit: VisitSlot, conflicts: readonly Conflict[]) {
  const first = conflicts[0]!;
  return new DomainError(
    codes[first.kind],
    `The visit ${iso(visit.start)} – ${iso(visit.end)} collides with ${conflicts.map((c) => describeConflict(engineer, c)).join('; ')}; to book it anyway, give an override with a reason`,
    {
      engineer,
      start: iso(visit.start),
      end: iso(visit.end),
      conflicts: conflicts.map((c) => ({ ...c })),
    },
  );
}
