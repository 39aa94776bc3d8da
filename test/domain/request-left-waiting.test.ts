/**
 * A request the system could not accept says why it waits (A6), once: the same reason again
 * records nothing, another reason is recorded.
 */
import { describe, expect, it } from 'vitest';
import {
  leftWaiting,
  requestDecider,
  type RequestEvent,
  type RequestState,
} from '../../src/domain/index.js';

const planner = { id: 'planner', role: 'system' } as const;
const at = new Date('2026-01-15T08:00:00Z');
const command = { at, actor: planner, requestId: 'planner-1' };
const notCovered = {
  code: 'ChargeableWorkNotConfirmed',
  message: 'Not covered: preventive-maintenance on EXT-9 under contract globex-2026',
};

const given = (...events: RequestEvent[]): RequestState =>
  events.reduce(requestDecider.evolve, requestDecider.initialState());

const received: RequestEvent = {
  type: 'RequestReceived',
  data: {
    at,
    requestId: 'planner-1',
    inbox: 'planner',
    channel: 'planner',
    sender: { name: 'rossi', account: 'globex' },
    summary: 'Planned maintenance: Quarterly inspection on EXT-9',
    body: 'Check the seal',
    serialNumber: 'EXT-9',
    receivedAt: at,
    attachments: [],
  },
};
const leftFor = (why: { code: string; message: string }): RequestEvent => ({
  type: 'RequestLeftWaiting',
  data: { at, by: 'planner', ...why },
});

describe('leftWaiting (A6)', () => {
  it('records why a waiting request waits', () => {
    expect(leftWaiting(command, given(received), notCovered)).toEqual([leftFor(notCovered)]);
  });

  it('records nothing when the request says so already', () => {
    expect(leftWaiting(command, given(received, leftFor(notCovered)), notCovered)).toEqual([]);
  });

  it('records another reason, or the same code saying something else', () => {
    const state = given(received, leftFor(notCovered));
    const blocked = { code: 'CustomerBlocked', message: 'Globex is blocked' };
    expect(leftWaiting(command, state, blocked)).toEqual([leftFor(blocked)]);
    const partly = { ...notCovered, message: 'Partly covered (50%): preventive-maintenance' };
    expect(leftWaiting(command, state, partly)).toEqual([leftFor(partly)]);
  });

  it('is refused on a request no longer waiting', () => {
    const declined: RequestEvent = {
      type: 'RequestDeclined',
      data: { at, by: 'ann', reason: 'Done on the last visit' },
    };
    expect(() => leftWaiting(command, given(received, declined), notCovered)).toThrow(
      expect.objectContaining({ code: 'RequestNotWaiting' }),
    );
  });
});
