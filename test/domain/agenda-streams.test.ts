import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  agendaStreamName,
  agendaWeekStreamName,
  bookingsDuring,
  decideAgenda,
  evolveAgenda,
  id,
  initialAgenda,
  isoWeekOf,
  parseAgendaStream,
  weeksToCheck,
  type Actor,
  type Agenda,
  type AgendaCommand,
  type AgendaEvent,
} from '../../src/domain/index.js';
import { outcome } from '../support/outcome.js';

const at = new Date('2026-11-23T08:00:00.000Z');
const t = (clock: string, day = '2026-11-24') => new Date(`${day}T${clock}:00.000Z`);
const booked = (callId: string, start: Date, end: Date): AgendaEvent => ({
  type: 'VisitBooked',
  data: { at, engineerId: 'eve', callNumber: `C-${callId}`, callId, transferId: 'T1', start, end },
});
const fold = (...events: AgendaEvent[]): Agenda => events.reduce(evolveAgenda, initialAgenda());
const during = (agenda: Agenda, from: Date, until: Date) =>
  bookingsDuring(agenda, from, until).map((b) => `${b.callId} ${b.start.toISOString()}`);

/** Ids as the boundary accepts them (shared/schema.ts `id`). */
const engineerId = fc
  .stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,20}$/)
  .filter((s) => id.safeParse(s).success);
const week = fc
  .date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2099-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map(isoWeekOf);

describe('agenda stream names (issue 13)', () => {
  it('names an engineer’s own stream and each week’s, and reads both back', () => {
    expect(agendaStreamName('eve')).toBe('agenda-eve');
    expect(agendaWeekStreamName('eve', '2026-W48')).toBe('agenda-eve#2026-W48');
    expect(parseAgendaStream('agenda-eve')).toEqual({ engineerId: 'eve' });
    expect(parseAgendaStream('agenda-eve#2026-W48')).toEqual({
      engineerId: 'eve',
      week: '2026-W48',
    });
    for (const other of ['call-1', 'agenda-', 'agenda-#2026-W48', 'agenda-eve#W48'])
      expect(parseAgendaStream(other)).toBeUndefined();
  });

  it('never names one engineer’s stream as another’s, or as a week’s', () => {
    fc.assert(
      fc.property(engineerId, engineerId, week, (a, b, w) => {
        expect(parseAgendaStream(agendaStreamName(a))).toEqual({ engineerId: a });
        expect(parseAgendaStream(agendaWeekStreamName(a, w))).toEqual({ engineerId: a, week: w });
        expect(agendaStreamName(b)).not.toBe(agendaWeekStreamName(a, w));
        if (a !== b) expect(agendaWeekStreamName(a, w)).not.toBe(agendaWeekStreamName(b, w));
      }),
    );
  });

  it('checks a visit against the weeks it touches and the week before', () => {
    expect(weeksToCheck(t('09:00'), t('10:00'))).toEqual(['2026-W47', '2026-W48']);
    expect(weeksToCheck(t('09:00', '2026-11-27'), t('09:00', '2026-12-02'))).toEqual([
      '2026-W47',
      '2026-W48',
      '2026-W49',
    ]);
  });
});

describe('the agenda’s visits, by week (issue 13)', () => {
  it('lists a visit under every week it touches, moved and released wherever it is', () => {
    const overWeekend = booked('c1', t('15:00', '2026-11-27'), t('10:00', '2026-11-30'));
    const agenda = fold(
      overWeekend,
      booked('c2', t('09:00', '2026-11-30'), t('09:30', '2026-11-30')),
    );
    expect([...agenda.weeks.keys()]).toEqual(['2026-W48', '2026-W49']);
    expect(during(agenda, t('00:00', '2026-11-30'), t('23:00', '2026-11-30'))).toEqual([
      'c1 2026-11-27T15:00:00.000Z',
      'c2 2026-11-30T09:00:00.000Z',
    ]);
    const moved = evolveAgenda(agenda, {
      type: 'VisitMoved',
      data: { at, callId: 'c1', transferId: 'T1', start: t('09:00'), end: t('10:00') },
    });
    expect(during(moved, t('00:00', '2026-11-23'), t('00:00', '2026-12-07'))).toEqual([
      'c1 2026-11-24T09:00:00.000Z',
      'c2 2026-11-30T09:00:00.000Z',
    ]);
    const released = evolveAgenda(moved, {
      type: 'VisitReleased',
      data: { at, callId: 'c2', transferId: 'T1' },
    });
    expect([...released.weeks.keys()]).toEqual(['2026-W48']);
    // The agenda folded from is unchanged: states are values.
    expect([...agenda.weeks.get('2026-W49')!.keys()]).toEqual(['c1/T1', 'c2/T1']);
  });
});

const supervisor: Actor = { id: 'sam', role: 'supervisor', name: 'Sam Supervisor' };
/** given(events).when(command).then(events) — or .refuses(code) — for the agenda's own commands. */
const given = (...history: AgendaEvent[]) => ({
  when: (command: Omit<Extract<AgendaCommand, { type: 'RecordAbsence' }>, 'at' | 'actor'>) =>
    outcome(command.type, () =>
      decideAgenda({ at, actor: supervisor, ...command }, fold(...history)),
    ),
});
const leave = (from: Date, until: Date) =>
  ({
    type: 'RecordAbsence',
    engineerId: 'eve',
    absenceId: 'leave-1',
    absence: 'leave',
    from,
    until,
  }) as const;

describe('an absence lasts at most 366 days (recording one reads every week it spans)', () => {
  it('records an absence of a leap year, and refuses a longer one, to be recorded year by year', () => {
    const from = new Date('2028-01-01T00:00:00.000Z');
    const leapYear = new Date('2029-01-01T00:00:00.000Z');
    given()
      .when(leave(from, leapYear))
      .then({
        type: 'AbsenceRecorded',
        data: {
          at,
          engineerId: 'eve',
          absenceId: 'leave-1',
          absence: 'leave',
          from,
          until: leapYear,
          visitsInTheWay: [],
        },
      });
    given()
      .when(leave(from, new Date(leapYear.getTime() + 1)))
      .refuses('AbsenceTooLong', /at most 366 days.*year by year/);
    given()
      .when(leave(new Date('1970-01-01T00:00:00.000Z'), new Date('9999-12-31T00:00:00.000Z')))
      .refuses('AbsenceTooLong');
  });
});
