import { describe, expect, it } from 'vitest';
import { loggedServerCall, onCall, serviceCompany } from '../support/company.js';
import { staff } from '../support/pipeline.js';

/** Issue 14, item 14: the reasons given with commands are in the transaction log; the customer sees those that concern them. */
describe('reasons in the transaction log', () => {
  it('shows every reason to staff, and the customer the reasons that concern them', async () => {
    const { callstream, run } = await serviceCompany();
    await run('RegisterContract', {
      contractId: 'acme-extra',
      customerId: 'acme',
      from: '2026-01-01',
      until: '2026-12-31',
    });
    const logged = await loggedServerCall(callstream);
    const step = onCall(callstream, logged.number);
    await step(
      'SetPriority',
      '2026-11-23T09:01:00Z',
      { priority: 2, reason: 'Production line stopped' },
      staff.ann,
    );
    await step(
      'AssignCall',
      '2026-11-23T09:02:00Z',
      { group: 'servers-l1', engineer: 'eve', reason: 'Eve knows this model' },
      staff.ann,
    );
    await step(
      'CorrectCallDetails',
      '2026-11-23T09:03:00Z',
      { reason: 'Caller spelled it out', description: 'Server SRV-1 does not boot' },
      staff.ann,
    );
    await step(
      'ChangeContract',
      '2026-11-23T09:04:00Z',
      // acme-extra covers nothing: the customer pays the work from now on, so it is confirmed (B4).
      { contractId: 'acme-extra', reason: 'Charged to the project', chargeable: true },
      staff.ann,
    );
    await step('StartWork', '2026-11-23T09:05:00Z');
    await step('ScheduleOnSiteVisit', '2026-11-23T09:06:00Z', {
      engineer: 'eve',
      plannedStart: '2026-11-24T09:00:00Z',
      plannedEnd: '2026-11-24T11:00:00Z',
    });
    await step('RescheduleOnSiteVisit', '2026-11-23T09:07:00Z', {
      transferId: 'T1',
      plannedStart: '2026-11-25T09:00:00Z',
      plannedEnd: '2026-11-25T11:00:00Z',
      reason: 'Engineer ill',
    });
    await step('CancelTransfer', '2026-11-23T09:08:00Z', {
      transferId: 'T1',
      reason: 'Fixed remotely',
    });
    await step('ResolveCall', '2026-11-23T09:09:00Z', { solution: 'Rebooted' });
    await step(
      'RejectSolution',
      '2026-11-23T09:10:00Z',
      { reason: 'It crashed again' },
      staff.carl,
    );
    await step('ResolveCall', '2026-11-23T09:11:00Z', { solution: 'PSU replaced' });
    await step('CloseCall', '2026-11-23T09:12:00Z', {}, staff.ann);
    await step('ReopenCall', '2026-11-23T09:13:00Z', { reason: 'No boot again' }, staff.carl);

    const reasons = (entries: ReadonlyArray<{ eventType: string; reason?: string }>) =>
      Object.fromEntries(
        entries.filter((e) => e.reason !== undefined).map((e) => [e.eventType, e.reason]),
      );
    expect(reasons(await callstream.log(logged.number))).toEqual({
      PrioritySet: 'Production line stopped',
      CallAssigned: 'Eve knows this model',
      CallDetailsCorrected: 'Caller spelled it out',
      ContractChanged: 'Charged to the project',
      OnSiteVisitRescheduled: 'Engineer ill',
      TransferCancelled: 'Fixed remotely',
      SolutionRejected: 'It crashed again',
      CallReopened: 'No boot again',
    });
    expect(reasons(await callstream.log(logged.number, { audience: 'customer' }))).toEqual({
      OnSiteVisitRescheduled: 'Engineer ill',
      SolutionRejected: 'It crashed again',
      CallReopened: 'No boot again',
    });
  });
});
