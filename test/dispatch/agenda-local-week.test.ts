import { afterAll, describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { HOUR_MS, officeCalendar } from '../../src/domain/index.js';
import type { EngineerWeek } from '../../src/projections/agenda-week.js';
import { steppingClock } from '../support/clock.js';
import { temporaryDatabase } from '../support/files.js';
import { command, logCallRequest, staff } from '../support/pipeline.js';
import { scheduleAt, training } from './support.js';

/**
 * An engineer's agenda week is the organisation's week (SetTimeZone): Monday 00:00 to the next
 * Monday 00:00 on its wall clock, as the service report counts weeks, not an ISO week in UTC.
 */

/** An organisation in `timeZone` whose engineer eve works its office hours from `from`. */
async function organisationIn(file: string, timeZone: string, from = '2026-01-01') {
  const callstream = await Callstream.open({
    file,
    customerValidation: false,
    clock: steppingClock('2026-01-05T09:00:00.000Z'),
  });
  await callstream.execute(command({ type: 'SetTimeZone', actor: staff.sam, timeZone }));
  await callstream.execute(
    command({
      type: 'DefineEngineer',
      actor: staff.sam,
      engineerId: 'eve',
      from,
      groups: ['field'],
      skills: [],
      areas: [],
      calendar: officeCalendar({ id: `office-${timeZone}`, timeZone }),
    }),
  );
  return callstream;
}

/** Hours of free working time in a week. */
const freeHours = (week: EngineerWeek): number =>
  week.freeSlots.reduce((sum, s) => sum + Date.parse(s.end) - Date.parse(s.start), 0) / HOUR_MS;
const hours = (week: EngineerWeek): number =>
  (Date.parse(week.to) - Date.parse(week.from)) / HOUR_MS;

describe("an engineer's agenda week in the organisation's zone", () => {
  const files = [temporaryDatabase(), temporaryDatabase(), temporaryDatabase()];
  afterAll(() => {
    for (const file of files) file.remove();
  });

  it('shows a Monday 08:00 visit in Tokyo in that week (Sunday 23:00 in UTC), not the week before', async () => {
    // Given an organisation in Tokyo, eve on its staff from Monday 23 November 2026, and a
    // visit Monday 08:00–09:30 in Tokyo: Sunday 22 November 23:00 in UTC, UTC's week 47
    const callstream = await organisationIn(files[0]!.path, 'Asia/Tokyo', '2026-11-23');
    try {
      const { number } = await callstream.execute(logCallRequest());
      await callstream.execute(
        scheduleAt(number, '2026-11-22T23:00:00.000Z', '2026-11-23T00:30:00.000Z'),
      );

      // When her weeks 48 and 47 are shown
      const week48 = await callstream.agenda('eve', '2026-W48');
      const week47 = await callstream.agenda('eve', '2026-W47');

      // Then week 48 runs Monday 00:00 to Monday 00:00 in Tokyo and holds the visit
      expect(week48).toMatchObject({
        timeZone: 'Asia/Tokyo',
        from: '2026-11-22T15:00:00.000Z',
        to: '2026-11-29T15:00:00.000Z',
        calendar: 'office-Asia/Tokyo',
      });
      expect(week48.visits.map((v) => [v.callNumber, v.start, v.week])).toEqual([
        [number, '2026-11-22T23:00:00.000Z', '2026-W48'],
      ]);
      // Her Monday is free from 09:30 in Tokyo; Friday's working time ends at 17:30 there
      expect(week48.freeSlots.slice(0, 2)).toEqual([
        { start: '2026-11-23T00:30:00.000Z', end: '2026-11-23T03:00:00.000Z' },
        { start: '2026-11-23T04:00:00.000Z', end: '2026-11-23T08:30:00.000Z' },
      ]);
      expect(week48.freeSlots.at(-1)).toEqual({
        start: '2026-11-27T04:00:00.000Z',
        end: '2026-11-27T08:30:00.000Z',
      });
      expect(freeHours(week48)).toBe(5 * 8.5 - 1.5);
      // And week 47 holds no visit, and eve was not yet on staff then (as of its Monday in Tokyo)
      expect(week47).toMatchObject({
        from: '2026-11-15T15:00:00.000Z',
        to: '2026-11-22T15:00:00.000Z',
        visits: [],
        calendar: null,
        freeSlots: [],
      });
    } finally {
      await callstream.close();
    }
  });

  it('shows a Sunday evening absence in New York in that week (Monday in UTC), not the week after', async () => {
    // Given an organisation in New York and an absence Sunday 29 November 2026 18:00–22:00
    // there: Sunday 23:00 to Monday 03:00 in UTC, touching UTC's week 49
    const callstream = await organisationIn(files[1]!.path, 'America/New_York');
    try {
      await callstream.execute(training('2026-11-29T23:00:00.000Z', '2026-11-30T03:00:00.000Z'));

      // When her weeks 48 and 49 are shown
      const week48 = await callstream.agenda('eve', '2026-W48');
      const week49 = await callstream.agenda('eve', '2026-W49');

      // Then the absence is in week 48, Monday 00:00 to Monday 00:00 in New York, only
      expect(week48).toMatchObject({
        from: '2026-11-23T05:00:00.000Z',
        to: '2026-11-30T05:00:00.000Z',
      });
      expect(week48.absences.map((a) => a.absenceId)).toEqual(['training-1']);
      expect(week49.absences).toEqual([]);
      expect(week49.from).toBe('2026-11-30T05:00:00.000Z');
    } finally {
      await callstream.close();
    }
  });

  it('counts the working time of a week the clocks change in Paris: 167 hours in March, 169 in October', async () => {
    // Given an organisation in Paris, where the clocks go forward on Sunday 29 March 2026
    // (week 13) and back on Sunday 25 October (week 43), and eve on its office hours
    const callstream = await organisationIn(files[2]!.path, 'Europe/Paris');
    try {
      const { number } = await callstream.execute(logCallRequest());
      // A visit Monday 23 March 08:00–09:30 in Paris (CET, +01:00)
      await callstream.execute(
        scheduleAt(number, '2026-03-23T07:00:00.000Z', '2026-03-23T08:30:00.000Z'),
      );
      // Monday 23 March 00:15–00:45 in Paris (CET): Sunday in UTC, UTC's week 12
      await callstream.execute(
        training('2026-03-22T23:15:00.000Z', '2026-03-22T23:45:00.000Z', 'spring-night'),
      );
      // Away from Friday 27 March 13:00 (CET) to Tuesday 31 March 12:00 (CEST) across the
      // change: the afternoon of week 13, the Monday and Tuesday morning of week 14
      await callstream.execute(
        training('2026-03-27T12:00:00.000Z', '2026-03-31T10:00:00.000Z', 'spring'),
      );
      // Monday 19 October 00:15–01:00 in Paris (CEST): Sunday in UTC, UTC's week 42
      await callstream.execute(
        training('2026-10-18T22:15:00.000Z', '2026-10-18T23:00:00.000Z', 'autumn-night'),
      );
      // Away from Friday 23 October 13:00 (CEST) to Tuesday 27 October 12:00 (CET)
      await callstream.execute(
        training('2026-10-23T11:00:00.000Z', '2026-10-27T11:00:00.000Z', 'autumn'),
      );

      // When weeks 12 to 14 and 42 to 44 are shown
      const week = (name: string) => callstream.agenda('eve', name);
      const [w12, w13, w14] = [
        await week('2026-W12'),
        await week('2026-W13'),
        await week('2026-W14'),
      ];
      const [w42, w43, w44] = [
        await week('2026-W42'),
        await week('2026-W43'),
        await week('2026-W44'),
      ];
      const absences = (week: EngineerWeek) => week.absences.map((a) => a.absenceId);

      // Then each runs Monday 00:00 to Monday 00:00 on Paris's clock: 167 and 169 hours long
      // where the clocks change
      expect([w13.from, w13.to]).toEqual(['2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
      expect([w43.from, w43.to]).toEqual(['2026-10-18T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
      expect([w12, w13, w14, w42, w43, w44].map(hours)).toEqual([168, 167, 168, 168, 169, 168]);
      // The night absences are on Monday in Paris: in the week that Monday starts
      expect([w12, w13, w14].map(absences)).toEqual([[], ['spring-night', 'spring'], ['spring']]);
      expect([w42, w43, w44].map(absences)).toEqual([[], ['autumn-night', 'autumn'], ['autumn']]);
      // And the free working time is the office hours (5 × 8.5 h) less what of the visit and
      // the absences falls in the week: the visit and Friday afternoon; Monday and Tuesday morning
      expect([w13, w14, w43, w44].map(freeHours)).toEqual([
        42.5 - 1.5 - 4.5,
        42.5 - 8.5 - 4,
        42.5 - 4.5,
        42.5 - 8.5 - 4,
      ]);
      // Week 13 is free from Monday 09:30 in Paris (CET) to Friday 12:00 (CET)
      expect(w13.freeSlots[0]?.start).toBe('2026-03-23T08:30:00.000Z');
      expect(w13.freeSlots.at(-1)?.end).toBe('2026-03-27T11:00:00.000Z');
      // Week 14 from Tuesday 13:00 in Paris (CEST)
      expect(w14.freeSlots[0]).toEqual({
        start: '2026-03-31T11:00:00.000Z',
        end: '2026-03-31T15:30:00.000Z',
      });
      // Week 43 until Friday 12:00 (CEST); week 44 from Tuesday 13:00 (CET)
      expect(w43.freeSlots.at(-1)?.end).toBe('2026-10-23T10:00:00.000Z');
      expect(w44.freeSlots[0]?.start).toBe('2026-10-27T12:00:00.000Z');
    } finally {
      await callstream.close();
    }
  });
});
