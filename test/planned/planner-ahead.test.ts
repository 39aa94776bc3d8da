import { describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';

describe('runPlanner with a clock limit (maxAheadOfClockMs, the CLI’s quarter of an hour)', () => {
  it('refuses to run until an instant ahead of the clock, writing nothing: the work it requests is dated as it falls due', async () => {
    const callstream = await Callstream.open({ maxAheadOfClockMs: 15 * 60_000 });
    const nextYear = new Date(Date.now() + 365 * 86_400_000);
    await expect(callstream.runPlanner(nextYear)).rejects.toMatchObject({
      code: 'ValidationError',
      message: expect.stringMatching(/until: .* lies 365 days ahead of this system's clock/),
    });
    expect(await callstream.store.headPosition()).toBeUndefined();
    // Up to now it runs, and a preview still looks ahead.
    await expect(callstream.runPlanner(new Date())).resolves.toMatchObject({ created: [] });
    await expect(callstream.duePlannedWork(nextYear)).resolves.toMatchObject({ occurrences: [] });
    await callstream.close();
  });
});
