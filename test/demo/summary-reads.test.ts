import { describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { plannedRequests } from '../../src/demo/planned.js';
import { runDemo, SimulatedClock } from '../../src/demo/run.js';
import { intakeSummary, summarise } from '../../src/demo/summary.js';
import { PrivateReadModels } from '../../src/projections/read-models/private.js';

/**
 * The demo's closing figures count and group: they read no personal value, so they open
 * none. Opened, every call's and every request's sealed values were decrypted to count
 * statuses (at 100,000 calls: 28 and 52 s, and 219 and 211 MB at peak for the two walks,
 * against 10 and 5 s, 126 and 129 MB, left sealed).
 */
describe('the demo’s closing figures', () => {
  it('are counted with the personal values left sealed: no key read but the suggestions’ search text', async () => {
    const start = new Date('2026-11-02T08:00:00Z');
    const clock = new SimulatedClock(start);
    const callstream = await Callstream.open({
      clock: clock.read,
      notifications: { send: async () => undefined },
    });
    const demo = await runDemo(callstream, { calls: 40, seed: 3, start, clock });
    const readModels = callstream.readModels;
    if (!(readModels instanceof PrivateReadModels)) throw new Error('expected sealed read models');
    let keysRead = 0;
    const get = readModels.keys.get.bind(readModels.keys);
    readModels.keys.get = (subject) => (keysRead++, get(subject));

    const intake = intakeSummary(callstream, {});
    const planned = plannedRequests(callstream);
    expect(keysRead).toBe(0);
    const { calls, work, serviceLevels, knowledge } = await summarise(
      callstream,
      demo.calls.byScenario,
      new Date(demo.serviceLevels.asOf),
    );
    // Only the evaluation of the suggestions opens one: the description of each call it judges,
    // searched as its requester wrote it.
    expect(knowledge!.calls).toBeGreaterThan(0);
    expect(keysRead).toBe(knowledge!.calls);
    // And they are the figures the run reported.
    expect(intake).toMatchObject({ requests: demo.intake.requests, waiting: demo.intake.waiting });
    expect(planned.requests).toEqual(demo.planned.requests);
    expect({ calls, work, serviceLevels }).toEqual({
      calls: demo.calls,
      work: demo.work,
      serviceLevels: demo.serviceLevels,
    });
    expect(demo.calls.total).toBeGreaterThan(30);
    await callstream.close();
  }, 120_000);
});
