import { describe, expect, it } from 'vitest';
import { mayEscalate } from '../../src/domain/index.js';

const asOf = new Date('2026-11-30T09:00:00Z');
const all = (target: string) =>
  ['warning', 'breach', 'supervisor'].map((level) => `${target}-${level}`);

describe('whether a call may still escalate (the escalation process passes by the others)', () => {
  it('may while its clock runs and an open target lacks a level', () => {
    expect(mayEscalate({ status: 'InProcess', respondedAt: null, escalations: [] }, asOf)).toBe(
      true,
    );
    expect(
      mayEscalate(
        {
          status: 'Assigned',
          respondedAt: null,
          escalations: [...all('resolution'), 'response-warning'],
        },
        asOf,
      ),
    ).toBe(true);
  });

  it('may not once every level of every open target is recorded; a response given by then is no longer open', () => {
    expect(
      mayEscalate(
        {
          status: 'InProcess',
          respondedAt: null,
          escalations: [...all('response'), ...all('resolution')],
        },
        asOf,
      ),
    ).toBe(false);
    expect(
      mayEscalate(
        {
          status: 'InProcess',
          respondedAt: '2026-11-23T10:00:00Z',
          escalations: all('resolution'),
        },
        asOf,
      ),
    ).toBe(false);
    // Responded only after the instant judged: as of then the response was still open.
    expect(
      mayEscalate(
        {
          status: 'InProcess',
          respondedAt: '2026-12-01T10:00:00Z',
          escalations: all('resolution'),
        },
        asOf,
      ),
    ).toBe(true);
  });

  it('may not when its clock has stopped: solved, accepted, closed, archived', () => {
    for (const status of ['Solved', 'Accepted', 'Closed', 'Archived'])
      expect(mayEscalate({ status, respondedAt: null, escalations: [] }, asOf)).toBe(false);
  });
});
