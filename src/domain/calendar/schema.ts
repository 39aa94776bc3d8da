import { z } from 'zod';
import { DomainError } from '../shared/errors.js';
import { day, id } from '../shared/schema.js';
import { minutesOfClock } from './civil.js';
import { isValidTimeZone } from './zone.js';

/**
 * A business calendar as data: validated at the boundary, stored with the policy that
 * uses it. Working hours are local wall-clock intervals per weekday in the calendar's
 * IANA zone; holidays are whole local days off. An `always-open` calendar counts every
 * minute (24×7, for emergencies).
 */

export const weekdays = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof weekdays)[number];

/** Weekday names in JavaScript's order (index 0 is Sunday), to read a weekday index. */
export const weekdaysFromSunday: readonly Weekday[] = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
];

/** A local clock time HH:MM, from 00:00 to 24:00 (24:00 is the end of the day). */
export const clockTime = z
  .string()
  .regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'A local time HH:MM from 00:00 to 24:00')
  .meta({ description: 'A local wall-clock time HH:MM; 24:00 ends the day' });

/** Working time from `from` (included) to `to` (excluded), local wall-clock time. */
export const workingInterval = z
  .object({ from: clockTime, to: clockTime })
  .refine((interval) => minutesOfClock(interval.from) < minutesOfClock(interval.to), {
    error: 'A working interval ends after it starts',
    path: ['to'],
  });
export type WorkingInterval = z.output<typeof workingInterval>;

/** The working intervals of one weekday, in any order, none overlapping (touching is fine). */
export const dayHours = z
  .array(workingInterval)
  .max(48)
  .superRefine((intervals, ctx) => {
    const sorted = intervals
      .map((interval) => [minutesOfClock(interval.from), minutesOfClock(interval.to)] as const)
      .sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < sorted.length; i++) {
      if ((sorted[i - 1]?.[1] ?? 0) > (sorted[i]?.[0] ?? 0)) {
        ctx.addIssue({ code: 'custom', message: 'Working intervals of a day must not overlap' });
        return;
      }
    }
  });

export const weeklyHours = z
  .object({
    monday: dayHours.default([]),
    tuesday: dayHours.default([]),
    wednesday: dayHours.default([]),
    thursday: dayHours.default([]),
    friday: dayHours.default([]),
    saturday: dayHours.default([]),
    sunday: dayHours.default([]),
  })
  .refine((week) => weekdays.some((weekday) => week[weekday].length > 0), {
    error: 'A business-hours calendar has working hours on at least one weekday',
  });
export type WeeklyHours = z.output<typeof weeklyHours>;

/** An IANA time zone name the runtime knows, e.g. Europe/Paris. */
export const timeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isValidTimeZone, 'An IANA time zone such as Europe/Paris')
  .meta({ description: 'An IANA time zone, e.g. Europe/Paris' });

export const businessHoursCalendar = z.object({
  kind: z.literal('business-hours'),
  id,
  timeZone,
  workingHours: weeklyHours,
  /** Whole local days off (YYYY-MM-DD), whatever the weekday. */
  holidays: z.array(day).max(10_000).default([]),
});
export type BusinessHoursCalendar = z.output<typeof businessHoursCalendar>;

export const alwaysOpenCalendar = z.object({
  kind: z.literal('always-open'),
  id,
  /** Only for display and reports: every instant counts, so the zone changes nothing in the arithmetic. */
  timeZone: timeZone.default('UTC'),
});
export type AlwaysOpenCalendar = z.output<typeof alwaysOpenCalendar>;

export const calendarDefinition = z
  .discriminatedUnion('kind', [businessHoursCalendar, alwaysOpenCalendar])
  .meta({
    description:
      'A business calendar: working hours per weekday in a time zone, and holidays; or 24×7',
  });

/** A validated calendar, as the functions of this module take it. */
export type CalendarDefinition = z.output<typeof calendarDefinition>;
/** A calendar as written in JSON or by hand (defaults not yet applied). */
export type CalendarDefinitionInput = z.input<typeof calendarDefinition>;

/** Validates a calendar; throws DomainError `InvalidCalendar` with the zod issues. */
export function parseCalendar(input: unknown): CalendarDefinition {
  const result = calendarDefinition.safeParse(input);
  if (!result.success) {
    throw new DomainError('InvalidCalendar', `Invalid calendar: ${z.prettifyError(result.error)}`, {
      issues: result.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
      })),
    });
  }
  return result.data;
}
