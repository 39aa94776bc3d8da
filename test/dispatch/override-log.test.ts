import { afterEach, describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { steppingClock } from '../support/clock.js';
import { logCallRequest } from '../support/pipeline.js';
import { defineEngineer, schedule } from './support.js';

describe('an overridden visit in the transaction log (issue 21)', () => {
  let callstream: Callstream | undefined;
  afterEach(async () => callstream?.close());

  it('shows the override, its reason and what was in the way', async () => {
    // Calls reported before the visits of 2026-W48, whatever day the test runs.
    callstream = await Callstream.open({ customerValidation: false, clock: steppingClock() });
    await callstream.execute(defineEngineer());
    const a = (await callstream.execute(logCallRequest())).number;
    const b = (await callstream.execute(logCallRequest())).number;
    await callstream.execute(schedule(a, '10:00', '11:00'));
    await callstream.execute(
      schedule(b, '10:30', '11:30', { override: { reason: 'Only slot the customer has' } }),
    );
    const entries = await callstream.log(b);
    const field = (name: string) =>
      entries.find((e) => e.field === `transfers.T1.override.${name}`);
    expect(field('reason')?.eventType).toBe('OnSiteVisitScheduled');
    expect(field('reason')?.new).toBe('Only slot the customer has');
    expect(JSON.stringify(field('conflicts')?.new)).toContain(a);
  });
});
