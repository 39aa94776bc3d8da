import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { staff } from '../support/pipeline.js';
import { acceptedOnSiteCall, billingCompany, serviceCompany } from '../support/company.js';

/**
 * A call with a part booked that the price list does not price: billing it fails for that,
 * once it may be billed. The part was priced when booked, by the list the company billed by
 * then (booking refuses an unpriced part); the company has moved to \`standard\` since.
 */
async function callWithUnpricedPart(invoiceOn: 'resolution' | 'closing') {
  const company = await billingCompany({}, invoiceOn);
  await company.run('PublishPriceList', {
    priceListId: 'legacy',
    effectiveFrom: '2026-01-01T00:00:00Z',
    prices: {
      currency: 'EUR',
      labour: { remote: 8000, 'on-site': 9500, depot: 7000, travel: 5000 },
      materials: { 'fan-92mm': 1500 },
    },
  });
  await company.run('SetBillingPolicy', { invoiceOn, priceListId: 'legacy' });
  const { call, step } = await acceptedOnSiteCall(company.callstream);
  await step('BookMaterial', '2026-11-24T10:00:00Z', { item: 'fan-92mm', quantity: 1 });
  await company.run('SetBillingPolicy', { invoiceOn, priceListId: 'standard' });
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

describe('BookMaterial of an item the price list does not price', () => {
  it('is refused when booked, naming the list, the day and what the list prices, and writes nothing', async () => {
    const company = await billingCompany();
    const { step } = await acceptedOnSiteCall(company.callstream);
    const head = await company.callstream.store.headPosition();
    const booking = step('BookMaterial', '2026-11-24T10:00:00Z', { item: 'psu750', quantity: 1 });
    await expect(booking).rejects.toMatchObject({
      code: 'PriceMissing',
      message: expect.stringMatching(
        /^Price list standard v1, in effect on 2026-11-24, has no price for psu750 \(it prices battery, psu-750\): billing could not price call C-\d+\. Book an item the list prices, or publish a price for psu750 first$/,
      ),
      details: { item: 'psu750', priceListId: 'standard', version: 1 },
    });
    expect(await company.callstream.store.headPosition()).toBe(head);
    await step('BookMaterial', '2026-11-24T10:01:00Z', { item: 'psu-750', quantity: 1 });
  });

  it('is taken where no price list is kept: the company does not bill', async () => {
    const company = await serviceCompany();
    const { step } = await acceptedOnSiteCall(company.callstream);
    await step('BookMaterial', '2026-11-24T10:00:00Z', { item: 'fan-92mm', quantity: 1 });
  });
});

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
