import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  addWorkingTime,
  addWorkingTimeWithPauses,
  alwaysOpen,
  isWorkingTime,
  localDateOf,
  nextWorkingInstant,
  officeCalendar,
  parseCalendar,
  workingTimeBetween,
  workingTimeBetweenExcluding,
  zoneOffsetAt,
} from '../../../src/domain/calendar/index.js';
import { DomainError } from '../../../src/domain/shared/errors.js';
import {
  at,
  frenchHolidays2026,
  given,
  hours,
  italianHolidays2026,
  minutes,
} from './calendar-spec.js';

/** Mon–Fri 08:00–12:00 and 13:00–17:00, Paris time, French holidays. */
const parisOffice = officeCalendar({
  id: 'paris-office',
  timeZone: 'Europe/Paris',
  hours: [
    { from: '08:00', to: '12:00' },
    { from: '13:00', to: '17:00' },
  ],
  holidays: frenchHolidays2026,
});

/** The same hours in Rome, with Italian holidays. */
const romeOffice = officeCalendar({
  id: 'rome-office',
  timeZone: 'Europe/Rome',
  hours: [
    { from: '08:00', to: '12:00' },
    { from: '13:00', to: '17:00' },
  ],
  holidays: italianHolidays2026,
});

/** Paris, every day round the clock (wall-clock days: 23 or 25 hours when clocks change). */
const parisRoundTheClock = parseCalendar({
  kind: 'business-hours',
  id: 'paris-7x24',
  timeZone: 'Europe/Paris',
  workingHours: Object.fromEntries(
    ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => [
      d,
      [{ from: '00:00', to: '24:00' }],
    ]),
  ),
});

describe('business hours: the clock runs in working hours only', () => {
  it('a call logged Friday 17:30 in Paris with 4 business hours is due Monday 12:00 (08:00–12:00 on Monday; the clock stops at the lunch break)', () => {
    given(parisOffice)
      .loggedAt('2026-03-06T17:30+01:00')
      .withTarget(hours(4))
      .thenDueAt('2026-03-09T12:00+01:00');
  });

  it('a target running out exactly at closing time is due at the closing time, not at the next opening', () => {
    given(parisOffice)
      .loggedAt('2026-03-09T09:00+01:00')
      .withTarget(hours(3))
      .thenDueAt('2026-03-09T12:00+01:00');
  });

  it('the clock continues after the lunch break and over the weekend', () => {
    given(parisOffice)
      .loggedAt('2026-03-06T11:00+01:00')
      .withTarget(hours(1) + minutes(30))
      .thenDueAt('2026-03-06T13:30+01:00');
    given(parisOffice)
      .loggedAt('2026-03-06T16:00+01:00')
      .withTarget(hours(4))
      .thenDueAt('2026-03-09T11:00+01:00');
  });

  it('a holiday on the Monday (Easter Monday) pushes the due time to Tuesday 12:00', () => {
    given(parisOffice)
      .loggedAt('2026-04-03T17:30+02:00')
      .withTarget(hours(4))
      .thenDueAt('2026-04-07T12:00+02:00');
    const noHolidays = officeCalendar({
      id: 'paris-no-holidays',
      timeZone: 'Europe/Paris',
      hours: [
        { from: '08:00', to: '12:00' },
        { from: '13:00', to: '17:00' },
      ],
    });
    given(noHolidays)
      .loggedAt('2026-04-03T17:30+02:00')
      .withTarget(hours(4))
      .thenDueAt('2026-04-06T12:00+02:00');
  });

  it('counts working time between two instants: a Friday and a Monday morning, nothing at the weekend or on a holiday', () => {
    given(parisOffice)
      .between('2026-03-06T10:00+01:00', '2026-03-09T10:00+01:00')
      .thenWorkingTime(hours(2 + 4 + 2));
    given(parisOffice)
      .between('2026-03-07T00:00+01:00', '2026-03-09T00:00+01:00')
      .thenWorkingTime(0);
    given(parisOffice)
      .between('2026-04-06T00:00+02:00', '2026-04-07T00:00+02:00')
      .thenWorkingTime(0);
    given(parisOffice)
      .between('2026-03-09T10:00+01:00', '2026-03-06T10:00+01:00')
      .thenWorkingTime(0); // backwards
  });

  it('keeps seconds and milliseconds: nothing is rounded to the minute', () => {
    given(parisOffice)
      .loggedAt('2026-03-09T10:00:30.250+01:00')
      .withTarget(90_000)
      .thenDueAt('2026-03-09T10:02:00.250+01:00');
    given(parisOffice)
      .between('2026-03-09T11:59:59.999+01:00', '2026-03-09T13:00:00.001+01:00')
      .thenWorkingTime(2);
  });

  it('a start outside working hours counts from the next opening; a zero target at a closed time is due at the start itself', () => {
    const saturday = at('2026-03-07T10:00+01:00');
    expect(nextWorkingInstant(parisOffice, saturday).toISOString()).toBe(
      at('2026-03-09T08:00+01:00').toISOString(),
    );
    expect(addWorkingTime(parisOffice, saturday, 1).toISOString()).toBe('2026-03-09T07:00:00.001Z');
    expect(addWorkingTime(parisOffice, saturday, 0)).toEqual(saturday);
    expect(addWorkingTime(parisOffice, saturday, 0)).not.toBe(saturday); // a new Date, never the caller's
    expect(isWorkingTime(parisOffice, saturday)).toBe(false);
    expect(isWorkingTime(parisOffice, at('2026-03-09T08:00+01:00'))).toBe(true); // opening counts
    expect(isWorkingTime(parisOffice, at('2026-03-09T12:00+01:00'))).toBe(false); // closing does not
  });
});

