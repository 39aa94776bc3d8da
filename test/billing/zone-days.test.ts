import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import type { AggregateResult } from '../../src/commands/pipeline.js';
import { staff } from '../support/pipeline.js';
import { billingCompany, chargeableCallFor } from '../support/company.js';

/**
 * Days are judged in the organisation's zone (SetTimeZone): a booking's day is, and so must
 * be the day a price list takes effect and the day a subcontract was completed.
 */
describe('billing in the organisation’s zone', () => {
  it('given next year’s prices from midnight in Paris, when a call with work on 31 December and a subcontract completed after midnight is billed, then the work has this year’s price and the subcontract next year’s day', async () => {
    const company = await billingCompany();
    await company.run('SetTimeZone', { timeZone: 'Europe/Paris' });
    await company.run('PublishPriceList', {
      priceListId: 'standard',
      effectiveFrom: '2027-01-01T00:00:00+01:00',
      prices: {
        currency: 'EUR',
        labour: { remote: 16000, 'on-site': 19000, depot: 14000, travel: 10000 },
        subcontractMarginPercent: 30,
      },
    });
    const { call, step } = await chargeableCallFor(
      company.callstream,
      'SRV-R',
      'on-site-repair',
      '2026-12-31',
    );
    await step('BookTime', '2026-12-31T10:00:00Z', { labourType: 'travel', minutes: 60 });
    await step('OrderSubcontract', '2026-12-31T10:30:00Z', {
      subcontractor: 'fixit-srl',
      orderReference: 'SUB-1',
      agreedCost: { amount: 10000, currency: 'EUR' },
    });
    // 00:30 on 1 January in Paris.
    await step('CompleteSubcontract', '2026-12-31T23:30:00Z', {
      transferId: 'T1',
      actualCost: { amount: 10000, currency: 'EUR' },
    });
    await step('ResolveCall', '2026-12-31T23:40:00Z', { solution: 'Cabling redone' });

    const billed = (await company.callstream.executeJson({
      type: 'BillCall',
      commandId: uuid(),
      actor: staff.bill,
      call: call.number,
      at: '2027-01-02T09:00:00Z',
    })) as AggregateResult;

    expect(billed.events.map((e) => e.type)).toEqual(['InvoiceProposed']);
    expect((await company.callstream.invoice(call.number))!.lines).toMatchObject([
      { kind: 'time', workDate: '2026-12-31', unitPrice: 5000, priceList: { version: 1 } },
      {
        kind: 'subcontract',
        workDate: '2027-01-01',
        amount: 13000, // cost plus next year's 30 %
        priceList: { version: 2 },
      },
    ]);
  });
});
