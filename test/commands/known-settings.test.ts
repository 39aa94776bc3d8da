import { describe, expect, it } from 'vitest';
import { command, staff, testPipeline } from '../support/pipeline.js';

/**
 * A setting that names a price list or rule set nobody published would take effect as
 * nothing: every billing run refused for want of prices, new calls quietly on the built-in
 * rules. It is refused, and writes nothing; once the thing is published it is taken.
 */
const rules = {
  name: 'Office',
  calendars: { all: { kind: 'always-open', id: 'all' } },
  defaultPriority: 3,
  priorities: { 3: { responseMinutes: 60, resolutionMinutes: 480, calendar: 'all' } },
};

describe('settings name what exists', () => {
  it('refuses a billing policy on a price list never published, and takes it once it is', async () => {
    const { pipeline, store } = testPipeline();
    const policy = { type: 'SetBillingPolicy', actor: staff.sam, invoiceOn: 'closing' } as const;
    const head = await store.headPosition();
    await expect(
      pipeline.execute(command({ ...policy, priceListId: 'standrad' })),
    ).rejects.toMatchObject({ code: 'PriceListNotFound', details: { priceListId: 'standrad' } });
    expect(await store.headPosition()).toBe(head);
    await pipeline.execute(
      command({
        type: 'PublishPriceList',
        actor: staff.bill,
        priceListId: 'standard',
        effectiveFrom: '2026-01-01T00:00:00Z',
        prices: {
          currency: 'EUR',
          labour: { remote: 8000, 'on-site': 9500, depot: 7000, travel: 5000 },
          materials: {},
          subcontractMarginPercent: 0,
        },
      } as never),
    );
    const taken = await pipeline.execute(command({ ...policy, priceListId: 'standard' }));
    expect(taken.duplicate).toBe(false);
  });

  it('refuses company, customer or contract service levels never published, and takes published and built-in ones', async () => {
    const contract = {
      type: 'RegisterContract',
      contractId: 'acme-2026',
      customerId: 'acme',
      from: '2026-01-01',
      until: '2026-12-31',
    };
    const { pipeline, store } = testPipeline();
    await pipeline.execute(
      command({
        type: 'RegisterCustomer',
        actor: staff.sam,
        customerId: 'acme',
        name: 'Acme',
      } as never),
    );
    const head = await store.headPosition();
    for (const setting of [
      { type: 'SetDefaultServiceLevels', ruleSetId: 'fr-ofice' },
      { type: 'SetCustomerServiceLevels', customerId: 'acme', ruleSetId: 'fr-ofice' },
      { ...contract, serviceLevelPolicyId: 'fr-ofice' },
    ]) {
      await expect(
        pipeline.execute(command({ ...setting, actor: staff.sam } as never)),
      ).rejects.toMatchObject({
        code: 'ServiceLevelsNotFound',
        details: { ruleSetId: 'fr-ofice' },
      });
    }
    expect(await store.headPosition()).toBe(head);
    await pipeline.execute(
      command({
        type: 'PublishServiceLevels',
        actor: staff.sam,
        ruleSetId: 'fr-office',
        effectiveFrom: '2026-01-01T00:00:00Z',
        rules,
      } as never),
    );
    await pipeline.execute(
      command({
        type: 'SetDefaultServiceLevels',
        actor: staff.sam,
        ruleSetId: 'fr-office',
      } as never),
    );
    await pipeline.execute(
      command({
        type: 'SetCustomerServiceLevels',
        actor: staff.sam,
        customerId: 'acme',
        ruleSetId: 'standard', // callstream's built-in rules
      } as never),
    );
    await pipeline.execute(
      command({ ...contract, actor: staff.sam, serviceLevelPolicyId: 'fr-office' } as never),
    );
  });

  it('refuses as the company default a rule set whose first version takes effect later: calls until then would count by the built-in rules', async () => {
    const { pipeline, store } = testPipeline();
    await pipeline.execute(
      command({
        type: 'PublishServiceLevels',
        actor: staff.sam,
        ruleSetId: 'fr-2027',
        effectiveFrom: '2027-01-01T00:00:00Z',
        rules,
      } as never),
    );
    const head = await store.headPosition();
    await expect(
      pipeline.execute(
        command({
          type: 'SetDefaultServiceLevels',
          actor: staff.sam,
          ruleSetId: 'fr-2027',
        } as never),
      ),
    ).rejects.toMatchObject({
      code: 'ServiceLevelsNotInEffect',
      message: expect.stringMatching(
        /^Service levels fr-2027 take effect on 2027-01-01T00:00:00\.000Z: made the default now, calls logged until then would count by the built-in round-the-clock rules\./,
      ),
      details: { ruleSetId: 'fr-2027', effectiveFrom: '2027-01-01T00:00:00.000Z' },
    });
    expect(await store.headPosition()).toBe(head);
  });
});
