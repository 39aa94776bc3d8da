import { afterEach, describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { DomainError } from '../../src/domain/shared/errors.js';
import { staff } from '../support/pipeline.js';
import { temporaryDatabase } from '../support/files.js';
import { billingCompany, remoteCallOnSrvR as remoteCall } from '../support/company.js';

/**
 * D2: material and costs booked on an on-site visit or a depot repair are work of that
 * service, as its labour is: a contract that covers remote support only does not pay the
 * parts fitted or the parking paid on a visit it does not cover.
 */
describe('material and costs booked on a transfer', () => {
  const databases: Array<ReturnType<typeof temporaryDatabase>> = [];
  afterEach(() => databases.splice(0).forEach((db) => db.remove()));

  /** Acme's server SRV-R at rome: remote support covered 50 %, on-site and depot repair not. */
  async function remoteCallOnSrvR() {
    const db = temporaryDatabase();
    databases.push(db);
    const company = await billingCompany({ file: db.path });
    return { company, ...(await remoteCall(company.callstream)) };
  }

  it('given a remote-support call with an on-site visit, when a part is booked on the visit without chargeable, then it is refused as on-site work nothing covers', async () => {
    const { company, step } = await remoteCallOnSrvR();
    await step('ScheduleOnSiteVisit', '2026-11-23T09:00:00Z', {
      engineer: 'eve',
      plannedStart: '2026-11-24T08:00:00Z',
      plannedEnd: '2026-11-24T11:00:00Z',
    });
    const booking = step('BookMaterial', '2026-11-24T10:00:00Z', {
      item: 'psu-750',
      quantity: 1,
      transferId: 'T1',
    });
    await expect(booking).rejects.toBeInstanceOf(DomainError);
    await expect(booking).rejects.toMatchObject({
      code: 'ChargeableWorkNotConfirmed',
      details: { service: 'on-site-repair', basis: 'not-covered' },
    });
    await company.callstream.close();
  });

  it('given a remote-support call with an on-site visit and a depot repair, when it is billed, then the part and parking of the visit and the part of the depot repair are chargeable, not covered as remote support', async () => {
    const { company, call, step } = await remoteCallOnSrvR();
    await step('BookTime', '2026-11-23T10:00:00Z', { labourType: 'remote', minutes: 30 });
    await step('ScheduleOnSiteVisit', '2026-11-23T11:00:00Z', {
      engineer: 'eve',
      plannedStart: '2026-11-24T08:00:00Z',
      plannedEnd: '2026-11-24T11:00:00Z',
    });
    await step('StartOnSiteVisit', '2026-11-24T08:00:00Z', { transferId: 'T1' });
    const onVisit = { transferId: 'T1', chargeable: true };
    await step('BookMaterial', '2026-11-24T09:00:00Z', {
      item: 'psu-750',
      quantity: 1,
      ...onVisit,
    });
    await step('BookCost', '2026-11-24T09:01:00Z', {
      category: 'expense',
      description: 'Parking',
      amount: { amount: 1500, currency: 'EUR' },
      ...onVisit,
    });
    await step('CompleteOnSiteVisit', '2026-11-24T10:30:00Z', { transferId: 'T1', report: 'PSU' });
    await step('AuthoriseRma', '2026-11-24T11:00:00Z', { depot: 'depot-lyon' });
    await step('ReceiveRmaItem', '2026-11-25T09:00:00Z', { transferId: 'T2' });
    await step('BookMaterial', '2026-11-25T10:00:00Z', {
      item: 'battery',
      quantity: 1,
      transferId: 'T2',
      chargeable: true,
    });
    await step('RecordRmaRepair', '2026-11-25T11:00:00Z', { transferId: 'T2', report: 'Battery' });
    await step('ShipRmaItem', '2026-11-25T12:00:00Z', { transferId: 'T2' });
    await step('ResolveCall', '2026-11-25T13:00:00Z', { solution: 'PSU and battery replaced' });

    await company.callstream.executeJson({
      type: 'BillCall',
      commandId: uuid(),
      actor: staff.bill,
      call: call.number,
      at: '2026-11-27T09:00:00Z',
    });

    const invoice = (await company.callstream.invoice(call.number))!;
    expect(invoice.lines).toMatchObject([
      // Half an hour of remote support: half covered by the rome line, as before.
      { source: 'B1', amount: 4000, contract: 2000, chargeable: 2000 },
      {
        source: 'B2',
        amount: 8900,
        contract: 0,
        chargeable: 8900,
        coverage: { basis: 'not-covered' },
      },
      {
        source: 'B3',
        amount: 1500,
        contract: 0,
        chargeable: 1500,
        coverage: { basis: 'not-covered' },
      },
      {
        source: 'B4',
        amount: 12000,
        contract: 0,
        chargeable: 12000,
        coverage: { basis: 'not-covered' },
      },
    ]);
    expect(invoice.totals).toEqual({
      total: 26400,
      warranty: 0,
      contract: 2000,
      chargeable: 24400,
    });
    await company.callstream.close();
  });
});
