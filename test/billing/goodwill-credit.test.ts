import { afterEach, describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import type { AccountingEntry } from '../../src/commands/accounting.js';
import type { AggregateResult } from '../../src/commands/pipeline.js';
import { billingCompany, goldContract, resolvedOnSiteCall } from '../support/company.js';
import { temporaryDatabase } from '../support/files.js';
import { staff } from '../support/pipeline.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A call on a real SQLite file, resolved with 180 on-site minutes (120 under the contract's
 * included hours, 60 chargeable: 95.00), billed and issued as INV-000001 by the run.
 */
async function invoicedCall() {
  const posted: AccountingEntry[] = [];
  const database = temporaryDatabase();
  cleanups.push(database.remove);
  const company = await billingCompany({
    file: database.path,
    accounting: { post: async (entry) => void posted.push(entry) },
  });
  cleanups.push(() => company.callstream.close());
  const { call, step } = await resolvedOnSiteCall(company.callstream);
  // Runs at the close of a day: the 26th's bills the call, the 28th's follows the credit of the 27th.
  const run = (at = '2026-11-28T18:00:00Z') =>
    company.callstream.runBilling({ issue: true, actor: staff.bill, at: new Date(at) });
  expect(await run('2026-11-26T18:00:00Z')).toMatchObject({ billed: 1, issued: 1 });
  const billing = (type: string, fields: Record<string, unknown> = {}) =>
    company.callstream.executeJson({
      type,
      commandId: uuid(),
      actor: staff.bill,
      call: call.number,
      at: '2026-11-27T09:00:00Z',
      ...fields,
    }) as Promise<AggregateResult>;
  return { company, call, step, run, billing, posted };
}

