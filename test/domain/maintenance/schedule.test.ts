import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumberOf, isoDateOf } from '../../../src/domain/calendar/civil.js';
import {
  addMonths,
  calendarDueDays,
  dueOccurrences,
  localDateOf,
  localInstant,
  usageCrossings,
  usagePlannedThrough,
  type CalendarSchedule,
  type Equipment,
  type MaintenancePlan,
  type Season,
} from '../../../src/domain/index.js';

const day = (from = '2024-01-01', to = '2030-12-31') =>
  fc.integer({ min: dayNumberOf(from), max: dayNumberOf(to) }).map(isoDateOf);
const monthDay = fc
  .integer({ min: 1, max: 12 })
  .chain((month) =>
    fc
      .integer({ min: 1, max: [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]! })
      .map((d) => `${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
  );
const season = fc.option(fc.record({ from: monthDay, until: monthDay }), { nil: undefined });
const interval = fc.record({
  kind: fc.constant('interval' as const),
  every: fc.integer({ min: 1, max: 40 }),
  unit: fc.constantFrom('day' as const, 'week' as const, 'month' as const, 'year' as const),
  first: fc.option(day('2023-01-01', '2028-12-31'), { nil: undefined }),
});
/** A window of at most two years, so the brute force stays quick. */
const window = day('2024-01-01', '2028-12-31').chain((start) =>
  fc
    .integer({ min: -3, max: 730 })
    .map((length) => ({ start, until: isoDateOf(dayNumberOf(start) + length) })),
);

/** Month arithmetic by the JavaScript Date, clamped by hand: an independent way to the same days. */
function naiveAddMonths(isoDay: string, months: number): string {
  const [y, m, d] = isoDay.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(2000, 0, 1));
  target.setUTCFullYear(y, m - 1 + months, 1);
  const last = new Date(Date.UTC(2000, 0, 1));
  last.setUTCFullYear(target.getUTCFullYear(), target.getUTCMonth() + 1, 0);
  target.setUTCDate(Math.min(d, last.getUTCDate()));
  return target.toISOString().slice(0, 10);
}

function naiveInSeason(s: Season | undefined, d: string): boolean {
  if (!s) return true;
  const md = Number(d.slice(5, 7)) * 100 + Number(d.slice(8, 10));
  const from = Number(s.from.slice(0, 2)) * 100 + Number(s.from.slice(3));
  const until = Number(s.until.slice(0, 2)) * 100 + Number(s.until.slice(3));
  return from <= until ? from <= md && md <= until : md >= from || md <= until;
}

/** Is the day due? Asked of every single day of the window: the brute force the planner must equal. */
function isDue(
  schedule: Extract<CalendarSchedule, { kind: 'interval' }>,
  start: string,
  d: string,
): boolean {
  const days =
    schedule.unit === 'day' ? schedule.every : schedule.unit === 'week' ? schedule.every * 7 : 0;
  if (days > 0) {
    const first = schedule.first ?? isoDateOf(dayNumberOf(start) + days);
    return d >= first && (dayNumberOf(d) - dayNumberOf(first)) % days === 0;
  }
  const months = schedule.every * (schedule.unit === 'year' ? 12 : 1);
  const first = schedule.first ?? naiveAddMonths(start, months);
  const between =
    (Number(d.slice(0, 4)) - Number(first.slice(0, 4))) * 12 +
    Number(d.slice(5, 7)) -
    Number(first.slice(5, 7));
  return between >= 0 && between % months === 0 && naiveAddMonths(first, between) === d;
}

function everyDay(start: string, until: string): string[] {
  const days: string[] = [];
  for (let n = dayNumberOf(start); n <= dayNumberOf(until); n++) days.push(isoDateOf(n));
  return days;
}

describe('calendar schedules: the days a task falls due (E1)', () => {
  it('adds months without drifting: the end of a short month, then back to the 31st', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-01-31', 2)).toBe('2026-03-31');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(
      calendarDueDays(
        { kind: 'interval', every: 1, unit: 'month', first: '2026-01-31' },
        { start: '2026-01-01', until: '2026-05-31' },
      ),
    ).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31']);
  });

  it('counts a fire extinguisher’s year: quarterly from 15 January, and every 30 June', () => {
    const year = { start: '2026-01-01', until: '2026-12-31' };
    expect(
      calendarDueDays({ kind: 'interval', every: 3, unit: 'month', first: '2026-01-15' }, year),
    ).toEqual(['2026-01-15', '2026-04-15', '2026-07-15', '2026-10-15']);
    expect(calendarDueDays({ kind: 'yearly', dates: ['06-30'] }, year)).toEqual(['2026-06-30']);
    // Without a first day, the first occurrence is one interval after the task starts to apply.
    expect(
      calendarDueDays(
        { kind: 'interval', every: 1, unit: 'year' },
        { start: '2026-05-10', until: '2028-12-31' },
      ),
    ).toEqual(['2027-05-10', '2028-05-10']);
    expect(
      calendarDueDays(
        { kind: 'interval', every: 2, unit: 'week' },
        { start: '2026-01-01', until: '2026-02-12' },
      ),
    ).toEqual(['2026-01-15', '2026-01-29', '2026-02-12']);
  });

  it('keeps to a season, also across the new year, and to fixed dates', () => {
    const heating: Season = { from: '10-01', until: '03-31' };
    expect(
      calendarDueDays(
        { kind: 'interval', every: 1, unit: 'month', first: '2026-01-01' },
        { start: '2026-01-01', until: '2026-12-31' },
        heating,
      ),
    ).toEqual(['2026-01-01', '2026-02-01', '2026-03-01', '2026-10-01', '2026-11-01', '2026-12-01']);
    expect(
      calendarDueDays(
        { kind: 'dates', dates: ['2026-09-01', '2026-03-01', '2026-03-01', '2027-01-01'] },
        { start: '2026-01-01', until: '2026-12-31' },
      ),
    ).toEqual(['2026-03-01', '2026-09-01']);
    expect(
      calendarDueDays(
        { kind: 'yearly', dates: ['02-29', '12-31'] },
        { start: '2027-01-01', until: '2028-12-31' },
      ),
    ).toEqual(['2027-02-28', '2027-12-31', '2028-02-29', '2028-12-31']);
  });

  it('finds for any interval exactly the days a day-by-day enumeration finds', () => {
    fc.assert(
      fc.property(interval, window, season, (schedule, { start, until }, s) => {
        const expected = everyDay(start, until).filter(
          (d) => isDue(schedule, start, d) && naiveInSeason(s, d),
        );
        expect(calendarDueDays(schedule, { start, until }, s)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves out the days before a given day without moving the schedule', () => {
    // Without a first day, an interval still counts from the window's start, not from `from`.
    expect(
      calendarDueDays(
        { kind: 'interval', every: 1, unit: 'month' },
        { start: '2026-01-10', until: '2026-06-30' },
        undefined,
        '2026-04-01',
      ),
    ).toEqual(['2026-04-10', '2026-05-10', '2026-06-10']);
    const schedules = fc.oneof(
      interval,
      fc.record({
        kind: fc.constant('yearly' as const),
        dates: fc.array(monthDay, { minLength: 1, maxLength: 4 }),
      }),
      fc.record({
        kind: fc.constant('dates' as const),
        dates: fc.array(day(), { minLength: 1, maxLength: 4 }),
      }),
    );
    fc.assert(
      fc.property(
        schedules,
        window,
        season,
        day('2023-06-01', '2029-06-30'),
        (schedule, w, s, from) => {
          expect(calendarDueDays(schedule, w, s, from)).toEqual(
            calendarDueDays(schedule, w, s).filter((d) => d >= from),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds for any yearly dates exactly the days a day-by-day enumeration finds', () => {
    fc.assert(
      fc.property(
        fc.array(monthDay, { minLength: 1, maxLength: 4 }),
        window,
        (dates, { start, until }) => {
          // The month-day in that year, a day the month lacks (02-29) on the month's last day.
          const clamp = (md: string, year: number) =>
            `${year}-${md.slice(0, 2)}-${String(Math.min(Number(md.slice(3)), new Date(Date.UTC(year, Number(md.slice(0, 2)), 0)).getUTCDate())).padStart(2, '0')}`;
          const expected = everyDay(start, until).filter((d) =>
            dates.some((md) => clamp(md, Number(d.slice(0, 4))) === d),
          );
          expect(calendarDueDays({ kind: 'yearly', dates }, { start, until })).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('usage schedules: every N units of a counter', () => {
  it('makes one occurrence per reading, for the highest mark it reached', () => {
    const at = (n: number) => new Date(Date.UTC(2026, 0, n));
    const crossings = usageCrossings(
      [
        { at: at(1), total: 15_000 },
        { at: at(2), total: 21_000 },
        { at: at(3), total: 38_000 },
        { at: at(4), total: 61_000 },
      ],
      20_000,
    );
    expect(crossings.map((c) => [c.mark, c.skipped, c.index])).toEqual([
      [20_000, 0, 1],
      [60_000, 1, 3],
    ]);
  });

  it('reaches every mark between the first and the last reading exactly once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.array(fc.integer({ min: 0, max: 30_000 }), { maxLength: 40, size: 'max' }),
        fc.integer({ min: 1, max: 20_000 }),
        (base, steps, every) => {
          let total = base;
          const points = [
            { at: new Date(0), total },
            ...steps.map((step, i) => ({ at: new Date((i + 1) * 1000), total: (total += step) })),
          ];
          const crossings = usageCrossings(points, every);
          const reached = crossings
            .flatMap((c) => Array.from({ length: c.skipped + 1 }, (_, i) => c.mark - i * every))
            .sort((a, b) => a - b);
          const expected: number[] = [];
          for (let k = Math.floor(base / every) + 1; k * every <= total; k++)
            expected.push(k * every);
          expect(reached).toEqual(expected);
          expect(new Set(crossings.map((c) => c.index)).size).toBe(crossings.length);
          for (const c of crossings)
            expect(c.mark <= c.reading.total && c.reading.total < c.mark + every).toBe(true);
        },
      ),
    );
  });
});

const extinguisher = (
  serialNumber: string,
  from = '2025-06-01',
  placements: Equipment['placements'] = [{ from, customerId: 'acme', siteId: 'paris' }],
): Equipment => ({ serialNumber, item: 'extinguisher-6kg', placements });
const plan: MaintenancePlan = {
  id: 'ext',
  name: 'Fire extinguishers',
  scope: { item: 'extinguisher-6kg' },
  from: '2026-01-01',
  tasks: {
    inspection: {
      taskId: 'inspection',
      name: 'Inspection',
      service: 'preventive-maintenance',
      calendar: { kind: 'interval', every: 3, unit: 'month', first: '2026-01-15' },
    },
    service: {
      taskId: 'service',
      name: 'Service',
      service: 'preventive-maintenance',
      calendar: { kind: 'yearly', dates: ['06-30'] },
    },
  },
};
const utc = { timeZone: 'UTC', dueTime: '08:00' };

/** The plan with one calendar task per schedule instead of its own. */
const withTasks = (schedules: readonly CalendarSchedule[]): MaintenancePlan => ({
  ...plan,
  tasks: Object.fromEntries(
    schedules.map((calendar, i) => [
      `t${i}`,
      { taskId: `t${i}`, name: `Task ${i}`, service: 'preventive-maintenance' as const, calendar },
    ]),
  ),
});

describe('what a planner that knew some readings planned through', () => {
  it('is its instant, or the last reading it knew when that was earlier; everything without one', () => {
    const until = new Date('2026-06-30T12:00:00Z');
    const point = (at: string, total: number) => ({ at: new Date(at), total });
    expect(usagePlannedThrough(until, [[point('2026-06-01T00:00:00Z', 10)]])).toEqual(
      new Date('2026-06-01T00:00:00Z'),
    );
    expect(usagePlannedThrough(until, [[point('2026-07-01T00:00:00Z', 10)]])).toEqual(until);
    expect(
      usagePlannedThrough(until, [
        [point('2026-05-01T00:00:00Z', 10), point('2026-06-20T00:00:00Z', 20)],
        [point('2026-06-10T00:00:00Z', 5)],
      ]),
    ).toEqual(new Date('2026-06-10T00:00:00Z'));
    expect(usagePlannedThrough(until, [[point('2026-06-01T00:00:00Z', 10)], []])).toBeUndefined();
    expect(usagePlannedThrough(until, [undefined])).toBeUndefined();
  });
});

describe('occurrences of a plan on a piece of equipment', () => {
  it('are due at the due time of their day, for whoever owns the equipment that day', () => {
    const moved = extinguisher('EXT-1', '2025-06-01', [
      { from: '2025-06-01', customerId: 'acme', siteId: 'paris' },
      { from: '2026-05-01', customerId: 'globex', siteId: 'hq' },
    ]);
    const { occurrences } = dueOccurrences(plan, moved, {
      ...utc,
      until: new Date('2026-07-15T07:59:59Z'),
    });
    expect(
      occurrences.map((o) => [o.dueDay, o.taskId, o.customerId, o.siteId, o.dueAt.toISOString()]),
    ).toEqual([
      ['2026-01-15', 'inspection', 'acme', 'paris', '2026-01-15T08:00:00.000Z'],
      ['2026-04-15', 'inspection', 'acme', 'paris', '2026-04-15T08:00:00.000Z'],
      ['2026-06-30', 'service', 'globex', 'hq', '2026-06-30T08:00:00.000Z'],
    ]);
  });

  it('start with the installation and end with the plan, the task and the instant', () => {
    const late = extinguisher('EXT-2', '2026-05-01');
    expect(
      dueOccurrences(plan, late, {
        ...utc,
        until: new Date('2026-12-31T23:00:00Z'),
      }).occurrences.map((o) => o.dueDay),
    ).toEqual(['2026-06-30', '2026-07-15', '2026-10-15']);
    const ended: MaintenancePlan = {
      ...plan,
      until: '2026-07-14',
      tasks: { ...plan.tasks, service: { ...plan.tasks.service!, until: '2026-06-29' } },
    };
    expect(
      dueOccurrences(ended, extinguisher('EXT-1'), {
        ...utc,
        until: new Date('2026-12-31T23:00:00Z'),
      }).occurrences.map((o) => o.dueDay),
    ).toEqual(['2026-01-15', '2026-04-15']);
    expect(
      dueOccurrences({ ...plan, scope: { serialNumber: 'EXT-9' } }, extinguisher('EXT-1'), {
        ...utc,
        until: new Date('2026-12-31T23:00:00Z'),
      }).occurrences,
    ).toEqual([]);
  });

  it('fall due in the plan’s own zone, also on the day clocks change', () => {
    expect(localInstant('2026-01-15', '08:00', 'Europe/Paris').toISOString()).toBe(
      '2026-01-15T07:00:00.000Z',
    );
    expect(localInstant('2026-03-29', '08:00', 'Europe/Paris').toISOString()).toBe(
      '2026-03-29T06:00:00.000Z',
    );
    expect(localInstant('2026-03-29', '02:30', 'Europe/Paris').toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    const paris = dueOccurrences(plan, extinguisher('EXT-1'), {
      timeZone: 'Europe/Paris',
      dueTime: '08:00',
      until: new Date('2026-01-15T07:00:00Z'),
    });
    expect(paris.occurrences.map((o) => o.dueAt.toISOString())).toEqual([
      '2026-01-15T07:00:00.000Z',
    ]);
    // The Azores skip midnight on 29 March: a task due at 00:00 that day falls due at 01:00, that day.
    expect(localInstant('2026-03-29', '00:00', 'Atlantic/Azores').toISOString()).toBe(
      '2026-03-29T01:00:00.000Z',
    );
    // Clocks going back show 02:30 twice: the later showing.
    expect(localInstant('2026-10-25', '02:30', 'Europe/Paris').toISOString()).toBe(
      '2026-10-25T01:30:00.000Z',
    );
  });

  it('fall due on their own day, whatever the zone and the clock changes', () => {
    // Every day of two years, in zones whose clocks change at midnight, at 02:00, by half an hour.
    const zones = [
      'Atlantic/Azores',
      'America/Santiago',
      'America/Havana',
      'America/Asuncion',
      'Europe/Paris',
      'America/New_York',
      'Pacific/Auckland',
      'Australia/Lord_Howe',
    ];
    const wrong: string[] = [];
    for (const timeZone of zones)
      for (const isoDay of everyDay('2026-01-01', '2027-12-31'))
        for (const clock of ['00:00', '00:30', '01:00', '02:00', '02:30', '23:30']) {
          const found = localDateOf(timeZone, localInstant(isoDay, clock, timeZone));
          if (found !== isoDay) wrong.push(`${timeZone} ${isoDay} ${clock}: ${found}`);
        }
    expect(wrong).toEqual([]);
  });

  it('note a usage task on equipment without its counter instead of guessing', () => {
    const usage: MaintenancePlan = {
      ...plan,
      tasks: {
        kit: {
          taskId: 'kit',
          name: 'Kit',
          service: 'preventive-maintenance',
          usage: { meterId: 'copies', every: 1000 },
        },
      },
    };
    expect(
      dueOccurrences(usage, extinguisher('EXT-1'), {
        ...utc,
        until: new Date('2026-12-31T00:00:00Z'),
      }).notes,
    ).toMatchObject([{ taskId: 'kit', serialNumber: 'EXT-1' }]);
  });

  it('never share a key, and a later run finds every occurrence of an earlier one again', () => {
    fc.assert(
      fc.property(
        fc.array(interval, { minLength: 1, maxLength: 3 }),
        fc.array(day('2025-01-01', '2027-12-31'), { minLength: 1, maxLength: 3 }),
        day('2026-01-01', '2027-06-30'),
        fc.integer({ min: 0, max: 400 }),
        (schedules, installed, until, later) => {
          const many = withTasks(schedules);
          const run = (to: string) =>
            installed.flatMap(
              (from, i) =>
                dueOccurrences(many, extinguisher(`EXT-${i}`, from), {
                  ...utc,
                  until: new Date(`${to}T23:59:59Z`),
                }).occurrences,
            );
          const first = run(until);
          const second = run(isoDateOf(dayNumberOf(until) + later));
          expect(new Set(first.map((o) => o.key)).size).toBe(first.length);
          expect(new Set(second.map((o) => o.key)).size).toBe(second.length);
          const keys = new Set(second.map((o) => o.key));
          expect(first.every((o) => keys.has(o.key))).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('after an instant, are exactly those of the whole walk that fall due after it, in any zone', () => {
    fc.assert(
      fc.property(
        fc.array(interval, { minLength: 1, maxLength: 3 }),
        day('2025-01-01', '2027-12-31'),
        fc.constantFrom('UTC', 'Europe/Paris', 'America/New_York', 'Pacific/Auckland'),
        fc.constantFrom('00:00', '08:00', '23:30'),
        fc.integer({
          min: Date.parse('2025-06-01T00:00:00Z'),
          max: Date.parse('2027-06-30T00:00:00Z'),
        }),
        fc.nat(),
        (schedules, installed, timeZone, dueTime, afterMs, pick) => {
          const many = withTasks(schedules);
          const options = { timeZone, dueTime, until: new Date('2027-12-31T00:00:00Z') };
          const unit = extinguisher('EXT-1', installed);
          const whole = dueOccurrences(many, unit, options).occurrences;
          // Any instant, and instants at and around a due instant (the local day's edge).
          const near = whole[pick % Math.max(1, whole.length)]?.dueAt.getTime() ?? afterMs;
          for (const at of [afterMs, near, near - 1, near + 1, near - 6 * 3_600_000]) {
            const after = new Date(at);
            expect(dueOccurrences(many, unit, { ...options, after }).occurrences).toEqual(
              whole.filter((o) => o.dueAt > after),
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