describe('pauses: a stopped clock', () => {
  it('a pause over a weekend does not change the elapsed working time, nor the due time', () => {
    const weekend = { from: '2026-03-06T17:00+01:00', to: '2026-03-09T08:00+01:00' };
    given(parisOffice)
      .between('2026-03-06T10:00+01:00', '2026-03-09T10:00+01:00')
      .pausedDuring(weekend)
      .thenWorkingTime(hours(8));
    given(parisOffice)
      .loggedAt('2026-03-06T16:00+01:00')
      .pausedDuring(weekend)
      .withTarget(hours(4))
      .thenDueAt('2026-03-09T11:00+01:00');
  });

  it('a pause in working hours stops the clock and moves the due time', () => {
    const waitingForCustomer = { from: '2026-03-09T08:00+01:00', to: '2026-03-09T09:30+01:00' };
    given(parisOffice)
      .between('2026-03-06T10:00+01:00', '2026-03-09T10:00+01:00')
      .pausedDuring(waitingForCustomer)
      .thenWorkingTime(hours(6.5));
    given(parisOffice)
      .loggedAt('2026-03-06T16:00+01:00')
      .pausedDuring(waitingForCustomer)
      .withTarget(hours(4))
      .thenDueAt('2026-03-09T13:30+01:00');
  });

  it('overlapping pauses are not subtracted twice', () => {
    given(parisOffice)
      .between('2026-03-09T08:00+01:00', '2026-03-09T17:00+01:00')
      .pausedDuring(
        { from: '2026-03-09T09:00+01:00', to: '2026-03-09T11:00+01:00' },
        { from: '2026-03-09T10:00+01:00', to: '2026-03-09T14:00+01:00' },
      )
      .thenWorkingTime(hours(8 - 4));
  });

  it('a pause without end lasts until the end of the span counted', () => {
    given(parisOffice)
      .between('2026-03-09T08:00+01:00', '2026-03-09T17:00+01:00')
      .pausedDuring({ from: '2026-03-09T15:00+01:00' })
      .thenWorkingTime(hours(6));
  });

  it('a clock stopped by a pause without end has no due time while the pause lasts, unless the target runs out before it', () => {
    given(parisOffice)
      .loggedAt('2026-03-09T08:00+01:00')
      .pausedDuring({ from: '2026-03-09T10:00+01:00' })
      .withTarget(hours(4))
      .thenNoDueTime();
    given(parisOffice)
      .loggedAt('2026-03-09T08:00+01:00')
      .pausedDuring({ from: '2026-03-09T15:00+01:00' })
      .withTarget(hours(4))
      .thenDueAt('2026-03-09T12:00+01:00');
  });

  it('a pause begun before the call holds its clock from the start; pauses before the start are ignored', () => {
    given(parisOffice)
      .loggedAt('2026-03-09T09:00+01:00')
      .pausedDuring(
        { from: '2026-03-06T09:00+01:00', to: '2026-03-06T10:00+01:00' },
        { from: '2026-03-09T08:00+01:00', to: '2026-03-09T10:00+01:00' },
      )
      .withTarget(hours(2))
      .thenDueAt('2026-03-09T12:00+01:00');
  });

  it('a pause ending before it starts is refused', () => {
    const bad = [{ from: at('2026-03-09T10:00+01:00'), to: at('2026-03-09T09:00+01:00') }];
    expect(() =>
      workingTimeBetweenExcluding(
        parisOffice,
        at('2026-03-09T08:00+01:00'),
        at('2026-03-09T17:00+01:00'),
        bad,
      ),
    ).toThrow(DomainError);
  });
});

