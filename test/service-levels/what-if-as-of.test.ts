import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Callstream } from '../../src/callstream.js';
import { logAt, officeCallstream, rules } from '../support/office.js';
import { command, staff } from '../support/pipeline.js';
import { temporaryDatabase } from '../support/files.js';

/**
 * A what-if as of an instant answers "had these rules been in force, where would we have
 * stood then?": the calls known then, as they stood then (their priority, holds, response),
 * as the statistics as of an instant count them; not today's calls judged at a past instant.
 */
describe('service-level what-if as of an instant (A5, real SQLite file)', () => {
  let tmp = temporaryDatabase();
  let callstream: Callstream | undefined;
  beforeEach(() => {
    tmp = temporaryDatabase();
  });
  afterEach(async () => {
    await callstream?.close();
    tmp.remove();
  });

  /** The office rules and their version 2, where a P3 call must be answered within the hour. */
  async function withHourToAnswer(): Promise<Callstream> {
    const office = await officeCallstream({ file: tmp.path });
    const base = rules();
    await office.publish(
      '2026-12-01T00:00:00Z',
      rules({
        priorities: { ...base.priorities, 3: { ...base.priorities[3]!, responseMinutes: 60 } },
      }),
    );
    return office.callstream;
  }

  it('judges the calls known at the instant as they stood then, not as they are now', async () => {
    // Given version 2 of the office rules, where a P3 call must be answered within the hour
    callstream = await withHourToAnswer();
    // and a P3 call reported Monday 09:00 Paris, raised to P1 at 12:00, and another call reported at 13:00
    const raised = await logAt(callstream, '2026-11-23T08:00:00Z', { priority: 3 });
    await callstream.execute(
      command({
        type: 'SetPriority',
        actor: staff.sam,
        call: raised.number,
        priority: 1,
        reason: 'Whole floor down',
        at: '2026-11-23T11:00:00Z',
      }),
    );
    await logAt(callstream, '2026-11-23T12:00:00Z', { priority: 3 });
    // When history as of Monday 11:00 Paris is re-judged under version 2
    const report = await callstream.whatIf('office', 2, {
      asOf: new Date('2026-11-23T10:00:00Z'),
    });
    // Then only the call known then is judged, at the priority it had then: P3, answered
    // within 8 hours under version 1 (2 used), within the hour under version 2 (breached)
    expect(report.calls).toBe(1);
    expect(report.differences).toEqual([
      expect.objectContaining({
        number: raised.number,
        target: 'response',
        recorded: 'on-track',
        alternative: 'breached',
      }),
    ]);
  });

  it('leaves out calls cancelled by the instant, as the statistics do: there was nothing to deliver', async () => {
    callstream = await withHourToAnswer();
    // Given two P3 calls reported Monday 09:00 Paris, one cancelled at 09:30
    const cancelled = await logAt(callstream, '2026-11-23T08:00:00Z', { priority: 3 });
    await logAt(callstream, '2026-11-23T08:00:00Z', { priority: 3 });
    await callstream.execute(
      command({
        type: 'CancelCall',
        actor: staff.sam,
        call: cancelled.number,
        reason: 'Duplicate',
        at: '2026-11-23T08:30:00Z',
      }),
    );
    const asOf = new Date('2026-11-23T10:00:00Z');
    // When Monday 11:00 Paris is re-judged under version 2, then only the open call is
    expect((await callstream.whatIf('office', 2, { asOf })).calls).toBe(1);
    // and as of 09:15, before the cancellation, both are
    expect(
      (await callstream.whatIf('office', 2, { asOf: new Date('2026-11-23T08:15:00Z') })).calls,
    ).toBe(2);
  });
});
