import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import type { AggregateResult } from '../../src/commands/pipeline.js';
import { staff } from '../support/pipeline.js';
import { accept, billingCompany, onCall, submit } from '../support/company.js';

/** D2: warranty and cover are checked on the unit the work was on, also one sent in for repair. */
describe('depot repair of a unit other than the call’s', () => {
  it('given a call on server SRV-1 and laptop LAP-1 (under warranty) sent in under it, when the call is billed, then the depot work on the laptop is warranty and nothing is left to invoice', async () => {
    const company = await billingCompany();
    const requestId = uuid();
    await submit(company.callstream, requestId, '2026-11-23T08:00:00Z', {
      sender: { email: 'claire@acme.example' },
      serialNumber: 'SRV-1',
      service: 'depot-repair',
    });
    const { call } = await accept(company.callstream, requestId, '2026-11-23T08:05:00Z', {
      chargeable: true,
    });
    const step = onCall(company.callstream, call!.number);
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
      call: call!.number,
      at: '2026-11-27T09:00:00Z',
    })) as AggregateResult;

    expect(billed.events.map((e) => e.type)).toEqual(['NothingToInvoice']);
    expect((await company.callstream.invoice(call!.number))!.lines).toMatchObject([
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
});
