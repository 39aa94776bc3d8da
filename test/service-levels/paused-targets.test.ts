import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Callstream } from '../../src/callstream.js';
import { logAt, officeCallstream } from '../support/office.js';
import { command, staff } from '../support/pipeline.js';
import { temporaryDatabase } from '../support/files.js';

/**
 * While a wait stops the clock there is no due instant: the time allowed is counted in
 * working time outside the pause, so when the target falls due depends on when the wait
 * ends. A due instant shown during the pause would be the one from before it, already
 * passed or about to pass while the call is on track.
 */
describe('due instants while a wait stops the clock (A5, real SQLite file)', () => {
  let tmp = temporaryDatabase();
  let callstream: Callstream | undefined;
  beforeEach(() => {
    tmp = temporaryDatabase();
  });
  afterEach(async () => {
    await callstream?.close();
    tmp.remove();
  });

  const hold = (call: string, at: string) =>
    command({
      type: 'PutOnHold',
      actor: staff.eve,
      call,
      reason: 'Awaiting logs',
      kind: 'waiting-for-customer',
      at,
    });

  it('has none for a target still running when the wait began, and has them again when the clock resumes', async () => {
    ({ callstream } = await officeCallstream({ file: tmp.path }));
    // Given a P3 call reported Friday 10:00 Paris: response due Monday 10:00, resolution Tuesday 10:00
    const call = await logAt(callstream, '2026-11-20T09:00:00Z', { priority: 3 });
    // When the customer is asked for logs on Friday 16:00 Paris
    const held = await callstream.execute(hold(call.number, '2026-11-20T15:00:00Z'));
    // Then neither target has a due instant while the clock stands still
    expect(held.state.serviceLevel?.responseDueAt).toBeUndefined();
    expect(held.state.serviceLevel?.resolutionDueAt).toBeUndefined();
    const board = callstream.board({ asOf: new Date('2026-11-23T10:00:00Z') });
    expect(board.map((row) => [row.number, row.responseDueAt, row.resolutionDueAt])).toEqual([
      [call.number, null, null],
    ]);
    expect(board[0]?.serviceLevelState).toBe('on-track');
    // and the board as it stood during the wait says the same (Monday 11:00 Paris)
    const then = await callstream.boardAsOf(new Date('2026-11-23T10:00:00Z'));
    expect(then.map((row) => [row.responseDueAt, row.resolutionDueAt])).toEqual([[null, null]]);
    // When the customer answers on Monday 10:00 Paris, the clock resumes with both targets moved
    const released = await callstream.execute(
      command({
        type: 'ReleaseHold',
        actor: staff.eve,
        call: call.number,
        at: '2026-11-23T09:00:00Z',
      }),
    );
    expect(released.state.serviceLevel).toMatchObject({
      responseDueAt: new Date('2026-11-23T13:00:00Z'), // 5 h used, 3 h left after lunch: Monday 14:00 Paris
      resolutionDueAt: new Date('2026-11-24T13:00:00Z'), // Tuesday 14:00 Paris
    });
  });

  it('keeps the due instant of a target that fell due before the wait began', async () => {
    ({ callstream } = await officeCallstream({ file: tmp.path }));
    // Given a P1 call reported Monday 09:00 Paris: response due 10:00, resolution 14:00
    const call = await logAt(callstream, '2026-11-23T08:00:00Z', { priority: 1 });
    // When it is put on hold at 11:00 Paris, the response already breached
    const held = await callstream.execute(hold(call.number, '2026-11-23T10:00:00Z'));
    // Then the response keeps the instant it fell due; the resolution, still running, has none
    expect(held.state.serviceLevel?.responseDueAt).toEqual(new Date('2026-11-23T09:00:00Z'));
    expect(held.state.serviceLevel?.resolutionDueAt).toBeUndefined();
    const row = (await callstream.boardAsOf(new Date('2026-11-23T12:00:00Z')))[0];
    expect(row).toMatchObject({
      responseDueAt: '2026-11-23T09:00:00.000Z',
      resolutionDueAt: null,
      response: 'breached',
      resolution: 'on-track',
    });
  });
});
