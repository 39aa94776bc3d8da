import { afterAll, describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { isoWeek, isoWeekOf, weeksOf } from '../../src/domain/index.js';
import { childProcessBudget, cli, json } from '../support/cli.js';
import { steppingClock } from '../support/clock.js';
import { temporaryDatabase } from '../support/files.js';
import { command, logCallRequest } from '../support/pipeline.js';
import { defineEngineer, schedule, training, tuesday } from './support.js';

describe('ISO weeks', () => {
  it('spans Monday to Monday, UTC; names the week of an instant; lists the weeks a span touches', () => {
    expect(isoWeek('2026-W48')).toMatchObject({
      from: new Date('2026-11-23T00:00:00Z'),
      to: new Date('2026-11-30T00:00:00Z'),
    });
    expect(isoWeekOf(new Date('2026-11-29T23:59:00Z'))).toBe('2026-W48');
    expect(isoWeekOf(new Date('2027-01-01T00:00:00Z'))).toBe('2026-W53');
    expect(weeksOf(new Date('2026-11-29T22:00:00Z'), new Date('2026-11-30T02:00:00Z'))).toEqual([
      '2026-W48',
      '2026-W49',
    ]);
    expect(weeksOf(new Date('2026-11-29T22:00:00Z'), new Date('2026-11-30T00:00:00Z'))).toEqual([
      '2026-W48',
    ]);
    expect(() => isoWeek('2026-W54')).toThrow(expect.objectContaining({ code: 'InvalidWeek' }));
  });
});

describe('callstream agenda (issue 21)', () => {
  const file = temporaryDatabase();
  afterAll(() => file.remove());

  it(
    'shows an engineer’s week: visits, absences, open calls and free working time',
    async () => {
      // Calls reported before the visits of 2026-W48, whatever day the test runs.
      const callstream = await Callstream.open({
        file: file.path,
        customerValidation: false,
        clock: steppingClock(),
      });
      try {
        await callstream.execute(defineEngineer());
        const a = (await callstream.execute(logCallRequest())).number;
        const b = (await callstream.execute(logCallRequest())).number;
        await callstream.execute(command({ type: 'AssignCall', call: b, engineer: 'eve' }));
        await callstream.execute(schedule(a, '09:00', '10:30'));
        await callstream.execute(training('2026-11-26T08:00:00.000Z', '2026-11-28T00:00:00.000Z'));
        const week = await callstream.agenda('eve', '2026-W48');
        expect(week.visits.map((v) => [v.callNumber, v.start, v.end])).toEqual([
          [a, tuesday('09:00'), tuesday('10:30')],
        ]);
        expect(week.absences.map((x) => x.absenceId)).toEqual(['training-1']);
        expect(week.calls.map((c) => c.number)).toContain(b);
        const tuesdayFree = week.freeSlots.filter((s) => s.start.startsWith('2026-11-24'));
        expect(tuesdayFree).toEqual([
          { start: tuesday('08:00'), end: tuesday('09:00') },
          { start: tuesday('10:30'), end: tuesday('12:00') },
          { start: tuesday('13:00'), end: tuesday('17:30') },
        ]);
        // Thursday and Friday are the training: no free time; the weekend is not working time.
        expect(week.freeSlots.some((s) => s.start >= '2026-11-26')).toBe(false);
        expect(week.calendar).toBe('office-utc');
      } finally {
        await callstream.close();
      }
      const run = await cli([
        'agenda',
        '--db',
        file.path,
        '--engineer',
        'eve',
        '--week',
        '2026-W48',
        '--json',
      ]);
      expect(run.stderr).toBe('');
      expect(json<{ visits: unknown[]; freeSlots: unknown[] }>(run).visits).toHaveLength(1);
      const text = await cli([
        'agenda',
        '--db',
        file.path,
        '--engineer',
        'eve',
        '--week',
        '2026-W48',
      ]);
      expect(text.stdout).toContain('Free working time:');
      expect(text.stdout).toContain('training-1');
    },
    childProcessBudget(2),
  );
});
