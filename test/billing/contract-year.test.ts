import { afterEach, describe, expect, it } from 'vitest';
import { staff } from '../support/pipeline.js';
import { temporaryDatabase } from '../support/files.js';
import { billingCompany, chargeableCallFor } from '../support/company.js';

/**
 * D2: included hours "per year" are per year of the contract, counted from its first day, as
 * the contract is sold: a contract from 1 July with two hours a year gives two hours from
 * July to June, not two for July–December and two more from January.
 */
describe('included hours per year of a contract that does not start on 1 January', () => {
  const databases: Array<ReturnType<typeof temporaryDatabase>> = [];
  afterEach(() => databases.splice(0).forEach((db) => db.remove()));

  it('given two hours a year from 1 July, when two hours are worked in December and two in January, then January’s are chargeable; the next July’s are covered again', async () => {
    const db = temporaryDatabase();
    databases.push(db);
    const company = await billingCompany({ file: db.path });
    await company.run('RegisterContract', {
      contractId: 'acme-fy',
      customerId: 'acme',
      from: '2026-07-01',
      until: '2028-06-30',
    });
    await company.run('AddCoverageLine', {
      contractId: 'acme-fy',
      service: 'on-site-repair',
      scope: { serialNumber: 'SRV-R' },
      share: 100,
      limits: { hours: 2, per: 'year' },
    });
    const { callstream } = company;
    const chargeable: number[] = [];
    for (const day of ['2026-12-14', '2027-01-11', '2027-07-05']) {
      const { call, step } = await chargeableCallFor(callstream, 'SRV-R', 'on-site-repair', day);
      await step('BookTime', `${day}T10:00:00Z`, { labourType: 'on-site', minutes: 120 });
      await step('ResolveCall', `${day}T11:00:00Z`, { solution: 'Fixed' });
      await callstream.runBilling({ actor: staff.bill, at: new Date(`${day}T18:00:00Z`) });
      const invoice = (await callstream.invoice(call.number))!;
      expect(invoice.contractId).toBe('acme-fy');
      chargeable.push(invoice.totals.chargeable);
    }
    expect(chargeable).toEqual([0, 19000, 0]);
    expect(
      callstream.allowanceUse('acme-fy').map(({ key, minutes }) => ({ key, minutes })),
    ).toEqual([
      { key: 'acme-fy.L1.2026-07-01', minutes: 120 },
      { key: 'acme-fy.L1.2027-07-01', minutes: 120 },
    ]);
    await callstream.close();
  });
});
