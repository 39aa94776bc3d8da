import { describe, expect, it } from 'vitest';
import {
  answersForEpisode,
  episodeAnsweredBy,
  requestStatuses,
  type AnsweringAlarm,
} from '../../../src/domain/index.js';

/**
 * given(the episode's alarms whose requests answer for it, at their places in the log) /
 * when(an alarm: the first of its episode, or a repeat, at its place) → the alarm whose
 * request answers for the episode, or undefined: the alarm asks for a call of its own.
 */
const given = (...answering: Array<[alarmId: string, position: number]>) => ({
  when: (alarm: { repeatOf?: string; position: number }) =>
    episodeAnsweredBy(
      { ...alarm, position: BigInt(alarm.position) },
      answering.map(([alarmId, position]): AnsweringAlarm => ({
        alarmId,
        position: BigInt(position),
      })),
    ),
});

describe('alarm episodes and their call (E2, E3): one call, asked for again while none was made', () => {
  it('answers for an episode with a call, or a request waiting for an agent; not a refused or declined one', () => {
    expect(requestStatuses.filter(answersForEpisode)).toEqual(['waiting', 'accepted', 'joined']);
  });

  it('lets the first alarm of an episode ask for its call, whatever answers for the episode', () => {
    expect(given().when({ position: 10 })).toBeUndefined();
    expect(given(['A-1', 10]).when({ position: 10 })).toBeUndefined();
  });

  it('joins a repeat to the episode’s call, or to its request waiting for an agent', () => {
    expect(given(['A-1', 10]).when({ repeatOf: 'A-1', position: 12 })).toBe('A-1');
    // A repeat made the call after the first was refused: later repeats join it.
    expect(given(['A-2', 12]).when({ repeatOf: 'A-1', position: 14 })).toBe('A-2');
  });

  it('lets a repeat ask again when none of its episode’s requests answers (all refused or declined, or none made)', () => {
    expect(given().when({ repeatOf: 'A-1', position: 12 })).toBeUndefined();
  });

  it('counts only the alarms recorded before the repeat: walked again, a repeat that asked finds its own answer, not a later one', () => {
    expect(given(['A-3', 14]).when({ repeatOf: 'A-1', position: 12 })).toBeUndefined();
    expect(given(['A-3', 14]).when({ repeatOf: 'A-1', position: 14 })).toBeUndefined();
  });
});
