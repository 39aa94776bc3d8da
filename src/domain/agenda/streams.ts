import { DAY_MS } from '../calendar/civil.js';
import { DomainError } from '../shared/errors.js';
import { isoWeekOf, weeksOf } from './week.js';

/**
 * Where an engineer's agenda is kept. Visits live in one stream per engineer and ISO week
 * (UTC) they start in, `agenda-<engineerId>#<2026-W48>`, so what a visit command reads is a
 * few weeks, however many years the engineer has worked. Absences stay in the engineer's own
 * stream, `agenda-<engineerId>`, which also keeps the visits booked there before week
 * streams existed (stored events are forever: they are read there, never moved).
 */
export const AGENDA_STREAM_PREFIX = 'agenda-';
/** Not a character an id may hold (shared/schema.ts `id`): no engineer's own stream reads as another's week. */
export const AGENDA_WEEK_SEPARATOR = '#';

/** The engineer's own stream: absences, and the visits booked before week streams. */
export const agendaStreamName = (engineerId: string): string =>
  `${AGENDA_STREAM_PREFIX}${engineerId}`;

/** The stream of the visits an engineer has starting in an ISO week. */
export const agendaWeekStreamName = (engineerId: string, week: string): string =>
  `${AGENDA_STREAM_PREFIX}${engineerId}${AGENDA_WEEK_SEPARATOR}${week}`;

/** What an agenda stream's name says: whose agenda, and which week (none: the engineer's own stream). */
export interface AgendaStream {
  readonly engineerId: string;
  readonly week?: string;
}

const WEEK = /^\d{4}-W\d{2}$/;

/** The engineer and week of an agenda stream's name; undefined for a name that is not one. */
export function parseAgendaStream(streamName: string): AgendaStream | undefined {
  if (!streamName.startsWith(AGENDA_STREAM_PREFIX)) return undefined;
  const rest = streamName.slice(AGENDA_STREAM_PREFIX.length);
  const separator = rest.indexOf(AGENDA_WEEK_SEPARATOR);
  if (separator < 0) return rest === '' ? undefined : { engineerId: rest };
  const engineerId = rest.slice(0, separator);
  const week = rest.slice(separator + 1);
  return engineerId !== '' && WEEK.test(week) ? { engineerId, week } : undefined;
}

/**
 * How long a visit may last. The limit is what makes a check complete with a bounded read:
 * a visit that started before the week of another can only reach into it from the week
 * just before (see weeksToCheck).
 */
export const MAX_VISIT_DAYS = 7;

/** VisitTooLong unless [start, end) lasts at most MAX_VISIT_DAYS. */
export function ensureVisitLength(start: Date, end: Date): void {
  if (end.getTime() - start.getTime() > MAX_VISIT_DAYS * DAY_MS)
    throw new DomainError(
      'VisitTooLong',
      `A visit lasts at most ${MAX_VISIT_DAYS} days (${start.toISOString()} – ${end.toISOString()}); plan a longer job as several visits`,
      { start: start.toISOString(), end: end.toISOString(), maxDays: MAX_VISIT_DAYS },
    );
}

/**
 * How long one recorded absence may last. Recording one reads every week it spans, for the
 * visits in its way: a year is some fifty weeks; a longer absence is recorded year by year.
 */
export const MAX_ABSENCE_DAYS = 366;

/** AbsenceTooLong unless [from, until) lasts at most MAX_ABSENCE_DAYS. */
export function ensureAbsenceLength(from: Date, until: Date): void {
  if (until.getTime() - from.getTime() > MAX_ABSENCE_DAYS * DAY_MS)
    throw new DomainError(
      'AbsenceTooLong',
      `An absence lasts at most ${MAX_ABSENCE_DAYS} days (${from.toISOString()} – ${until.toISOString()}); record a longer absence year by year`,
      { from: from.toISOString(), until: until.toISOString(), maxDays: MAX_ABSENCE_DAYS },
    );
}

/**
 * The week streams that hold every visit that may overlap [start, end): the weeks it
 * touches, and the week before its first (a visit started there may reach into it).
 */
export function weeksToCheck(start: Date, end: Date): string[] {
  return [isoWeekOf(new Date(start.getTime() - 7 * DAY_MS)), ...weeksOf(start, end)];
}
