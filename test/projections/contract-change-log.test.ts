import { describe, expect, it } from 'vitest';
import { staff } from '../support/pipeline.js';
import { serviceCompany, remoteCallOnSrvR } from '../support/company.js';

/**
 * F1, F2 with C4: a move to another contract is a change of the call the customer pays for.
 * The internal log shows when, which field, who, old and new, and why; the customer sees the
 * contract their call is charged to change, and the verdict judged again under it, by role
 * and without staff's reason (written for staff, as a reassignment's is).
 */
describe('the log of a contract change (F1, F2, C4)', () => {
  it('shows staff and the customer the contract and the coverage judged again', async () => {
    // Given acme's remote-support call on SRV-R at rome, partly covered (50 %) by acme-2026,
    // and acme's contract acme-rome, registered since, covering remote support of SRV-R in full
    const company = await serviceCompany();
    const { call, step } = await remoteCallOnSrvR(company.callstream);
    expect(call.state.coverage).toMatchObject({ verdict: 'partly-covered', share: 50 });
    await company.run('RegisterContract', {
      contractId: 'acme-rome',
      customerId: 'acme',
      from: '2026-01-01',
      until: '2026-12-31',
    });
    await company.run('AddCoverageLine', {
      contractId: 'acme-rome',
      service: 'remote-support',
      scope: { serialNumber: 'SRV-R' },
      share: 100,
    });

    // When Ann charges it to acme-rome
    await step(
      'ChangeContract',
      '2026-11-23T10:00:00Z',
      { contractId: 'acme-rome', reason: 'Rome servers are on their own contract' },
      staff.ann,
    );

    // Then the call, its summary and both logs show the new contract and verdict
    const { callstream } = company;
    expect((await callstream.call(call.number)).coverage).toMatchObject({
      verdict: 'covered',
      contractId: 'acme-rome',
      share: 100,
    });
    expect(await callstream.summary(call.number)).toMatchObject({
      contractId: 'acme-rome',
      coverageVerdict: 'covered',
    });
    const change = <E extends { eventType: string }>(entries: readonly E[]) =>
      entries.filter((entry) => entry.eventType === 'ContractChanged');
    const internal = change(await callstream.log(call.number));
    expect(internal).toContainEqual(
      expect.objectContaining({
        at: '2026-11-23T10:00:00.000Z',
        field: 'contractId',
        actor: staff.ann,
        old: 'acme-2026',
        new: 'acme-rome',
        reason: 'Rome servers are on their own contract',
      }),
    );
    const customer = change(await callstream.log(call.number, { audience: 'customer' }));
    expect(customer.map(({ field, old, new: value }) => ({ field, old, new: value }))).toEqual(
      expect.arrayContaining([
        { field: 'contractId', old: 'acme-2026', new: 'acme-rome' },
        { field: 'coverage.verdict', old: 'partly-covered', new: 'covered' },
        { field: 'coverage.contractId', old: 'acme-2026', new: 'acme-rome' },
      ]),
    );
    for (const entry of customer) {
      expect(entry.actor).toEqual({ id: 'agent', role: 'agent', label: 'Service desk' });
      expect(entry).not.toHaveProperty('reason');
      expect(entry.field).not.toMatch(/^coverage\.(lineId|share|rule|limits)/);
    }
    await callstream.close();
  });
});
