import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { Callstream } from '../../src/callstream.js';
import type { CallCommandRequest } from '../../src/commands/requests.js';
import { staff } from '../support/pipeline.js';
import { monthsBetween } from '../../src/projections/open-intervals.js';

/** Issue 14, item 5: the board at an instant lists the calls open then, as they stood then, judged then. */
describe('the board as of an instant', () => {
  async function history() {
    const callstream = await Callstream.open({ customerValidation: false });
    const run = (request: Record<string, unknown>) =>
      callstream.execute({ commandId: uuid(), actor: staff.ann, ...request } as CallCommandRequest);
    const log = (at: string, description: string) =>
      run({
        type: 'LogCall',
        at,
        intake: { mode: 'knowledgeable', channel: 'phone' },
        subject: { kind: 'customer', customerId: 'acme' },
        description,
      });
    // A: logged in October, closed in December. B: logged in November, still open. C: logged after T.
    const a = await log('2026-10-20T09:00:00Z', 'A');
    const b = await log('2026-11-10T09:00:00Z', 'B');
    await run({ type: 'AssignCall', call: b.number, group: 'night', at: '2026-11-10T10:00:00Z' });
    await run({ type: 'AssignCall', call: b.number, group: 'day', at: '2026-11-25T10:00:00Z' });
    await run({
      type: 'ResolveCall',
      call: a.number,
      solution: 'Fixed',
      at: '2026-12-02T09:00:00Z',
    });
    await run({ type: 'CloseCall', call: a.number, at: '2026-12-03T09:00:00Z' });
    const c = await log('2026-11-22T09:00:00Z', 'C');
    return { callstream, a, b, c };
  }

  const T = new Date('2026-11-20T12:00:00Z');

  it('lists the calls open at T — closed since included, reported after excluded — as they stood at T', async () => {
    const { callstream, a, b } = await history();
    const rows = await callstream.boardAsOf(T);
    expect(rows.map((row) => row.number).sort()).toEqual([a.number, b.number].sort());
    expect(rows.find((row) => row.number === b.number)).toMatchObject({
      group: 'night',
      status: 'Assigned',
    });
    expect(rows.find((row) => row.number === a.number)).toMatchObject({
      status: 'Registered',
      open: true,
    });
    expect(await callstream.boardAsOf(T, { group: 'night' })).toHaveLength(1);
    expect(await callstream.boardAsOf(T, { group: 'day' })).toHaveLength(0);
  });

  it('judges service levels at T', async () => {
    const { callstream, b } = await history();
    const row = (await callstream.boardAsOf(new Date('2026-11-10T09:30:00Z'))).find(
      (r) => r.number === b.number,
    )!;
    expect(row.response).toBe('on-track');
    const later = (await callstream.boardAsOf(T)).find((r) => r.number === b.number)!;
    expect(later.resolution).toBe('breached');
  });

  it('the board now still lists today’s open calls', async () => {
    const { callstream, b, c } = await history();
    expect(
      callstream
        .board()
        .map((row) => row.number)
        .sort(),
    ).toEqual([b.number, c.number].sort());
    expect(
      (await callstream.boardAsOf(new Date('2026-12-04T00:00:00Z')))
        .map((row) => row.number)
        .sort(),
    ).toEqual([b.number, c.number].sort());
  });

  it('counts service-level statistics at T from the calls as they stood at T, not as they stand now', async () => {
    const { callstream } = await history();
    // At T: A (no group) and B in the night group; B moved to the day group and A closed after T, C reported after T.
    const byGroup = await callstream.serviceLevelStatistics(T, 'group');
    expect(Object.keys(byGroup).sort()).toEqual(['(none)', 'night']);
    expect(byGroup.night).toMatchObject({ calls: 1 });
    expect(Object.values(byGroup).reduce((sum, tally) => sum + tally.calls, 0)).toBe(2);
    // Now: B is in the day group.
    const now = await callstream.serviceLevelStatistics(new Date('2026-12-04T00:00:00Z'), 'group');
    expect(Object.keys(now).sort()).toEqual(['(none)', 'day']);
  });

  it('narrows the statistics to the calls reported in a period, up to the end of year 9999', async () => {
    const { callstream } = await history();
    const total = (tallies: Record<string, { calls: number }>) =>
      Object.values(tallies).reduce((sum, tally) => sum + tally.calls, 0);
    const november = {
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-12-01T00:00:00Z'),
    };
    // At T: B only (A was reported in October, C after T).
    expect(total(await callstream.serviceLevelStatistics(T, 'group', november))).toBe(1);
    // Now: B and C.
    const now = new Date('2026-12-04T00:00:00Z');
    expect(total(await callstream.serviceLevelStatistics(now, 'group', november))).toBe(2);
    // Past the end of year 9999 no instant is accepted: a ValidationError, not an empty answer.
    const beyond = new Date(8.64e15);
    await expect(callstream.serviceLevelStatistics(beyond, 'group')).rejects.toMatchObject({
      code: 'ValidationError',
    });
    await expect(
      callstream.serviceLevelStatistics(now, 'group', { from: november.from, to: beyond }),
    ).rejects.toMatchObject({ code: 'ValidationError' });
    expect(
      total(
        await callstream.serviceLevelStatistics(now, 'group', {
          from: november.from,
          to: new Date('9999-12-31T23:59:59.999Z'),
        }),
      ),
    ).toBe(2);
  });

  it('counts the months between two months, across a year', () => {
    expect(monthsBetween('2026-11', '2027-02')).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
    ]);
    expect(monthsBetween('2026-11', '2026-11')).toEqual(['2026-11']);
  });
});
