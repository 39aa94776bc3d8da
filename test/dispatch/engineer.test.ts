import { describe, expect, it } from 'vitest';
import {
  type DomainError,
  engineerAsOf,
  engineerDecider,
  initialAgenda,
  withBooking,
  visitConflicts,
  type EngineerCommand,
  type EngineerState,
} from '../../src/domain/index.js';
import { engineer as eve } from '../support/call-spec.js';
import { officeHours } from './support.js';

const at = new Date('2026-11-01T08:00:00Z');
const define = (from: string, groups: string[]): EngineerCommand => ({
  type: 'DefineEngineer',
  at,
  actor: eve,
  engineerId: 'eve',
  from,
  groups,
  skills: [],
  areas: [{ kind: 'region', id: 'paris' }],
  calendar: officeHours,
});

function run(...commands: EngineerCommand[]): EngineerState {
  let state = engineerDecider.initialState();
  for (const command of commands)
    for (const event of engineerDecider.decide(command, state))
      state = engineerDecider.evolve(state, event);
  return state;
}

describe('engineers as master data, as of a day (issue 21)', () => {
  it('answers the profile in force on a day; a version on the same day replaces the earlier one', () => {
    const state = run(
      define('2026-01-01', ['desk']),
      define('2026-06-01', ['field']),
      define('2026-06-01', ['field', 'servers']),
    );
    expect(engineerAsOf(state, '2025-12-31')).toBeUndefined();
    expect(engineerAsOf(state, '2026-05-31')?.groups).toEqual(['desk']);
    expect(engineerAsOf(state, '2026-06-01')?.groups).toEqual(['field', 'servers']);
  });

  it('appends history: a profile starting before the last one is refused', () => {
    expect(() => run(define('2026-06-01', ['a']), define('2026-01-01', ['b']))).toThrow(
      expect.objectContaining({ code: 'ProfileBeforeLast' }) as DomainError,
    );
  });

  it('a retired engineer has no profile from the retirement day on', () => {
    const state = run(define('2026-01-01', ['desk']), {
      type: 'RetireEngineer',
      at,
      actor: eve,
      engineerId: 'eve',
      from: '2026-07-01',
    });
    expect(engineerAsOf(state, '2026-06-30')).toBeDefined();
    expect(engineerAsOf(state, '2026-07-01')).toBeUndefined();
  });

  it('finds every conflict of a visit: other visits, absences, time off the calendar', () => {
    const profile = engineerAsOf(run(define('2026-01-01', [])), '2026-11-24');
    const agenda = {
      ...withBooking(initialAgenda(), {
        callId: 'c1',
        callNumber: 'C-000001',
        transferId: 'T1',
        start: new Date('2026-11-24T11:00:00Z'),
        end: new Date('2026-11-24T12:00:00Z'),
      }),
      absences: [
        {
          absenceId: 'a1',
          absence: 'training' as const,
          from: new Date('2026-11-24T11:30:00Z'),
          until: new Date('2026-11-24T14:00:00Z'),
        },
      ],
    };
    const visit = {
      callId: 'c2',
      start: new Date('2026-11-24T11:15:00Z'),
      end: new Date('2026-11-24T13:15:00Z'),
    };
    expect(visitConflicts(agenda, profile, '2026-11-24', visit).map((c) => c.kind)).toEqual([
      'outside-working-time',
      'visit',
      'absence',
    ]);
    // The visit itself, moved, is not in its own way.
    expect(
      visitConflicts(agenda, profile, '2026-11-24', {
        callId: 'c1',
        transferId: 'T1',
        start: new Date('2026-11-24T10:00:00Z'),
        end: new Date('2026-11-24T11:15:00Z'),
      }),
    ).toEqual([]);
    expect(visitConflicts(agenda, undefined, '2026-11-24', visit)[0]).toEqual({
      kind: 'not-on-staff',
      day: '2026-11-24',
    });
  });
});