describe('CreditInvoice with waive: a goodwill credit (D4)', () => {
  it('forgives the invoice for good: the run does not bill the call again, the contract hours stay used, accounting is told', async () => {
    const { company, call, run, billing, posted } = await invoicedCall();
    const hoursUsed = company.callstream.allowanceUse('acme-2026');
    expect(hoursUsed).toEqual([expect.objectContaining({ minutes: 120 })]);

    const credited = await billing('CreditInvoice', {
      reason: 'Goodwill: the visit was our mistake',
      waive: true,
    });
    expect(credited.events.map((e) => [e.type, e.data])).toEqual([
      [
        'InvoiceCredited',
        {
          at: new Date('2026-11-27T09:00:00Z'),
          creditNoteNumber: 'CN-000001',
          reason: 'Goodwill: the visit was our mistake',
          waived: true,
        },
      ],
    ]);
    expect(await company.callstream.invoice(call.number)).toMatchObject({
      status: 'waived',
      invoiceNumber: 'INV-000001',
      credit: { number: 'CN-000001', waived: true },
    });
    // The work was done under the contract: its included hours are not given back.
    expect(company.callstream.allowanceUse('acme-2026')).toEqual(hoursUsed);
    expect(await run()).toMatchObject({ billed: 0, nothingToInvoice: 0, issued: 0, refused: {} });
    expect(company.callstream.readyToInvoice()).toEqual([]);

    await company.callstream.postToAccounting();
    expect(posted.map((entry) => [entry.kind, entry.number, entry.waived])).toEqual([
      ['invoice', 'INV-000001', undefined],
      ['credit-note', 'CN-000001', true],
    ]);
    expect(company.callstream.billingTotals('period')['2026-11 EUR']).toMatchObject({
      invoiced: 9500,
      creditNotes: 1,
      credited: 9500,
    });
    expect(
      (await company.callstream.invoiceHistory(call.number)).map((entry) => [
        entry.number,
        entry.totals.chargeable,
        entry.waived,
      ]),
    ).toEqual([
      ['INV-000001', 9500, undefined],
      ['CN-000001', 9500, true],
    ]);
    expect((await company.callstream.verify()).differences).toEqual([]);
  });

  it('shows in the service report as work the company bore: its chargeable share becomes waived', async () => {
    const { company, billing } = await invoicedCall();
    const work = () => company.callstream.serviceReport().work.flatMap((week) => week.byCurrency);
    const issued = [
      {
        currency: 'EUR',
        minutes: { warranty: 0, contract: 120, chargeable: 60, waived: 0 },
        amount: { warranty: 0, contract: 19000, chargeable: 9500, waived: 0 },
      },
    ];
    expect(work()).toEqual(issued);
    await billing('CreditInvoice', { reason: 'Goodwill', waive: true });
    expect(work()).toEqual([
      {
        currency: 'EUR',
        minutes: { warranty: 0, contract: 120, chargeable: 0, waived: 60 },
        amount: { warranty: 0, contract: 19000, chargeable: 0, waived: 9500 },
      },
    ]);
    expect((await company.callstream.verify()).differences).toEqual([]);
  });

  it('a credit that corrects leaves the report as it was until the call is billed again', async () => {
    const { company, run, billing } = await invoicedCall();
    const work = () => company.callstream.serviceReport().work.flatMap((week) => week.byCurrency);
    const before = work();
    await billing('CreditInvoice', { reason: 'Wrong rate' });
    expect(work()).toEqual(before);
    await run();
    expect(work()).toEqual(before);
  });

  it('refuses billing the call again, booking on it or moving it to another contract, writing nothing', async () => {
    const { company, step, billing } = await invoicedCall();
    await billing('CreditInvoice', { reason: 'Goodwill', waive: true });
    const head = await company.callstream.store.headPosition();

    await expect(billing('BillCall')).rejects.toMatchObject({
      code: 'AlreadyBilled',
      message: expect.stringMatching(/INV-000001 was waived by credit note CN-000001$/),
    });
    await expect(
      step('BookTime', '2026-11-27T10:00:00Z', { labourType: 'on-site', minutes: 30 }),
    ).rejects.toMatchObject({
      code: 'AlreadyInvoiced',
      message: expect.stringMatching(/credited as a goodwill gesture and is never billed again$/),
      details: { status: 'waived', invoiceNumber: 'INV-000001' },
    });
    expect(await company.callstream.store.headPosition()).toBe(head);
    await goldContract(company);
    const headWithGold = await company.callstream.store.headPosition();
    await expect(
      step(
        'ChangeContract',
        '2026-11-27T10:00:00Z',
        { contractId: 'acme-gold', reason: 'Gold' },
        staff.bill,
      ),
    ).rejects.toMatchObject({ code: 'AlreadyInvoiced', details: { status: 'waived' } });
    expect(await company.callstream.store.headPosition()).toBe(headWithGold);
    await expect(billing('CreditInvoice', { reason: 'Twice' })).rejects.toMatchObject({
      code: 'NothingToCredit',
    });
    expect(await company.callstream.store.headPosition()).toBe(headWithGold);
  });

  it('without waive, corrects: the hours come back and the next run bills the call again', async () => {
    const { company, call, run, billing } = await invoicedCall();
    await billing('CreditInvoice', { reason: 'Wrong rate', waive: false });
    expect(await company.callstream.invoice(call.number)).toMatchObject({ status: 'credited' });
    expect(company.callstream.allowanceUse('acme-2026')).toEqual([
      expect.objectContaining({ minutes: 0 }),
    ]);
    expect(await run()).toMatchObject({ billed: 1, issued: 1 });
    expect((await company.callstream.invoice(call.number))!.invoiceNumber).toBe('INV-000002');
    // The read model keeps the current invoice; the call's history keeps every document.
    expect(await company.callstream.invoiceHistory(call.number)).toEqual([
      expect.objectContaining({
        kind: 'invoice',
        number: 'INV-000001',
        invoiceNumber: 'INV-000001',
      }),
      {
        kind: 'credit-note',
        number: 'CN-000001',
        invoiceNumber: 'INV-000001',
        at: new Date('2026-11-27T09:00:00Z'),
        currency: 'EUR',
        totals: { total: 28500, warranty: 0, contract: 19000, chargeable: 9500 },
        reason: 'Wrong rate',
      },
      expect.objectContaining({ kind: 'invoice', number: 'INV-000002' }),
    ]);
  });
});