describe('time zones and holidays: the calendar decides, not where the call comes from', () => {
  const loggedInRome = at('2026-06-01T17:00+02:00'); // Monday 1 June, 17:00 in Rome

  it('Rome and Paris share an offset: the same instant has the same local date in both', () => {
    expect(zoneOffsetAt('Europe/Rome', loggedInRome)).toBe(hours(2));
    expect(zoneOffsetAt('Europe/Paris', loggedInRome)).toBe(hours(2));
    expect(localDateOf('Europe/Rome', loggedInRome)).toBe('2026-06-01');
  });

  it('counted against the Paris calendar, a call logged in Rome is due on 2 June (a working day in France)', () => {
    given(parisOffice)
      .loggedAt('2026-06-01T17:00+02:00')
      .withTarget(hours(4))
      .thenDueAt('2026-06-02T12:00+02:00');
  });

  it('counted against the Italian calendar, 2 June (Festa della Repubblica) is off: due on 3 June', () => {
    given(romeOffice)
      .loggedAt('2026-06-01T17:00+02:00')
      .withTarget(hours(4))
      .thenDueAt('2026-06-03T12:00+02:00');
    given(romeOffice)
      .between('2026-06-02T00:00+02:00', '2026-06-03T00:00+02:00')
      .thenWorkingTime(0);
    given(parisOffice)
      .between('2026-06-02T00:00+02:00', '2026-06-03T00:00+02:00')
      .thenWorkingTime(hours(8));
  });

  it('a holiday is a whole local day: in New York, 4 July starts and ends at New York midnight', () => {
    const newYork = officeCalendar({
      id: 'ny',
      timeZone: 'America/New_York',
      days: ['saturday'],
      hours: [{ from: '00:00', to: '24:00' }],
      holidays: ['2026-07-04'],
    });
    given(newYork)
      .between('2026-07-03T00:00-04:00', '2026-07-12T00:00-04:00')
      .thenWorkingTime(hours(24)); // Saturday 11 July only
    expect(isWorkingTime(newYork, at('2026-07-04T23:59-04:00'))).toBe(false);
    expect(isWorkingTime(newYork, at('2026-07-05T02:00Z'))).toBe(false); // still 4 July in New York
  });
});

