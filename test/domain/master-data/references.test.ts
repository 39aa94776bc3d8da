import { describe, expect, it } from 'vitest';
import { serviceCompany } from '../../support/company.js';

/** Issue 14, item 13: master data refers to things that exist. */
describe('master data refers to things that exist', () => {
  it.each([
    [
      'a contract for an unknown customer',
      'RegisterContract',
      { contractId: 'ghost-1', customerId: 'ghost', from: '2026-01-01', until: '2026-12-31' },
      'CustomerNotFound',
    ],
    [
      'equipment for an unknown customer',
      'RegisterEquipment',
      {
        serialNumber: 'X-1',
        item: 'printer',
        customerId: 'ghost',
        siteId: 'paris',
        from: '2026-01-01',
      },
      'CustomerNotFound',
    ],
    [
      'equipment at a site the customer does not have',
      'RegisterEquipment',
      {
        serialNumber: 'X-1',
        item: 'printer',
        customerId: 'acme',
        siteId: 'berlin',
        from: '2026-01-01',
      },
      'SiteNotFound',
    ],
    [
      'a move to a site the owner does not have',
      'MoveEquipment',
      { serialNumber: 'SRV-1', siteId: 'berlin', from: '2026-12-01' },
      'SiteNotFound',
    ],
    [
      'a change of owner to a site the new owner does not have',
      'ChangeOwner',
      { serialNumber: 'SRV-1', customerId: 'globex', siteId: 'paris', from: '2026-12-01' },
      'SiteNotFound',
    ],
    [
      'a coverage line for a site the contract’s customer does not have',
      'AddCoverageLine',
      {
        contractId: 'acme-2026',
        service: 'remote-support',
        scope: { siteId: 'milan' },
        share: 100,
      },
      'SiteNotFound',
    ],
    [
      'a coverage line for an item at an unknown site',
      'AddCoverageLine',
      {
        contractId: 'acme-2026',
        service: 'remote-support',
        scope: { item: 'printer', siteId: 'milan' },
        share: 100,
      },
      'SiteNotFound',
    ],
    [
      'equipment charged to a contract that does not exist',
      'RegisterEquipment',
      {
        serialNumber: 'X-1',
        item: 'printer',
        customerId: 'acme',
        siteId: 'paris',
        from: '2026-01-01',
        contractId: 'nope',
      },
      'ContractNotFound',
    ],
    [
      'equipment charged to another customer’s contract',
      'RegisterEquipment',
      {
        serialNumber: 'X-1',
        item: 'printer',
        customerId: 'acme',
        siteId: 'paris',
        from: '2026-01-01',
        contractId: 'globex-1',
      },
      'ContractNotFound',
    ],
  ])('refuses %s with a typed error, and writes nothing', async (_, type, fields, code) => {
    const { callstream, run } = await serviceCompany();
    const head = await callstream.store.headPosition();
    await expect(run(type, fields)).rejects.toMatchObject({ code });
    expect(await callstream.store.headPosition()).toBe(head);
  });

  it('refuses a coverage line on a serial number the installed base has with another customer; one not recorded yet is taken', async () => {
    const { callstream, run } = await serviceCompany();
    await run('AddSite', {
      customerId: 'globex',
      siteId: 'milano',
      name: 'Globex Milano',
      city: 'Milano',
      country: 'IT',
    });
    await run('RegisterEquipment', {
      serialNumber: 'GLX-1',
      item: 'printer',
      customerId: 'globex',
      siteId: 'milano',
      from: '2026-01-01',
    });
    const line = (serialNumber: string) =>
      run('AddCoverageLine', {
        contractId: 'acme-2026',
        service: 'remote-support',
        scope: { serialNumber },
        share: 100,
      });
    const head = await callstream.store.headPosition();
    await expect(line('GLX-1')).rejects.toMatchObject({
      code: 'EquipmentOfAnotherCustomer',
      details: { customerId: 'acme', serialNumber: 'GLX-1', owner: 'globex' },
    });
    expect(await callstream.store.headPosition()).toBe(head);
    // Signed before the machine is delivered: the installed base does not know it yet.
    await line('NEW-1');
    await line('SRV-2');
  });

  it('accepts what names known customers and sites', async () => {
    const { run } = await serviceCompany();
    await run('RegisterEquipment', {
      serialNumber: 'X-1',
      item: 'printer',
      customerId: 'acme',
      siteId: 'rome',
      from: '2026-01-01',
      contractId: 'acme-2026',
    });
    await run('MoveEquipment', { serialNumber: 'X-1', siteId: 'paris', from: '2026-12-01' });
    await run('AddCoverageLine', {
      contractId: 'acme-2026',
      service: 'remote-support',
      scope: { item: 'printer', siteId: 'rome' },
      share: 100,
    });
  });
});
