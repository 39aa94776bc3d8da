import {
  type CalendarDefinition,
  type Weekday,
  type WorkingInterval,
  parseCalendar,
} from './schema.js';

/** 24×7 (every instant counts, holidays included), for emergencies. The zone is UTC for display only. */
export const alwaysOpen: CalendarDefinition = Object.freeze({
  kind: 'always-open',
  id: '24x7',
  timeZone: 'UTC',
});

/** Office hours: 08:00–12:00 and 13:00–17:30. */
export const standardOfficeHours: readonly WorkingInterval[] = Object.freeze([
  Object.freeze({ from: '08:00', to: '12:00' }),
  Object.freeze({ from: '13:00', to: '17:30' }),
]);

export const mondayToFriday: readonly Weekday[] = Object.freeze([
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
] as const);

export interface OfficeCalendarOptions {
  readonly id: string;
  /** IANA zone, e.g. Europe/Paris. */
  readonly timeZone: string;
  /** Whole local days off, YYYY-MM-DD. */
  readonly holidays?: readonly string[];
  /** Working days; Monday to Friday unless said. */
  readonly days?: readonly Weekday[];
  /** The same hours on every working day; standardOfficeHours unless said. */
  readonly hours?: readonly WorkingInterval[];
}

/**
 * A typical office calendar: the same hours on each working day (by default Monday to
 * Friday, 08:00–12:00 and 13:00–17:30), closed on holidays. Validated: throws DomainError
 * `InvalidCalendar` for an unknown zone, a malformed date or overlapping hours.
 */
export function officeCalendar(options: OfficeCalendarOptions): CalendarDefinition {
  const days = new Set(options.days ?? mondayToFriday);
  const hours = (options.hours ?? standardOfficeHours).map((interval) => ({
    from: interval.from,
    to: interval.to,
  }));
  const hoursOn = (weekday: Weekday) =>
    days.has(weekday) ? hours.map((interval) => ({ ...interval })) : [];
  return parseCalendar({
    kind: 'business-hours',
    id: options.id,
    timeZone: options.timeZone,
    workingHours: {
      monday: hoursOn('monday'),
      tuesday: hoursOn('tuesday'),
      wednesday: hoursOn('wednesday'),
      thursday: hoursOn('thursday'),
      friday: hoursOn('friday'),
      saturday: hoursOn('saturday'),
      sunday: hoursOn('sunday'),
    },
    holidays: [...(options.holidays ?? [])],
  });
}