describe('daylight saving time: working hours are wall-clock hours', () => {
  it('a round-the-clock day lasts 23 hours on the last Sunday of March and 25 hours on the last Sunday of October (Paris)', () => {
    given(parisRoundTheClock)
      .between('2026-03-29T00:00+01:00', '2026-03-30T00:00+02:00')
      .thenWorkingTime(hours(23));
    given(parisRoundTheClock)
      .between('2026-10-25T00:00+02:00', '2026-10-26T00:00+01:00')
      .thenWorkingTime(hours(25));
    given(parisRoundTheClock)
      .between('2026-03-28T00:00+01:00', '2026-03-29T00:00+01:00')
      .thenWorkingTime(hours(24));
  });

  it('office hours on a DST change day last as long as on any other day', () => {
    const sundays = officeCalendar({
      id: 'paris-sundays',
      timeZone: 'Europe/Paris',
      days: ['sunday'],
      hours: [
        { from: '08:00', to: '12:00' },
        { from: '13:00', to: '17:00' },
      ],
    });
    given(sundays)
      .between('2026-03-29T00:00+01:00', '2026-03-30T00:00+02:00')
      .thenWorkingTime(hours(8));
    given(sundays)
      .between('2026-10-25T00:00+02:00', '2026-10-26T00:00+01:00')
      .thenWorkingTime(hours(8));
    given(sundays)
      .loggedAt('2026-03-28T12:00+01:00')
      .withTarget(hours(1))
      .thenDueAt('2026-03-29T09:00+02:00');
  });

  it('a night shift over the change counts the wall clock: the skipped hour is not worked, the repeated hour is worked twice', () => {
    const nights = officeCalendar({
      id: 'paris-nights',
      timeZone: 'Europe/Paris',
      days: ['sunday'],
      hours: [{ from: '01:00', to: '04:00' }],
    });
    given(nights)
      .between('2026-03-29T00:00+01:00', '2026-03-30T00:00+02:00')
      .thenWorkingTime(hours(2));
    given(nights)
      .between('2026-10-25T00:00+02:00', '2026-10-26T00:00+01:00')
      .thenWorkingTime(hours(4));
    given(nights)
      .loggedAt('2026-10-25T01:30+02:00')
      .withTarget(hours(2))
      .thenDueAt('2026-10-25T02:30+01:00'); // the second 02:30
  });

  it('hours starting in the skipped hour start when the clocks jump forward', () => {
    const early = officeCalendar({
      id: 'paris-early',
      timeZone: 'Europe/Paris',
      days: ['sunday'],
      hours: [{ from: '02:30', to: '05:00' }],
    });
    given(early)
      .between('2026-03-29T00:00+01:00', '2026-03-30T00:00+02:00')
      .thenWorkingTime(hours(2));
    expect(nextWorkingInstant(early, at('2026-03-29T00:00+01:00')).toISOString()).toBe(
      '2026-03-29T01:00:00.000Z',
    ); // 03:00 CEST
  });

  it('a clock crossing the change weekend ends at the right local hour: Friday 16:00 CET + 2h is Monday 09:00 CEST', () => {
    given(parisOffice)
      .loggedAt('2026-03-27T16:00+01:00')
      .withTarget(hours(2))
      .thenDueAt('2026-03-30T09:00+02:00');
    given(parisOffice)
      .loggedAt('2026-10-23T16:00+02:00')
      .withTarget(hours(2))
      .thenDueAt('2026-10-26T09:00+01:00');
  });

  it('in Havana the clocks change at midnight: the Sunday starts at 01:00 in March, and its first hour comes twice in November', () => {
    const weekends = officeCalendar({
      id: 'havana-weekends',
      timeZone: 'America/Havana',
      days: ['saturday', 'sunday'],
      hours: [{ from: '00:00', to: '24:00' }],
    });
    const sundays = officeCalendar({
      id: 'havana-sundays',
      timeZone: 'America/Havana',
      days: ['sunday'],
      hours: [{ from: '00:00', to: '24:00' }],
    });
    given(sundays)
      .between('2026-03-07T00:00-05:00', '2026-03-10T00:00-04:00')
      .thenWorkingTime(hours(23));
    given(sundays)
      .between('2026-10-31T00:00-04:00', '2026-11-03T00:00-05:00')
      .thenWorkingTime(hours(25));
    given(weekends)
      .between('2026-10-31T00:00-04:00', '2026-11-03T00:00-05:00')
      .thenWorkingTime(hours(24 + 25));
    expect(nextWorkingInstant(sundays, at('2026-03-07T12:00-05:00')).toISOString()).toBe(
      at('2026-03-08T01:00-04:00').toISOString(),
    );
    expect(isWorkingTime(sundays, at('2026-11-01T00:30-05:00'))).toBe(true); // the second 00:30 is still Sunday
  });

  it('in New York the clocks change on other Sundays (second of March, first of November)', () => {
    const newYorkNights = officeCalendar({
      id: 'ny-nights',
      timeZone: 'America/New_York',
      days: ['sunday'],
      hours: [{ from: '00:00', to: '06:00' }],
    });
    given(newYorkNights)
      .between('2026-03-08T00:00-05:00', '2026-03-09T00:00-04:00')
      .thenWorkingTime(hours(5));
    given(newYorkNights)
      .between('2026-11-01T00:00-04:00', '2026-11-02T00:00-05:00')
      .thenWorkingTime(hours(7));
    given(newYorkNights)
      .between('2026-03-29T00:00-04:00', '2026-03-30T00:00-04:00')
      .thenWorkingTime(hours(6));
  });
});

