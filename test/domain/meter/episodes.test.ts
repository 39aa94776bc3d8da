import { describe, expect, it } from 'vitest';
import {
  episodeAnsweredBy,
  evolveMeters,
  initialMeters,
  type MeterEvent,
  type RequestStatus,
} from '../../../src/domain/index.js';

/** Fixed facts for specifications: the domain never reads a clock, neither do its tests. */
const AT = new Date('2026-03-01T10:00:00.000Z');

const raised = (alarmId: string, extra: Record<string, unknown> = {}): MeterEvent => ({
  type: 'AlarmRaised',
  data: {
    at: AT,
    alarmId,
    code: 'ON-BATTERY',
    severity: 'critical',
    message: 'Mains lost',
    raisedAt: AT,
    service: 'remote-support',
    ...extra,
  },
});
const cleared = (alarmId: string): MeterEvent => ({
  type: 'AlarmCleared',
  data: { at: AT, alarmId, code: 'ON-BATTERY', clearedAt: AT },
});

/**
 * given(meter events, up to and with the alarm) / requests(what became of the requests the
 * episode's alarms asked for) / when(the alarm) → the alarm whose request answers for the
 * episode, or undefined: the alarm asks for a call of its own.
 */
function given(...history: MeterEvent[]) {
  const state = history.reduce(evolveMeters, initialMeters());
  return {
    requests: (...made: Array<[alarmId: string, status: RequestStatus]>) => ({
      when: (alarmId: string) => episodeAnsweredBy(state, alarmId, new Map(made)),
    }),
  };
}

describe('alarm episodes and their call (E2, E3): one call, asked for again while none was made', () => {
  it('lets the first alarm of an episode ask for its call', () => {
    expect(given(raised('A-1')).requests().when('A-1')).toBeUndefined();
    // A new episode after the last was cleared, whatever its call became.
    expect(
      given(raised('A-1'), cleared('A-1'), raised('A-2')).requests(['A-1', 'accepted']).when('A-2'),
    ).toBeUndefined();
  });

  it('joins a repeat to the episode’s call, or to its request waiting for an agent', () => {
    const repeat = given(raised('A-1'), raised('A-2', { repeatOf: 'A-1' }));
    expect(repeat.requests(['A-1', 'accepted']).when('A-2')).toBe('A-1');
    expect(repeat.requests(['A-1', 'joined']).when('A-2')).toBe('A-1');
    expect(repeat.requests(['A-1', 'waiting']).when('A-2')).toBe('A-1');
  });

  it('lets a repeat ask again when the episode’s requests were refused or declined', () => {
    const repeat = given(raised('A-1'), raised('A-2', { repeatOf: 'A-1' }));
    expect(repeat.requests(['A-1', 'refused']).when('A-2')).toBeUndefined();
    expect(repeat.requests(['A-1', 'declined']).when('A-2')).toBeUndefined();
    // The request never made (the process had not handled it): nothing answers for the episode.
    expect(repeat.requests().when('A-2')).toBeUndefined();
  });

  it('joins later repeats to the call a repeat made, and asks again after a decline whoever joined it', () => {
    const episode = given(
      raised('A-1'),
      raised('A-2', { repeatOf: 'A-1' }),
      raised('A-3', { repeatOf: 'A-1' }),
    );
    expect(episode.requests(['A-1', 'refused'], ['A-2', 'accepted']).when('A-3')).toBe('A-2');
    expect(episode.requests(['A-1', 'refused'], ['A-2', 'refused']).when('A-3')).toBeUndefined();
    // A-2 joined A-1's request while it waited; the agent declined it since.
    expect(episode.requests(['A-1', 'declined']).when('A-3')).toBeUndefined();
  });

  it('answers an episode with its own alarms’ requests only', () => {
    const otherCode = raised('T-1', { code: 'OVERHEAT' });
    const earlierEpisode = given(
      raised('A-0'),
      cleared('A-0'),
      otherCode,
      raised('A-1'),
      raised('A-2', { repeatOf: 'A-1' }),
    );
    expect(
      earlierEpisode
        .requests(['A-0', 'accepted'], ['T-1', 'accepted'], ['A-1', 'refused'])
        .when('A-2'),
    ).toBeUndefined();
  });
});
