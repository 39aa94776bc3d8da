import { z } from 'zod';
import {
  id,
  instant,
  storedInstant,
  text,
  type CommandsOf,
  type EventsOf,
} from '../shared/schema.js';

/**
 * An engineer's agenda: the visits booked for them and their absences (streams.ts: one
 * stream per engineer and week for visits, the engineer's own for absences). Every booking
 * is appended at its week's expected revision in the same transaction as the call's visit
 * event, so two commands racing for one slot leave one visit (see commands/visit-booking.ts).
 */
/** Why an engineer is away. No free text: an absence's reason can be personal (health). */
export const absenceKinds = ['leave', 'training', 'unavailable'] as const;
export type AbsenceKind = (typeof absenceKinds)[number];

const transferId = z.string().regex(/^T\d+$/);

/** An instant as a conflict reports it: ISO text (a report of what was in the way, not a clock to count by). */
const reportedInstant = z.iso.datetime();

/** What stands in the way of a visit: another visit, an absence, time off the engineer's calendar. */
export const conflict = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('visit'),
    callId: id,
    callNumber: z.string(),
    transferId,
    start: reportedInstant,
    end: reportedInstant,
  }),
  z.object({
    kind: z.literal('absence'),
    absenceId: id,
    absence: z.enum(absenceKinds),
    from: reportedInstant,
    until: reportedInstant,
  }),
  z.object({ kind: z.literal('outside-working-time'), calendar: id }),
  z.object({ kind: z.literal('not-on-staff'), day: z.string() }),
]);
export type Conflict = z.output<typeof conflict>;

/** A visit booked despite what is in the way: who decided it, why, and what was in the way. */
export const visitOverride = z.object({ reason: text, conflicts: z.array(conflict) });
export type VisitOverride = z.output<typeof visitOverride>;

export const agendaCommandSchemas = {
  RecordAbsence: z.strictObject({
    engineerId: id,
    absenceId: id,
    absence: z.enum(absenceKinds),
    from: instant,
    until: instant,
  }),
  CancelAbsence: z.strictObject({ engineerId: id, absenceId: id }),
} as const;

const visit = { callId: id, transferId, start: storedInstant, end: storedInstant };

export const agendaEventSchemas = {
  VisitBooked: z.object({
    at: storedInstant,
    engineerId: id,
    callNumber: z.string(),
    ...visit,
    override: visitOverride.optional(),
  }),
  VisitMoved: z.object({ at: storedInstant, ...visit, override: visitOverride.optional() }),
  VisitReleased: z.object({ at: storedInstant, callId: id, transferId }),
  AbsenceRecorded: z.object({
    at: storedInstant,
    engineerId: id,
    absenceId: id,
    absence: z.enum(absenceKinds),
    from: storedInstant,
    until: storedInstant,
    /** Visits booked in the absence: to be moved (the absence is a fact, not a request). */
    visitsInTheWay: z.array(z.object({ callId: id, callNumber: z.string(), transferId })),
  }),
  AbsenceCancelled: z.object({ at: storedInstant, absenceId: id }),
} as const;

export type AgendaCommandType = keyof typeof agendaCommandSchemas;
export type AgendaCommand = CommandsOf<typeof agendaCommandSchemas>;
export type AgendaEvent = EventsOf<typeof agendaEventSchemas>;
