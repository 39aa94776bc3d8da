import { describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { Callstream } from '../../src/callstream.js';
import { staff } from '../support/pipeline.js';
import { validateCustomerRequest, type MasterData } from '../../src/domain/index.js';
import { masterDataSnapshot } from '../../src/master-data/snapshot.js';
import {
  ErpDataError,
  ErpMasterData,
  type ErpClient,
  type ErpContract,
  type ErpCustomer,
  type ErpEquipment,
} from '../../src/master-data/erp.js';

/** A test double of the ERP: records in the ERP's own shape, and the queries it was asked. */
class FakeErp implements ErpClient {
  readonly searches: Array<Record<string, string>> = [];
  constructor(
    private readonly customers: readonly ErpCustomer[],
    private readonly contractRecords: readonly ErpContract[],
    private readonly equipmentRecords: readonly ErpEquipment[],
  ) {}

  async searchCustomers(query: {
    email?: string;
    phone?: string;
    account?: string;
  }): Promise<readonly string[]> {
    this.searches.push({ ...query });
    const digits = (value: string) => value.replace(/\D/g, '');
    return this.customers
      .filter(
        (c) =>
          (query.email !== undefined &&
            (c.emails ?? []).some((e) => e.toLowerCase() === query.email)) ||
          (query.phone !== undefined && (c.phones ?? []).some((p) => digits(p) === query.phone)) ||
          (query.account !== undefined && (c.accounts ?? []).includes(query.account)),
      )
      .map((c) => c.number);
  }
  async customer(customerNumber: string): Promise<unknown> {
    return this.customers.find((c) => c.number === customerNumber);
  }
  async contracts(customerNumber: string): Promise<readonly unknown[]> {
    return this.contractRecords.filter((c) => c.customerNumber === customerNumber);
  }
  async equipment(serialNumber: string): Promise<unknown> {
    return this.equipmentRecords.find((e) => e.serialNumber === serialNumber);
  }
}

const acme: ErpCustomer = {
  number: 'C1000',
  name: 'Acme Industries',
  emails: ['IT@acme.example'],
  phones: ['+33 1 23 45 67 89'],
  sites: [{ id: 'paris', name: 'Paris office', city: 'Paris', country: 'FR' }],
  contacts: [{ id: 'carl', name: 'Carl Customer', email: 'carl@acme.example' }],
  blocks: [
    {
      id: 'B-77',
      code: 'PAYMENT',
      text: 'Invoice 117',
      validFrom: '2026-11-01',
      validTo: '2026-11-10',
      released: true,
    },
    { id: 'B-78', code: 'DOCUMENTS', validFrom: '2026-12-15', validTo: '2026-12-20' },
  ],
};
const contract: ErpContract = {
  number: 'SC-2026-01',
  customerNumber: 'C1000',
  validFrom: '2026-01-01',
  validTo: '2026-12-31',
  slaPolicy: 'gold',
  lines: [
    { id: '10', service: 'on-site-repair', serialNumber: 'SRV-1', coveragePercent: 100 },
    {
      id: '20',
      service: 'on-site-repair',
      item: 'pc',
      siteId: 'paris',
      coveragePercent: 60,
      visits: 6,
      limitPeriod: 'year',
    },
    {
      id: '30',
      service: 'remote-support',
      siteId: 'paris',
      coveragePercent: 100,
      validTo: '2026-06-30',
    },
  ],
};
const server: ErpEquipment = {
  serialNumber: 'SRV-1',
  item: 'server',
  warrantyEnd: '2026-03-31',
  contractNumber: 'SC-2026-01',
  history: [
    { from: '2026-06-01', customerNumber: 'C1000', siteId: 'rome' },
    { from: '2026-01-15', customerNumber: 'C1000', siteId: 'paris' },
  ],
};

/** An ERP that also looks a contract up by its number. */
class FakeErpWithContracts extends FakeErp {
  constructor(private readonly all: readonly ErpContract[]) {
    super([acme], all, []);
  }
  async contract(contractNumber: string): Promise<unknown> {
    return this.all.find((c) => c.number === contractNumber);
  }
}

const policyFor = (contractId: string) => ({
  type: 'SetAcceptancePolicy' as const,
  commandId: uuid(),
  actor: staff.sam,
  required: true,
  contractId,
});

describe('a policy naming a contract, with the ERP as master data', () => {
  it('is checked against the ERP where it looks contracts up: an unknown one is ContractNotFound', async () => {
    const masterData = new ErpMasterData(new FakeErpWithContracts([contract]));
    expect((await masterData.contract!('SC-2026-01'))?.customerId).toBe('C1000');
    expect(await masterData.contract!('SC-2099-99')).toBeNull();
    const callstream = await Callstream.open({ masterData });
    await callstream.execute(policyFor('SC-2026-01'));
    const head = await callstream.store.headPosition();
    await expect(callstream.execute(policyFor('SC-2099-99'))).rejects.toMatchObject({
      code: 'ContractNotFound',
      details: { contractId: 'SC-2099-99' },
    });
    expect(await callstream.store.headPosition()).toBe(head);
  });

  it('is left unchecked where the ERP can only list a customer’s contracts', async () => {
    const masterData = new ErpMasterData(new FakeErp([acme], [contract], []));
    expect(masterData.contract).toBeUndefined();
    const callstream = await Callstream.open({ masterData });
    const result = await callstream.execute(policyFor('SC-2099-99'));
    expect(result.events.map((e) => e.type)).toEqual(['AcceptancePolicySet']);
  });
});

describe('the ERP adapter (B5)', () => {
  it('searches the ERP with normalised identifiers and translates its records into domain states', async () => {
    const erp = new FakeErp([acme], [contract], [server]);
    const masterData: MasterData = new ErpMasterData(erp);
    expect(
      await masterData.findCustomerIds({ email: 'It@ACME.example', phone: '+33 (1) 23-45-67-89' }),
    ).toEqual(['C1000']);
    expect(erp.searches).toEqual([{ email: 'it@acme.example', phone: '33123456789' }]);
    expect(await masterData.customer('C1000')).toEqual({
      id: 'C1000',
      name: 'Acme Industries',
      identifiers: {
        'email:it@acme.example': { kind: 'email', value: 'IT@acme.example' },
        'phone:33123456789': { kind: 'phone', value: '+33 1 23 45 67 89' },
      },
      contacts: { carl: { name: 'Carl Customer', email: 'carl@acme.example' } },
      sites: { paris: { name: 'Paris office', city: 'Paris', country: 'FR' } },
      blocks: {
        'B-77': {
          reason: 'non-payment',
          note: 'Invoice 117',
          from: '2026-11-01',
          until: '2026-11-10',
          released: true,
        },
        'B-78': {
          reason: 'missing-documents',
          from: '2026-12-15',
          until: '2026-12-20',
          released: false,
        },
      },
    });
    expect(await masterData.contractsOf('C1000')).toEqual([
      {
        id: 'SC-2026-01',
        customerId: 'C1000',
        from: '2026-01-01',
        until: '2026-12-31',
        serviceLevelPolicyId: 'gold',
        renewals: [],
        lines: {
          '10': { service: 'on-site-repair', scope: { serialNumber: 'SRV-1' }, share: 100 },
          '20': {
            service: 'on-site-repair',
            scope: { item: 'pc', siteId: 'paris' },
            share: 60,
            limits: { visits: 6, per: 'year' },
          },
          '30': {
            service: 'remote-support',
            scope: { siteId: 'paris' },
            share: 100,
            until: '2026-06-30',
          },
        },
      },
    ]);
    expect(await masterData.equipment('SRV-1')).toEqual({
      serialNumber: 'SRV-1',
      item: 'server',
      warrantyUntil: '2026-03-31',
      contractId: 'SC-2026-01',
      placements: [
        { from: '2026-01-15', customerId: 'C1000', siteId: 'paris' },
        { from: '2026-06-01', customerId: 'C1000', siteId: 'rome' },
      ],
    });
    expect(await masterData.customer('C9999')).toBeNull();
    expect(await masterData.equipment('SRV-404')).toBeNull();
  });

  it("keeps the ERP's own ids as they are, even those every object has a member for", async () => {
    const odd: ErpCustomer = {
      ...acme,
      contacts: [
        { id: '__proto__', name: 'Pat Proto' },
        { id: 'constructor', name: 'Connie Structor' },
      ],
      sites: [{ id: 'toString', name: 'Depot', city: 'Lyon', country: 'FR' }],
      blocks: [],
    };
    const customer = (await new ErpMasterData(new FakeErp([odd], [], [])).customer('C1000'))!;
    expect(Object.keys(customer.contacts)).toEqual(['__proto__', 'constructor']);
    expect(Object.hasOwn(customer.contacts, '__proto__')).toBe(true);
    expect(Object.keys(customer.sites)).toEqual(['toString']);
    // Through JSON (the read model) they stay own keys.
    const revived = JSON.parse(JSON.stringify(customer)) as typeof customer;
    expect(Object.keys(revived.contacts)).toEqual(['__proto__', 'constructor']);
  });

  it('feeds the same validation as the local read model', async () => {
    const masterData = new ErpMasterData(new FakeErp([acme], [contract], [server]));
    const decide = async (day: string, serialNumber?: string) => {
      const request = {
        sender: { email: 'it@acme.example' },
        day,
        service: 'on-site-repair' as const,
        ...(serialNumber ? { serialNumber } : {}),
        siteId: 'paris',
        item: 'pc',
      };
      const result = validateCustomerRequest(
        await masterDataSnapshot(masterData, request),
        request,
      );
      return result.outcome === 'refused'
        ? result.reason
        : `${result.coverage.verdict}/${result.coverage.rule}`;
    };
    expect(await decide('2026-03-01', 'SRV-1')).toBe('covered/warranty');
    expect(await decide('2026-07-01', 'SRV-1')).toBe('covered/serial-number');
    expect(await decide('2026-07-01')).toBe('partly-covered/item-at-site');
    expect(await decide('2026-11-05')).toBe('blocked');
    expect(await decide('2026-12-16')).toBe('blocked');
    expect(await decide('2027-01-05')).toBe('no-active-contract');
  });

  it('applies a termination the ERP reports as the end of validity', async () => {
    const terminated = { ...contract, terminated: { date: '2026-08-31', reason: 'Moved away' } };
    const [state] = await new ErpMasterData(new FakeErp([acme], [terminated], [])).contractsOf(
      'C1000',
    );
    expect(state).toMatchObject({
      until: '2026-08-31',
      termination: { until: '2026-08-31', reason: 'Moved away' },
    });
  });

  it('fails loudly on records the domain cannot take', async () => {
    const noScope = {
      ...contract,
      lines: [{ id: '1', service: 'on-site-repair' as const, coveragePercent: 100 }],
    };
    await expect(
      new ErpMasterData(new FakeErp([acme], [noScope], [])).contractsOf('C1000'),
    ).rejects.toThrow(ErpDataError);
    const twoScopes = {
      ...contract,
      lines: [
        {
          id: '1',
          service: 'on-site-repair' as const,
          serialNumber: 'S',
          siteId: 'paris',
          coveragePercent: 100,
        },
      ],
    };
    await expect(
      new ErpMasterData(new FakeErp([acme], [twoScopes], [])).contractsOf('C1000'),
    ).rejects.toThrow(/serial number and also/);
    const badDay = {
      ...acme,
      blocks: [{ id: 'X', code: 'PAYMENT' as const, validFrom: '01/11/2026' }],
    };
    await expect(
      new ErpMasterData(new FakeErp([badDay], [], [])).customer('C1000'),
    ).rejects.toThrow(/ERP customer C1000/);
    const sameDay = {
      ...server,
      history: [server.history[0]!, { ...server.history[0]!, siteId: 'paris' }],
    };
    await expect(
      new ErpMasterData(new FakeErp([], [], [sameDay])).equipment('SRV-1'),
    ).rejects.toThrow(/two placements start on 2026-06-01/);
  });
});
