import { describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { loadStream } from '../../src/streams/index.js';
import { contractDecider, contractStreamName } from '../../src/domain/index.js';
import { customers } from '../../src/demo/organisation.js';
import { runDemo, SimulatedClock } from '../../src/demo/run.js';
import { withServiceLevel } from '../../src/projections/board.js';
import type { CallSummary } from '../../src/projections/calls.js';
import { REQUESTS_PROJECTION, type InboxEntry } from '../../src/projections/requests.js';

describe('the demo across a new year', () => {
  it('renews the contracts and publishes next year’s service levels at year end, so January’s requests are served like December’s', async () => {
    // Five working days of calls from 29 December: two of them in January.
    const start = new Date('2026-12-29T08:00:00Z');
    const clock = new SimulatedClock(start);
    const callstream = new Callstream({
      clock: clock.read,
      notifications: { send: async () => undefined },
    });
    const summary = await runDemo(callstream, { calls: 150, seed: 5, start, clock });
    // The period ends with the last arrival day, in January.
    expect(summary.simulatedUntil >= '2027-01-04').toBe(true);
    expect(summary.unexpected).toEqual({});
    // Five contracts run to the end of the year and are renewed; Lemaire's ended in October and is not.
    expect(summary.administration).toEqual({ renewedContracts: 5, serviceLevelsPublished: 2 });
    const acme = await loadStream(
      callstream.store,
      contractStreamName('acme-2026'),
      contractDecider,
    );
    expect(acme.state).toMatchObject({ until: '2027-12-31' });

    // In January, only Lemaire (whose contract ended) lacks an active contract; the others' requests become calls, covered.
    const lemaire = customers.find((c) => c.id === 'lemaire')!.contact.email;
    let accepted = 0;
    for (const [, entry] of callstream.readModels.all<InboxEntry>(
      REQUESTS_PROJECTION,
      'requests',
    )) {
      if (entry.receivedAt < '2027-01-01') continue;
      if (entry.refusal?.reason === 'no-active-contract') expect(entry.sender.email).toBe(lemaire);
      if (entry.status === 'accepted') accepted++;
    }
    expect(accepted).toBeGreaterThan(10);
    let covered = 0;
    for (const [, call] of callstream.readModels.all<CallSummary>('calls', 'calls'))
      if (call.loggedAt >= '2027-01-01' && call.coverageVerdict === 'covered') covered++;
    expect(covered).toBeGreaterThan(10);

    // Its service levels, counted by the statistics, are every call's judged at the end.
    const asOf = new Date(summary.serviceLevels.asOf);
    const judged = { responseBreached: 0, resolutionBreached: 0, atRisk: 0 };
    for (const [, call] of callstream.readModels.all<CallSummary>('calls', 'calls')) {
      if (call.cancelled) continue;
      const row = withServiceLevel(call, asOf);
      if (row.response === 'breached') judged.responseBreached++;
      if (row.resolution === 'breached') judged.resolutionBreached++;
      if (row.serviceLevelState === 'at-risk') judged.atRisk++;
    }
    expect(judged.responseBreached + judged.resolutionBreached).toBeGreaterThan(0);
    expect(summary.serviceLevels).toMatchObject(judged);
    await callstream.close();
  }, 120_000);
});
