import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { Callstream } from '../../src/callstream.js';
import { staff } from '../support/pipeline.js';

const publish = (callstream: Callstream, subcontractMarginPercent: number) =>
  callstream.execute({
    type: 'PublishPriceList',
    commandId: uuid(),
    actor: staff.sam,
    at: '2026-01-01T07:00:00Z',
    priceListId: 'standard',
    effectiveFrom: '2026-01-01T00:00:00Z',
    prices: {
      currency: 'EUR',
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
});
