import { afterEach, describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import type { AggregateResult } from '../../src/commands/pipeline.js';
import { staff } from '../support/pipeline.js';
import { temporaryDatabase } from '../support/files.js';
import { acceptedOnSiteCall, billingCompany } from '../support/company.js';

/**
 * C4, D2, D4: time and costs booked on a call are imputed to its contract and customer.
 * A call cancelled after work was done on it (the customer called the engineer off once on
 * site, or fixed it themselves) reaches no solution, acceptance or closing: its work is
 * billed at its cancellation, by the same coverage rules as any other. Work the company
 * decides not to charge is cancelled, booking by booking with its reason, before the call is.
 */
describe('work booked on a call that is cancelled', () => {
  const databases: Array<ReturnType<typeof temporaryDatabase>> = [];
  afterEach(() => databases.splice(0).forEach((db) => db.remove()));

  async function company() {
    const db = temporaryDatabase();
    databases.push(db);
    // Invoiced on acceptance: a cancelled call never reaches it.
    return billingCompany({ file: db.path }, 'acceptance');
  }

  it('given three hours on site under a contract that includes two, when the call is cancelled, then the run bills the hour beyond them, on cancellation, and takes the two', async () => {
    const { callstream } = await company();
    const { call, step } = await acceptedOnSiteCall(callstream);
    await step('BookTime', '2026-11-24T10:00:00Z', { labourType: 'on-site', minutes: 180 });
    await step('BookMaterial', '2026-11-24T10:05:00Z', { item: 'psu-750', quantity: 1 });
    await step(
      'CancelCall',
      '2026-11-24T11:00:00Z',
      { reason: 'The customer called the engineer off: they swapped the server' },
      staff.sam,
    );

    const run = await callstream.runBilling({ issue: true, actor: staff.bill });
    expect(run).toMatchObject({ billed: 1, issued: 1, notReady: 0, refusals: [] });
    const invoice = (await callstream.invoice(call.number))!;
    expect(invoice).toMatchObject({
      status: 'issued',
      trigger: 'cancellation',
      totals: { total: 28500 + 8900, contract: 19000 + 8900, chargeable: 9500 },
    });
    expect(invoice.lines).toMatchObject([
      { source: 'B1', chargeable: 9500, coverage: { basis: 'allowance-exhausted' } },
      { source: 'B2', contract: 8900, coverage: { basis: 'contract' } },
    ]);
    expect(callstream.allowanceUse('acme-2026')).toEqual([
      expect.objectContaining({ minutes: 120 }),
    ]);
    // Billed as it stands: the next run has nothing to do.
    expect(await callstream.runBilling({ issue: true, actor: staff.bill })).toMatchObject({
      billed: 0,
      nothingToInvoice: 0,
      issued: 0,
    });
    await callstream.close();
  });

  it('given a proposal held by a dispute, when the call is cancelled instead of solved again, then the run issues it: the dispute ended with the call', async () => {
    const db = temporaryDatabase();
    databases.push(db);
    const { callstream } = await billingCompany({ file: db.path }, 'resolution');
    const { call, step } = await acceptedOnSiteCall(callstream);
    await step('BookTime', '2026-11-24T10:00:00Z', { labourType: 'on-site', minutes: 180 });
    await step('ResolveCall', '2026-11-24T11:00:00Z', { solution: 'Fixed' });
    await callstream.runBilling({ actor: staff.bill, at: new Date('2026-11-24T18:00:00Z') });
    await step('RejectSolution', '2026-11-25T09:00:00Z', { reason: 'Still fails' }, staff.carl);
    await step('CancelCall', '2026-11-25T10:00:00Z', { reason: 'Server retired' }, staff.sam);

    expect(await callstream.runBilling({ issue: true, actor: staff.bill })).toMatchObject({
      billed: 0,
      issued: 1,
      refusals: [],
    });
    expect(await callstream.invoice(call.number)).toMatchObject({
      status: 'issued',
      totals: { chargeable: 9500 },
    });
    await callstream.close();
  });

  it('given work the company writes off, cancelled with its reason before the call, or nothing booked, when the call is cancelled, then the run sends nothing', async () => {
    const { callstream } = await company();
    const written = await acceptedOnSiteCall(callstream);
    await written.step('BookTime', '2026-11-24T10:00:00Z', {
      labourType: 'on-site',
      minutes: 60,
    });
    await written.step(
      'CancelBooking',
      '2026-11-24T10:30:00Z',
      { bookingId: 'B1', reason: 'Written off: we sent the wrong engineer' },
      staff.sam,
    );
    await written.step('CancelCall', '2026-11-24T11:00:00Z', { reason: 'Duplicate' }, staff.sam);
    const empty = await acceptedOnSiteCall(callstream);
    await empty.step('CancelCall', '2026-11-24T11:00:00Z', { reason: 'Duplicate' }, staff.sam);

    expect(await callstream.runBilling({ issue: true, actor: staff.bill })).toMatchObject({
      billed: 0,
      nothingToInvoice: 0,
      notReady: 0,
    });
    // Asked for all the same, billing says why there is nothing to invoice.
    const billed = (await callstream.executeJson({
      type: 'BillCall',
      commandId: uuid(),
      actor: staff.bill,
      call: written.call.number,
      at: '2026-11-25T09:00:00Z',
    })) as AggregateResult;
    expect(billed.events).toMatchObject([
      {
        type: 'NothingToInvoice',
        data: { trigger: 'cancellation', reason: 'Nothing was booked on the call' },
      },
    ]);
    await callstream.close();
  });
});
