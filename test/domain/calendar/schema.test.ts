import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  alwaysOpen,
  alwaysOpenCalendar,
  calendarDefinition,
  officeCalendar,
  parseCalendar,
  standardOfficeHours,
  workingTimeBetween,
} from '../../../src/domain/calendar/index.js';
import { DomainError } from '../../../src/domain/shared/errors.js';
import { at, hours } from './calendar-spec.js';

const valid = {
  kind: 'business-hours',
  id: 'paris-office',
  timeZone: 'Europe/Paris',
  workingHours: {
    monday: [
      { from: '13:00', to: '17:30' },
      { from: '08:00', to: '12:00' },
    ],
    saturday: [{ from: '20:00', to: '24:00' }],
  },
  holidays: ['2026-07-14'],
};

const issues = (input: unknown) => {
  const result = calendarDefinition.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe('calendar definitions are data, validated at the boundary', () => {
  it('accepts several intervals a day in any order, an interval ending at 24:00, and fills missing weekdays with none', () => {
    const calendar = parseCalendar(valid);
    expect(calendar.kind).toBe('business-hours');
    if (calendar.kind !== 'business-hours') return;
    expect(calendar.workingHours.tuesday).toEqual([]);
    expect(calendar.workingHours.saturday).toEqual([{ from: '20:00', to: '24:00' }]);
  });

  it('survives a JSON round trip unchanged, and the stored copy counts the same', () => {
    const calendar = parseCalendar(valid);
    const stored = parseCalendar(JSON.parse(JSON.stringify(calendar)));
    expect(stored).toEqual(calendar);
    const from = at('2026-07-13T00:00+02:00');
    const to = at('2026-07-19T00:00+02:00');
    expect(workingTimeBetween(stored, from, to)).toBe(hours(8.5 + 4)); // Monday; Tuesday 14 July off anyway; Saturday evening
  });

  it('has a JSON Schema, so other systems can write calendars', () => {
    expect(() => z.toJSONSchema(calendarDefinition, { io: 'input' })).not.toThrow();
  });

  it('refuses an unknown time zone', () => {
    expect(issues({ ...valid, timeZone: 'Europe/Atlantis' })).toContain(
      'An IANA time zone such as Europe/Paris',
    );
  });

  it('refuses malformed or impossible times and dates', () => {
    expect(
      issues({ ...valid, workingHours: { monday: [{ from: '8:00', to: '12:00' }] } }),
    ).not.toEqual([]);
    expect(
      issues({ ...valid, workingHours: { monday: [{ from: '23:00', to: '24:30' }] } }),
    ).not.toEqual([]);
    expect(issues({ ...valid, holidays: ['2026-02-30'] })).not.toEqual([]);
    expect(issues({ ...valid, holidays: ['14/07/2026'] })).not.toEqual([]);
  });

  it('refuses an interval that does not end after it starts, and overlapping intervals in a day', () => {
    expect(
      issues({ ...valid, workingHours: { monday: [{ from: '12:00', to: '12:00' }] } }),
    ).toContain('A working interval ends after it starts');
    expect(
      issues({
        ...valid,
        workingHours: {
          monday: [
            { from: '08:00', to: '12:30' },
            { from: '12:00', to: '17:00' },
          ],
        },
      }),
    ).toContain('Working intervals of a day must not overlap');
    expect(
      issues({
        ...valid,
        workingHours: {
          monday: [
            { from: '08:00', to: '12:00' },
            { from: '12:00', to: '17:00' },
          ],
        },
      }),
    ).toEqual([]); // touching is fine
  });

  it('refuses a business calendar that never opens (its clocks would never run out)', () => {
    expect(issues({ ...valid, workingHours: {} })).toContain(
      'A business-hours calendar has working hours on at least one weekday',
    );
  });

  it('parseCalendar says no with a DomainError listing the issues', () => {
    try {
      parseCalendar({ ...valid, timeZone: 'Nowhere/Land' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('InvalidCalendar');
      expect((error as DomainError).details.issues).toEqual([
        { path: 'timeZone', message: 'An IANA time zone such as Europe/Paris' },
      ]);
    }
  });

  it('the functions validate a calendar built by hand too', () => {
    const broken = { ...parseCalendar(valid), timeZone: 'Nowhere/Land' };
    expect(() =>
      workingTimeBetween(broken, at('2026-07-13T00:00Z'), at('2026-07-14T00:00Z')),
    ).toThrow(DomainError);
  });
});

describe('ready-made calendars', () => {
  it('alwaysOpen is a valid 24×7 calendar in UTC', () => {
    expect(alwaysOpenCalendar.parse(alwaysOpen)).toEqual({
      kind: 'always-open',
      id: '24x7',
      timeZone: 'UTC',
    });
  });

  it('officeCalendar gives Monday to Friday 08:00–12:00 and 13:00–17:30 by default', () => {
    const calendar = officeCalendar({
      id: 'lyon',
      timeZone: 'Europe/Paris',
      holidays: ['2026-05-01'],
    });
    expect(calendar).toEqual({
      kind: 'business-hours',
      id: 'lyon',
      timeZone: 'Europe/Paris',
      workingHours: {
        monday: standardOfficeHours,
        tuesday: standardOfficeHours,
        wednesday: standardOfficeHours,
        thursday: standardOfficeHours,
        friday: standardOfficeHours,
        saturday: [],
        sunday: [],
      },
      holidays: ['2026-05-01'],
    });
    expect(
      workingTimeBetween(calendar, at('2026-04-27T00:00+02:00'), at('2026-05-04T00:00+02:00')),
    ).toBe(hours(4 * 8.5)); // 1 May off
  });

  it('officeCalendar refuses an unknown zone', () => {
    expect(() => officeCalendar({ id: 'x', timeZone: 'Mars/Olympus' })).toThrow(DomainError);
  });
});
