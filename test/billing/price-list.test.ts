import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { Callstream } from '../../src/callstream.js';
import { staff } from '../support/pipeline.js';

const publish = (callstream: Callstream, subcontractMarginPercent: number, currency = 'EUR') =>
  callstream.execute({
    type: 'PublishPriceList',
    commandId: uuid(),
    actor: staff.sam,
    at: '2026-01-01T07:00:00Z',
    priceListId: 'standard',
    effectiveFrom: '2026-01-01T00:00:00Z',
    prices: {
      currency,
      labour: { remote: 8000, 'on-site': 9500, depot: 7000, travel: 5000 },
      subcontractMarginPercent,
    },
  });

describe('PublishPriceList', () => {
  it('given no price list, when its subcontract margin has more than two decimals, then it is refused, naming the field, and nothing is written', async () => {
    const callstream = await Callstream.open();
    for (const margin of [12.345, 0.001])
      await expect(publish(callstream, margin)).rejects.toMatchObject({
        code: 'ValidationError',
        issues: [
          expect.objectContaining({
            path: 'prices.subcontractMarginPercent',
            message: expect.stringMatching(/at most two decimals/),
          }),
        ],
      });
    expect(await callstream.store.headPosition()).toBeUndefined();
  });

  it('given no price list, when its margin has two decimals, then it is published as given', async () => {
    const callstream = await Callstream.open();
    const published = await publish(callstream, 12.35);
    expect(published.events).toMatchObject([
      { type: 'PriceListPublished', data: { prices: { subcontractMarginPercent: 12.35 } } },
    ]);
  });

  it('given no price list, when its currency is three letters but none in use, then it is refused, naming the field, and nothing is written', async () => {
    const callstream = await Callstream.open();
    for (const currency of ['XYZ', 'EUE'])
      await expect(publish(callstream, 0, currency)).rejects.toMatchObject({
        code: 'ValidationError',
        issues: [
          expect.objectContaining({
            path: 'prices.currency',
            message: expect.stringMatching(/not a currency in use/),
          }),
        ],
      });
    expect(await callstream.store.headPosition()).toBeUndefined();
    for (const currency of ['CHF', 'JPY', 'GBP']) {
      const published = await publish(await Callstream.open(), 0, currency);
      expect(published.events).toMatchObject([{ data: { prices: { currency } } }]);
    }
  });
});
