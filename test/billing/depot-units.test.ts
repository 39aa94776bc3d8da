import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import type { AggregateResult } from '../../src/commands/pipeline.js';
import { staff } from '../support/pipeline.js';
import { billingCompany, chargeableCallFor, remoteCallOnSrvR } from '../support/company.js';

/** D2: warranty and cover are checked on the unit the work was on, also one sent in for repair. */
describe('depot repair of a unit other than the call’s', () => {
  it('given a call on server SRV-1 and laptop LAP-1 (under warranty) sent in under it, when the call is billed, then the depot work on the laptop is warranty and nothing is left to invoice', async () => {
    const company = await billingCompany();
    const { call, step } = await chargeableCallFor(company.callstream, 'SRV-1', 'depot-repair');
    await step('AuthoriseRma', '2026-11-23T09:00:00Z', {
      depot: 'depot-lyon',
      item: 'laptop',
      serialNumber: 'LAP-1',
    });
    await step('ReceiveRmaItem', '2026-11-24T09:00:00Z', { transferId: 'T1' });
    await step('BookTime', '2026-11-24T11:00:00Z', {
      labourType: 'depot',
      minutes: 60,
      transferId: 'T1',
    });
    await step('BookTime', '2026-11-24T11:30:00Z', { labourType: 'remote', minutes: 30 });
    await step('RecordRmaRepair', '2026-11-24T12:00:00Z', { transferId: 'T1', report: 'Fan' });
    await step('ShipRmaItem', '2026-11-24T15:00:00Z', { transferId: 'T1' });
    await step('ResolveCall', '2026-11-25T09:00:00Z', { solution: 'Laptop fan replaced' });

    const billed = (await company.callstream.executeJson({
      type: 'BillCall',
      commandId: uuid(),
      actor: staff.bill,
      call: call.number,
      at: '2026-11-27T09:00:00Z',
    })) as AggregateResult;

    expect(billed.events.map((e) => e.type)).toEqual(['NothingToInvoice']);
    expect((await company.callstream.invoice(call.number))!.lines).toMatchObject([
      // 1 h depot at 70.00 on the laptop: its warranty.
      {
        kind: 'time',
        amount: 7000,
        warranty: 7000,
        chargeable: 0,
        coverage: { basis: 'warranty' },
      },
      // Half an hour of remote support on the server: its contract line, as before.
      { kind: 'time', amount: 4000, contract: 4000, coverage: { basis: 'contract', lineId: 'L1' } },
    ]);
  });

  it('given a call at acme’s Rome site and globex’s unit GX-1 sent in under it, when the call is billed, then acme’s Rome line pays nothing of the work on it', async () => {
    const company = await billingCompany();
    await company.run('AddSite', {
      customerId: 'globex',
      siteId: 'lyon',
      name: 'Globex Lyon',
      city: 'Lyon',
      country: 'FR',
    });
    await company.run('RegisterEquipment', {
      serialNumber: 'GX-1',
      item: 'server-r740',
      customerId: 'globex',
      siteId: 'lyon',
      from: '2025-06-01',
    });
    const { call, step } = await remoteCallOnSrvR(company.callstream);
    await step('AuthoriseRma', '2026-11-23T09:00:00Z', {
      depot: 'depot-lyon',
      item: 'server-r740',
      serialNumber: 'GX-1',
    });
    await step('ReceiveRmaItem', '2026-11-24T09:00:00Z', { transferId: 'T1' });
    const onTheUnit = { labourType: 'remote', minutes: 60, transferId: 'T1' };
    // Nothing of acme's covers it: booked only as chargeable work, never served silently (B4).
    await expect(step('BookTime', '2026-11-24T10:00:00Z', onTheUnit)).rejects.toMatchObject({
      code: 'ChargeableWorkNotConfirmed',
    });
    await step('BookTime', '2026-11-24T10:00:00Z', { ...onTheUnit, chargeable: true });
    await step('BookTime', '2026-11-24T11:00:00Z', { labourType: 'remote', minutes: 60 });
    await step('RecordRmaRepair', '2026-11-24T12:00:00Z', { transferId: 'T1', report: 'Fan' });
    await step('ShipRmaItem', '2026-11-24T15:00:00Z', { transferId: 'T1' });
    await step('ResolveCall', '2026-11-25T09:00:00Z', { solution: 'Fan replaced' });

    await company.callstream.executeJson({
      type: 'BillCall',
      commandId: uuid(),
      actor: staff.bill,
      call: call.number,
      at: '2026-11-27T09:00:00Z',
    });
    expect((await company.callstream.invoice(call.number))!.lines).toMatchObject([
      // An hour on globex's unit: acme's contract covers none of another customer's equipment.
      { amount: 8000, contract: 0, chargeable: 8000, coverage: { basis: 'not-covered' } },
      // An hour on acme's own server at Rome: the site's line, half.
      { amount: 8000, contract: 4000, chargeable: 4000, coverage: { basis: 'contract' } },
    ]);
  });
});
