import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { staff } from '../support/pipeline.js';
import { acceptedOnSiteCall, billingCompany } from '../support/company.js';

/** A call with a part booked that the price list does not price: billing it fails for that, once it may be billed. */
async function callWithUnpricedPart(invoiceOn: 'resolution' | 'closing') {
  const company = await billingCompany({}, invoiceOn);
  const { call, step } = await acceptedOnSiteCall(company.callstream);
  await step('BookMaterial', '2026-11-24T10:00:00Z', { item: 'fan-92mm', quantity: 1 });
  await step('ResolveCall', '2026-11-24T11:00:00Z', { solution: 'Fan replaced' });
  const bill = (at: string) =>
    company.callstream.executeJson({
      type: 'BillCall',
      commandId: uuid(),
      actor: staff.bill,
      call: call.number,
      at,
    });
  return { company, bill };
}

describe('BillCall says why it cannot bill before what pricing would say', () => {
  it('a call short of its invoicing moment is NotReadyForBilling, not PriceMissing', async () => {
    const { bill } = await callWithUnpricedPart('closing');
    await expect(bill('2026-11-27T09:00:00Z')).rejects.toMatchObject({
      code: 'NotReadyForBilling',
    });
  });

  it('a bill dated before the call’s last change is OutOfOrder, not PriceMissing', async () => {
    const { bill } = await callWithUnpricedPart('resolution');
    await expect(bill('2026-11-24T10:30:00Z')).rejects.toMatchObject({ code: 'OutOfOrder' });
  });

  it('a call that may be billed is refused for the missing price, naming it, and writes nothing', async () => {
    const { company, bill } = await callWithUnpricedPart('resolution');
    const head = await company.callstream.store.headPosition();
    await expect(bill('2026-11-27T09:00:00Z')).rejects.toMatchObject({
      code: 'PriceMissing',
      details: { item: 'fan-92mm' },
    });
    expect(await company.callstream.store.headPosition()).toBe(head);
  });
});