describe('24×7: every instant counts', () => {
  it('equals wall time, weekends and DST change days included', () => {
    given(alwaysOpen)
      .between('2026-03-27T16:00+01:00', '2026-03-30T09:00+02:00')
      .thenWorkingTime(hours(64));
    given(alwaysOpen)
      .loggedAt('2026-03-28T23:30:15.500+01:00')
      .withTarget(hours(4))
      .thenDueAt('2026-03-29T04:30:15.500+02:00');
    given(alwaysOpen).loggedAt('2026-12-25T10:00Z').withTarget(0).thenDueAt('2026-12-25T10:00Z');
    expect(isWorkingTime(alwaysOpen, at('2026-12-25T03:00Z'))).toBe(true);
  });

  it('a round-the-clock business calendar in Paris also equals wall time, across the clock changes', () => {
    given(parisRoundTheClock)
      .between('2026-03-27T16:00+01:00', '2026-11-02T09:00+01:00')
      .thenWorkingTime(
        at('2026-11-02T09:00+01:00').getTime() - at('2026-03-27T16:00+01:00').getTime(),
      );
    given(parisRoundTheClock)
      .loggedAt('2026-03-28T23:30+01:00')
      .withTarget(hours(4))
      .thenDueAt('2026-03-29T04:30+02:00');
  });

  it('pauses stop a 24×7 clock too', () => {
    given(alwaysOpen)
      .loggedAt('2026-03-06T10:00Z')
      .pausedDuring({ from: '2026-03-06T11:00Z', to: '2026-03-06T12:00Z' })
      .withTarget(hours(4))
      .thenDueAt('2026-03-06T15:00Z');
  });
});

describe('long spans and refusals', () => {
  it('counts a year of office hours day by day: 2026 in Paris has 252 working days of 8 hours', () => {
    // 261 weekdays in 2026, minus the 9 French holidays that fall on a weekday (15 August and 1 November are weekends)
    given(parisOffice)
      .between('2026-01-01T00:00+01:00', '2027-01-01T00:00+01:00')
      .thenWorkingTime(hours(252 * 8));
    given(parisOffice)
      .loggedAt('2026-01-01T00:00+01:00')
      .withTarget(hours(252 * 8))
      .thenDueAt('2026-12-31T17:00+01:00');
  });

  it('refuses a negative or non-finite duration, and an invalid instant', () => {
    const start = at('2026-03-09T08:00+01:00');
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return error instanceof DomainError ? error.code : 'not a DomainError';
      }
      return 'no error';
    };
    expect(code(() => addWorkingTime(parisOffice, start, -1))).toBe('InvalidDuration');
    expect(code(() => addWorkingTime(parisOffice, start, Number.NaN))).toBe('InvalidDuration');
    expect(code(() => addWorkingTimeWithPauses(parisOffice, start, Infinity, []))).toBe(
      'InvalidDuration',
    );
    expect(code(() => workingTimeBetween(parisOffice, new Date(Number.NaN), start))).toBe(
      'InvalidInstant',
    );
    expect(code(() => addWorkingTime(parisOffice, new Date(8.64e15), 1))).toBe('InstantOutOfRange');
  });

  it('needs no warm-up: results do not depend on which days were computed before', () => {
    const fresh = officeCalendar({
      id: 'paris-fresh',
      timeZone: 'Europe/Paris',
      hours: [
        { from: '08:00', to: '12:00' },
        { from: '13:00', to: '17:00' },
      ],
      holidays: frenchHolidays2026,
    });
    const start = at('2026-04-03T17:30+02:00');
    expect(addWorkingTime(fresh, start, hours(4))).toEqual(
      addWorkingTime(parisOffice, start, hours(4)),
    );
    expect(workingTimeBetween(fresh, start, new Date(start.getTime() + 30 * DAY_MS))).toBe(
      workingTimeBetween(parisOffice, start, new Date(start.getTime() + 30 * DAY_MS)),
    );
  });
});
