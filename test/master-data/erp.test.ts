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

describe('master data kept in an ERP (B5)', () => {
  it('refuses customers and contracts recorded here, where nothing would read them, and writes nothing', async () => {
    // Given callstream reading its master data from the ERP
    const callstream = await Callstream.open({
      masterData: new ErpMasterData(new FakeErp([acme], [contract], [server])),
    });
    const head = await callstream.store.headPosition();
    const by = { commandId: uuid(), actor: staff.sam, at: '2026-07-01T09:00:00Z' };
    // When Sam registers a customer and a contract in callstream
    // Then each is refused, saying where master data is kept, and nothing is written
    for (const command of [
      { type: 'RegisterCustomer', customerId: 'C2000', name: 'Initech' },
      {
        type: 'RegisterContract',
        contractId: 'SC-2',
        customerId: 'C1000',
        from: '2026-01-01',
        until: '2026-12-31',
      },
    ])
      await expect(
        callstream.executeJson({ ...by, ...command, commandId: uuid() }),
      ).rejects.toMatchObject({
        code: 'MasterDataKeptElsewhere',
        message: expect.stringMatching(
          new RegExp(
            `^${command.type} would record .* read from the system plugged in as masterData`,
          ),
        ),
      });
    expect(await callstream.store.headPosition()).toBe(head);
    // And callstream's own settings, and the installed base the planner plans work on, are recorded as ever
    await callstream.executeJson({
      ...by,
      commandId: uuid(),
      type: 'SetTimeZone',
      timeZone: 'Europe/Paris',
    });
    await callstream.executeJson({
      ...by,
      commandId: uuid(),
      type: 'RegisterEquipment',
      serialNumber: 'SRV-2',
      item: 'server',
      customerId: 'C1000',
      siteId: 'paris',
      from: '2026-01-01',
    });
    expect(await callstream.store.headPosition()).not.toBe(head);
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

/** An ERP whose answers are replaced by `answers`: what a broken integration sends. */
function erpAnswering(answers: Partial<Record<keyof ErpClient, unknown>>): ErpMasterData {
  const fake = new FakeErp([acme], [contract], [server]);
  const answer =
    <K extends keyof ErpClient>(key: K, normal: (...args: string[]) => Promise<unknown>) =>
    async (...args: string[]) =>
      key in answers ? answers[key] : normal(...args);
  return new ErpMasterData({
    searchCustomers: answer('searchCustomers', () =>
      fake.searchCustomers({ email: 'it@acme.example' }),
    ) as ErpClient['searchCustomers'],
    customer: answer('customer', (n) => fake.customer(n)),
    contracts: answer('contracts', (n) => fake.contracts(n)) as ErpClient['contracts'],
    equipment: answer('equipment', (s) => fake.equipment(s)),
  });
}

describe('an ERP answering what the domain cannot take (B5)', () => {
  it('fails loudly on a search that answers no list of customer numbers, and on contracts that are no list', async () => {
    for (const garbage of ['C1000', undefined, [1000], [''], { C1000: true }])
      await expect(
        erpAnswering({ searchCustomers: garbage }).findCustomerIds({ email: 'it@acme.example' }),
      ).rejects.toThrow(/ERP search by email: /);
    for (const garbage of [undefined, { number: 'SC-2026-01' }])
      await expect(erpAnswering({ contracts: garbage }).contractsOf('C1000')).rejects.toThrow(
        /ERP contracts of customer C1000: /,
      );
  });

  it('fails loudly on a record of another customer, contract owner or serial number than asked for', async () => {
    await expect(
      erpAnswering({ customer: { ...acme, number: '0001000' } }).customer('C1000'),
    ).rejects.toThrow(/ERP customer C1000: .*customer 0001000/);
    await expect(
      erpAnswering({ contracts: [{ ...contract, customerNumber: '0001000' }] }).contractsOf(
        'C1000',
      ),
    ).rejects.toThrow(/ERP contract 1 of customer C1000: .*customer 0001000/);
    await expect(
      erpAnswering({ equipment: { ...server, serialNumber: 'SRV-2' } }).equipment('SRV-1'),
    ).rejects.toThrow(/ERP equipment SRV-1: .*SRV-2/);
  });

  it('fails loudly on a block released without its last day: in force until when, it cannot say', async () => {
    const released = {
      ...acme,
      blocks: [{ id: 'B-1', code: 'PAYMENT', validFrom: '2026-11-01', released: true }],
    };
    await expect(erpAnswering({ customer: released }).customer('C1000')).rejects.toThrow(
      /ERP customer C1000: block B-1 is released but has no last day \(validTo\)/,
    );
  });

  it('records no verdict on a request while the ERP answers garbage: it waits, and is judged once the ERP answers', async () => {
    let search: unknown = 'C1000';
    const fake = new FakeErp([acme], [contract], [server]);
    const masterData = new ErpMasterData({
      searchCustomers: async (query) =>
        search === undefined ? fake.searchCustomers(query) : (search as string[]),
      customer: (n) => fake.customer(n),
      contracts: (n) => fake.contracts(n),
      equipment: (s) => fake.equipment(s),
    });
    const callstream = await Callstream.open({ masterData });
    await callstream.execute({
      type: 'SubmitRequest',
      commandId: uuid(),
      actor: staff.mail,
      at: '2026-07-01T09:00:00Z',
      requestId: 'r1',
      channel: 'email',
      sender: { email: 'it@acme.example' },
      summary: 'Server down',
      body: 'It does not boot',
      serialNumber: 'SRV-1',
      service: 'on-site-repair',
    });
    const acceptance = {
      type: 'AcceptRequest' as const,
      commandId: uuid(),
      actor: staff.ann,
      at: '2026-07-01T09:05:00Z',
      requestId: 'r1',
    };
    const head = await callstream.store.headPosition();
    await expect(callstream.execute(acceptance)).rejects.toThrow(ErpDataError);
    expect(await callstream.store.headPosition()).toBe(head);
    expect(callstream.inbox().map((entry) => [entry.requestId, entry.status])).toEqual([
      ['r1', 'waiting'],
    ]);
    search = undefined;
    const accepted = await callstream.execute(acceptance);
    expect(accepted.call?.state.coverage).toMatchObject({ verdict: 'covered' });
  });

  it('lets a submission accepted at once, whose acceptance met an ERP that failed, finish when sent again', async () => {
    let down = true;
    const fake = new FakeErp([acme], [contract], [server]);
    const callstream = await Callstream.open({
      masterData: new ErpMasterData({
        searchCustomers: async (query) => {
          if (down) throw new Error('ERP unreachable: connect ECONNREFUSED');
          return fake.searchCustomers(query);
        },
        customer: (n) => fake.customer(n),
        contracts: (n) => fake.contracts(n),
        equipment: (s) => fake.equipment(s),
      }),
    });
    await callstream.execute({
      type: 'SetInboxes',
      commandId: uuid(),
      actor: staff.sam,
      mode: 'shared',
      autoAccept: ['email'],
    });
    const submission = {
      type: 'SubmitRequest' as const,
      commandId: uuid(),
      actor: staff.mail,
      at: '2026-07-01T09:00:00Z',
      requestId: 'r1',
      channel: 'email' as const,
      sender: { email: 'it@acme.example' },
      summary: 'Server down',
      body: 'It does not boot',
      serialNumber: 'SRV-1',
      service: 'on-site-repair' as const,
    };
    await expect(callstream.execute(submission)).rejects.toThrow(/ECONNREFUSED/);
    expect(callstream.inbox().map((entry) => [entry.requestId, entry.status])).toEqual([
      ['r1', 'waiting'],
    ]);
    down = false;
    const sentAgain = await callstream.execute(submission);
    expect(sentAgain.call?.state.coverage).toMatchObject({ verdict: 'covered' });
    expect(callstream.inbox()).toEqual([]);
  });
});
