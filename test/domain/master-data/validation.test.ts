import { describe, expect, it } from 'vitest';
import {
  blockInForce,
  coverageFor,
  coverageSchema,
  customerRequestSchema,
  validateCustomerRequest,
  type Coverage,
  type CustomerRequest,
  type CustomerValidation,
  type MasterDataSnapshot,
} from '../../../src/domain/index.js';
import {
  contractEvents,
  contractOf,
  customerEvents,
  customerOf,
  equipmentEvents,
  equipmentOf,
} from '../../support/master-data-spec.js';
import { MasterDataWorld } from '../../support/master-data-world.js';

const DAY = '2026-11-23';

const acme = (...more: Parameters<typeof customerOf>) =>
  customerOf(
    customerEvents.registered(),
    customerEvents.identifierAdded('email', 'it@acme.example'),
    customerEvents.identifierAdded('phone', '+33 1 23 45 67 89'),
    customerEvents.identifierAdded('account', 'ACME-001'),
    customerEvents.siteAdded('paris', 'Paris', 'FR'),
    customerEvents.siteAdded('rome', 'Rome', 'IT'),
    ...more,
  );
const globex = customerOf(
  customerEvents.registered('globex', 'Globex'),
  customerEvents.identifierAdded('email', 'desk@globex.example'),
);
const contract = (...more: Parameters<typeof contractOf>) =>
  contractOf(contractEvents.registered(), ...more);

const request = (overrides: Partial<CustomerRequest> = {}): CustomerRequest => ({
  sender: { email: 'it@acme.example' },
  day: DAY,
  service: 'on-site-repair',
  ...overrides,
});

function snapshot(overrides: Partial<MasterDataSnapshot> = {}): MasterDataSnapshot {
  return { customers: [acme(), globex], contracts: [contract()], equipment: null, ...overrides };
}

function refused(result: CustomerValidation) {
  expect(result.outcome).toBe('refused');
  return result as Extract<CustomerValidation, { outcome: 'refused' }>;
}

function coverage(result: CustomerValidation): Coverage {
  expect(result, JSON.stringify(result)).toMatchObject({ outcome: 'accepted' });
  const { coverage } = result as Extract<CustomerValidation, { outcome: 'accepted' }>;
  // What a call records is exactly what comes back: the schema keeps it whole.
  expect(coverageSchema.parse(JSON.parse(JSON.stringify(coverage)))).toEqual(coverage);
  return coverage;
}

describe('B1: is it a customer?', () => {
  it('recognises the sender by e-mail address case-insensitively, by phone digits, and by account id', () => {
    for (const sender of [
      { email: 'IT@ACME.Example' },
      { phone: '+33 (1) 23-45-67-89' },
      { account: 'ACME-001' },
    ]) {
      const result = validateCustomerRequest(snapshot(), request({ sender }));
      expect(result).toMatchObject({ outcome: 'accepted', customerId: 'acme' });
    }
  });

  it('refuses an unknown sender as "unknown customer", without repeating personal data', () => {
    const result = refused(
      validateCustomerRequest(snapshot(), request({ sender: { email: 'someone@else.example' } })),
    );
    expect(result.reason).toBe('unknown-customer');
    expect(result.message).toBe("No customer is known by the sender's e-mail address");
    expect(JSON.stringify(result)).not.toContain('someone@else.example');
  });

  it('says what is missing when work names neither a customer nor a way to recognise one (automatic work on unknown equipment)', () => {
    // A planner, meter or alarm request: the sender is the device, the customer the equipment's owner.
    const device = { sender: {}, service: 'remote-support' as const, serialNumber: 'GHOST-1' };
    expect(refused(validateCustomerRequest(snapshot(), request(device)))).toMatchObject({
      reason: 'unknown-customer',
      message:
        'Equipment GHOST-1 is not in the installed base, so no customer owns it: register it (RegisterEquipment) with its owner and site',
      details: { serialNumber: 'GHOST-1' },
    });
    // Registered, but installed only after the day the work fell due.
    const later = equipmentOf(
      equipmentEvents.registered({ serialNumber: 'GHOST-1', from: '2026-12-01' }),
    );
    expect(
      refused(validateCustomerRequest(snapshot({ equipment: later }), request(device))).message,
    ).toBe('Equipment GHOST-1 has no owner in the installed base on 2026-11-23');
    const { serialNumber: _, ...nothing } = device;
    expect(refused(validateCustomerRequest(snapshot(), request(nothing))).message).toBe(
      'The request names no customer, and its sender no e-mail address, phone number or account to recognise one by',
    );
  });

  it('refuses when there is no customer at all, and after the identifier was removed', () => {
    expect(refused(validateCustomerRequest(snapshot({ customers: [] }), request())).reason).toBe(
      'unknown-customer',
    );
    const removed = acme({
      type: 'IdentifierRemoved',
      data: { at: new Date(0), identifier: { kind: 'email', value: 'it@acme.example' } },
    });
    expect(
      refused(validateCustomerRequest(snapshot({ customers: [removed] }), request())).reason,
    ).toBe('unknown-customer');
  });

  it('refuses a sender registered with several customers: it identifies no one customer', () => {
    const shared = customerOf(
      customerEvents.registered('globex', 'Globex'),
      customerEvents.identifierAdded('phone', '+33 1-23-45-67-89'),
    );
    const result = refused(
      validateCustomerRequest(
        snapshot({ customers: [acme(), shared] }),
        request({ sender: { phone: '+33123456789' } }),
      ),
    );
    expect(result).toMatchObject({
      reason: 'unknown-customer',
      details: { candidates: ['acme', 'globex'] },
    });
    expect(result.message).toMatch(/several customers \(acme, globex\)/);
  });

  it('checks the customer before anything else: an unknown sender is refused even when everything else is wrong', () => {
    const blocked = acme(customerEvents.blockPlaced());
    expect(
      refused(
        validateCustomerRequest(
          { customers: [blocked], contracts: [] },
          request({ sender: { email: 'x@y.example' } }),
        ),
      ).reason,
    ).toBe('unknown-customer');
  });
});

describe('B2: is it blocked?', () => {
  it('refuses a customer with a block in force on the request day, saying which block, why and for which days', () => {
    const blocked = acme(
      customerEvents.blockPlaced({ note: 'Invoice 2026-117 unpaid', until: '2026-11-30' }),
    );
    const result = refused(validateCustomerRequest(snapshot({ customers: [blocked] }), request()));
    expect(result).toEqual({
      outcome: 'refused',
      reason: 'blocked',
      message:
        'Customer acme is blocked on 2026-11-23 by block BL1 (non-payment), in force from 2026-11-01 until 2026-11-30',
      details: {
        customerId: 'acme',
        day: DAY,
        blockId: 'BL1',
        reason: 'non-payment',
        from: '2026-11-01',
        until: '2026-11-30',
        note: 'Invoice 2026-117 unpaid',
        blocks: ['BL1'],
      },
    });
  });

  it('says "until further notice" for an open-ended block, and names the earliest of several blocks', () => {
    const blocked = acme(
      customerEvents.blockPlaced({
        blockId: 'BL2',
        reason: 'missing-documents',
        from: '2026-11-20',
      }),
      customerEvents.blockPlaced({ blockId: 'BL1', from: '2026-11-01' }),
    );
    const result = refused(validateCustomerRequest(snapshot({ customers: [blocked] }), request()));
    expect(result.message).toMatch(
      /block BL1 \(non-payment\), in force from 2026-11-01 until further notice/,
    );
    expect(result.details).toMatchObject({ blockId: 'BL1', blocks: ['BL1', 'BL2'] });
  });

  it('blocked, then released the day before the request: accepted', () => {
    const released = acme(customerEvents.blockPlaced(), customerEvents.blockReleased('2026-11-22'));
    expect(validateCustomerRequest(snapshot({ customers: [released] }), request())).toMatchObject({
      outcome: 'accepted',
    });
  });

  it('released on the request day: still blocked that day (the release day is the last day in force)', () => {
    const released = acme(customerEvents.blockPlaced(), customerEvents.blockReleased(DAY));
    expect(
      refused(validateCustomerRequest(snapshot({ customers: [released] }), request())).reason,
    ).toBe('blocked');
  });

  it('a block starting the day after the request, or one that ended before, does not refuse', () => {
    const later = acme(customerEvents.blockPlaced({ from: '2026-11-24' }));
    const earlier = acme(customerEvents.blockPlaced({ from: '2026-10-01', until: '2026-10-31' }));
    for (const customer of [later, earlier])
      expect(validateCustomerRequest(snapshot({ customers: [customer] }), request()).outcome).toBe(
        'accepted',
      );
  });

  it('checks blocks before contracts', () => {
    const blocked = acme(customerEvents.blockPlaced());
    expect(
      refused(validateCustomerRequest(snapshot({ customers: [blocked], contracts: [] }), request()))
        .reason,
    ).toBe('blocked');
  });

  it('blockInForce answers for any day, so a call can be stopped while a block is in force', () => {
    const customer = acme(customerEvents.blockPlaced({ until: '2026-11-30' }));
    expect(blockInForce(customer, '2026-10-31')).toBeUndefined();
    expect(blockInForce(customer, '2026-11-01')).toEqual({
      blockId: 'BL1',
      reason: 'non-payment',
      from: '2026-11-01',
      until: '2026-11-30',
      released: false,
    });
    expect(blockInForce(customer, '2026-11-30')?.blockId).toBe('BL1');
    expect(blockInForce(customer, '2026-12-01')).toBeUndefined();
  });
});

describe('B3: has it a contract valid on the request day?', () => {
  it('refuses a customer without contracts', () => {
    const result = refused(validateCustomerRequest(snapshot({ contracts: [] }), request()));
    expect(result).toMatchObject({
      reason: 'no-active-contract',
      message: 'Customer acme has no contract valid on 2026-11-23',
      details: { endedContracts: [] },
    });
  });

  it('refuses when the only contract ended the day before, listing the contracts it has', () => {
    const ended = contract(contractEvents.terminated('2026-11-22'));
    const result = refused(validateCustomerRequest(snapshot({ contracts: [ended] }), request()));
    expect(result.reason).toBe('no-active-contract');
    expect(result.message).toBe(
      'Customer acme has no contract valid on 2026-11-23; its contracts ended before: K-2026 (2026-01-01 – 2026-11-22)',
    );
  });

  it('accepts a contract starting on the request day and one ending on the request day', () => {
    const starting = contractOf(contractEvents.registered({ from: DAY, until: '2027-11-22' }));
    const ending = contractOf(contractEvents.registered({ until: DAY }));
    for (const c of [starting, ending])
      expect(validateCustomerRequest(snapshot({ contracts: [c] }), request())).toMatchObject({
        outcome: 'accepted',
        coverage: { contractId: 'K-2026' },
      });
  });

  it('refuses a contract starting the day after, without mentioning it: the answer for a day holds only what was true by then', () => {
    const later = contractOf(
      contractEvents.registered({ from: '2026-11-24', until: '2027-11-23' }),
    );
    const result = refused(validateCustomerRequest(snapshot({ contracts: [later] }), request()));
    expect(result).toMatchObject({
      reason: 'no-active-contract',
      message: 'Customer acme has no contract valid on 2026-11-23',
      details: { endedContracts: [] },
    });
  });

  it('counts a renewal, and does not count another customer’s contract', () => {
    const lapsed = contractOf(contractEvents.registered({ until: '2026-06-30' }));
    const renewed = contractOf(
      contractEvents.registered({ until: '2026-06-30' }),
      contractEvents.renewed('2026-06-30', '2027-06-30'),
    );
    const theirs = contractOf(
      contractEvents.registered({ contractId: 'G-1', customerId: 'globex' }),
    );
    expect(
      refused(validateCustomerRequest(snapshot({ contracts: [lapsed, theirs] }), request())).reason,
    ).toBe('no-active-contract');
    expect(validateCustomerRequest(snapshot({ contracts: [renewed] }), request()).outcome).toBe(
      'accepted',
    );
  });
});

describe('B4: is the requested service covered?', () => {
  const server = (...more: Parameters<typeof equipmentOf>) =>
    equipmentOf(
      equipmentEvents.registered({ serialNumber: 'SRV-1', item: 'server', siteId: 'paris' }),
      ...more,
    );

  it('the warranty counts first, whatever the lines say', () => {
    const lines = contract(
      contractEvents.lineAdded({ lineId: 'L1', scope: { serialNumber: 'SRV-1' }, share: 50 }),
    );
    const warranted = equipmentOf(equipmentEvents.registered({ warrantyUntil: DAY }));
    expect(
      coverage(
        validateCustomerRequest(
          snapshot({ contracts: [lines], equipment: warranted }),
          request({ serialNumber: 'SRV-1' }),
        ),
      ),
    ).toEqual({
      day: DAY,
      service: 'on-site-repair',
      verdict: 'covered',
      rule: 'warranty',
      contractId: 'K-2026',
      share: 100,
      chargeable: false,
      warrantyUntil: DAY,
      serialNumber: 'SRV-1',
      siteId: 'paris',
      item: 'server',
    });
  });

  it('a warranty that ended the day before does not count', () => {
    const expired = equipmentOf(equipmentEvents.registered({ warrantyUntil: '2026-11-22' }));
    expect(
      coverage(
        validateCustomerRequest(
          snapshot({ equipment: expired }),
          request({ serialNumber: 'SRV-1' }),
        ),
      ).verdict,
    ).toBe('not-covered');
  });

  it('under warranty, the call is charged to the contract the equipment is registered under when it is valid', () => {
    const main = contractOf(
      contractEvents.registered({ contractId: 'A-MAIN', from: '2025-01-01', until: '2027-12-31' }),
    );
    const servers = contractOf(contractEvents.registered({ contractId: 'K-SERVERS' }));
    const warranted = equipmentOf(
      equipmentEvents.registered({ warrantyUntil: '2027-01-01', contractId: 'K-SERVERS' }),
    );
    expect(
      coverage(
        validateCustomerRequest(
          snapshot({ contracts: [main, servers], equipment: warranted }),
          request({ serialNumber: 'SRV-1' }),
        ),
      ).contractId,
    ).toBe('K-SERVERS');
  });

  it('the most specific line wins: serial number, then item at the site, then the site, then the item', () => {
    const all = [
      contractEvents.lineAdded({ lineId: 'by-item', scope: { item: 'server' }, share: 100 }),
      contractEvents.lineAdded({ lineId: 'by-site', scope: { siteId: 'paris' }, share: 90 }),
      contractEvents.lineAdded({
        lineId: 'by-item-at-site',
        scope: { item: 'server', siteId: 'paris' },
        share: 80,
      }),
      contractEvents.lineAdded({
        lineId: 'by-serial',
        scope: { serialNumber: 'SRV-1' },
        share: 70,
      }),
    ];
    const expected = [
      ['by-serial', 'serial-number', 70],
      ['by-item-at-site', 'item-at-site', 80],
      ['by-site', 'site', 90],
      ['by-item', 'item', 100],
    ] as const;
    for (let i = 0; i < expected.length; i++) {
      const [lineId, rule, share] = expected[i]!;
      const result = coverage(
        validateCustomerRequest(
          snapshot({ contracts: [contract(...all.slice(0, all.length - i))], equipment: server() }),
          request({ serialNumber: 'SRV-1' }),
        ),
      );
      expect(result).toMatchObject({
        lineId,
        rule,
        share,
        verdict: share === 100 ? 'covered' : 'partly-covered',
        chargeable: share < 100,
      });
    }
  });

  it('a share below 100 is partly covered and chargeable for the rest, with the line’s limits', () => {
    const parts = contract(
      contractEvents.lineAdded({
        scope: { siteId: 'paris' },
        share: 60,
        limits: { visits: 4, per: 'year' },
      }),
    );
    const result = validateCustomerRequest(
      snapshot({ contracts: [parts] }),
      request({ siteId: 'paris' }),
    );
    expect(coverage(result)).toMatchObject({
      verdict: 'partly-covered',
      share: 60,
      chargeable: true,
      limits: { visits: 4, per: 'year' },
      lineId: 'L1',
      rule: 'site',
    });
    expect(result).toMatchObject({
      message:
        'Partly covered (60%): on-site-repair on 2026-11-23 for site paris by contract K-2026, line L1 (the site); the rest is chargeable',
    });
  });

  it('nothing matching is not covered: accepted only as chargeable work, and said so', () => {
    const lines = contract(
      contractEvents.lineAdded({ scope: { siteId: 'rome' } }),
      contractEvents.lineAdded({
        lineId: 'L2',
        service: 'remote-support',
        scope: { siteId: 'paris' },
      }),
    );
    const result = validateCustomerRequest(
      snapshot({ contracts: [lines] }),
      request({ siteId: 'paris', item: 'server' }),
    );
    expect(coverage(result)).toEqual({
      day: DAY,
      service: 'on-site-repair',
      verdict: 'not-covered',
      contractId: 'K-2026',
      share: 0,
      chargeable: true,
      siteId: 'paris',
      item: 'server',
    });
    expect(result).toMatchObject({
      message:
        'Not covered: on-site-repair on 2026-11-23 for item server, site paris is covered by no contract; chargeable work only, charged to contract K-2026',
    });
  });

  it('lines count only on their own days within the contract', () => {
    const later = contract(contractEvents.lineAdded({ from: '2026-11-24' }));
    const ended = contract(
      contractEvents.lineAdded(),
      contractEvents.lineEnded('L1', '2026-11-22'),
    );
    const endingToday = contract(contractEvents.lineAdded(), contractEvents.lineEnded('L1', DAY));
    const startingToday = contract(contractEvents.lineAdded({ from: DAY }));
    const verdict = (c: ReturnType<typeof contract>) =>
      coverage(validateCustomerRequest(snapshot({ contracts: [c] }), request({ siteId: 'paris' })))
        .verdict;
    expect([later, ended, endingToday, startingToday].map(verdict)).toEqual([
      'not-covered',
      'not-covered',
      'covered',
      'covered',
    ]);
  });

  it('between equally specific lines the larger share wins, then the lower contract id, then the lower line id', () => {
    const a = contractOf(
      contractEvents.registered({ contractId: 'A' }),
      contractEvents.lineAdded({ lineId: 'L9', share: 50 }),
      contractEvents.lineAdded({ lineId: 'L5', share: 50 }),
    );
    const b = contractOf(
      contractEvents.registered({ contractId: 'B' }),
      contractEvents.lineAdded({ lineId: 'L1', share: 80 }),
    );
    const c = contractOf(
      contractEvents.registered({ contractId: 'C' }),
      contractEvents.lineAdded({ lineId: 'L1', share: 80 }),
    );
    const decide = (contracts: MasterDataSnapshot['contracts']) =>
      coverage(validateCustomerRequest(snapshot({ contracts }), request({ siteId: 'paris' })));
    expect(decide([a, c, b])).toMatchObject({ contractId: 'B', lineId: 'L1', share: 80 });
    expect(decide([c, b, a])).toEqual(decide([a, b, c]));
    expect(decide([a])).toMatchObject({ contractId: 'A', lineId: 'L5' });
  });

  it('uncovered work is charged to the equipment’s contract when valid, else to the earliest started valid contract', () => {
    const older = contractOf(
      contractEvents.registered({ contractId: 'Z-OLD', from: '2025-01-01', until: '2027-12-31' }),
    );
    const newer = contractOf(
      contractEvents.registered({ contractId: 'A-NEW', from: '2026-06-01' }),
    );
    const expired = contractOf(
      contractEvents.registered({ contractId: 'K-OLD', from: '2024-01-01', until: '2024-12-31' }),
    );
    const decide = (equipment: MasterDataSnapshot['equipment']) =>
      coverage(
        validateCustomerRequest(
          snapshot({ contracts: [newer, expired, older], equipment }),
          request({ serialNumber: 'SRV-1' }),
        ),
      ).contractId;
    expect(decide(null)).toBe('Z-OLD');
    expect(decide(server())).toBe('Z-OLD');
    expect(decide(equipmentOf(equipmentEvents.registered({ contractId: 'A-NEW' })))).toBe('A-NEW');
    expect(decide(equipmentOf(equipmentEvents.registered({ contractId: 'K-OLD' })))).toBe('Z-OLD');
  });

  it('equipment moved between sites: coverage follows the site it stood at on the request day', () => {
    const romeOnly = contract(contractEvents.lineAdded({ scope: { siteId: 'rome' } }));
    const moved = server(equipmentEvents.moved('rome', '2026-06-01'));
    const on = (day: string) =>
      coverage(
        validateCustomerRequest(
          snapshot({ contracts: [romeOnly], equipment: moved }),
          request({ day, serialNumber: 'SRV-1', siteId: 'paris' }),
        ),
      );
    expect(on('2026-05-31')).toMatchObject({ verdict: 'not-covered', siteId: 'paris' });
    expect(on('2026-06-01')).toMatchObject({ verdict: 'covered', rule: 'site', siteId: 'rome' });
  });

  it('equipment that stood for another customer on the request day is covered by nothing of this one’s, named with its owner; equipment not yet installed adds nothing', () => {
    const serversInParis = contract(
      contractEvents.lineAdded({ scope: { item: 'server', siteId: 'paris' } }),
    );
    const sold = server(equipmentEvents.ownerChanged('globex', 'lyon', '2026-09-01'));
    const warrantedSold = equipmentOf(
      equipmentEvents.registered({ warrantyUntil: '2030-01-01' }),
      equipmentEvents.ownerChanged('globex', 'lyon', '2026-09-01'),
    );
    const notYet = equipmentOf(
      equipmentEvents.registered({ from: '2026-12-01', warrantyUntil: '2030-01-01' }),
    );
    const notCovered = {
      day: DAY,
      service: 'on-site-repair',
      verdict: 'not-covered',
      contractId: 'K-2026',
      share: 0,
      chargeable: true,
      serialNumber: 'SRV-1',
    };
    for (const [equipment, owner] of [
      [sold, { owner: 'globex' }],
      [warrantedSold, { owner: 'globex' }],
      [notYet, {}],
    ] as const) {
      const validated = validateCustomerRequest(
        snapshot({ contracts: [serversInParis], equipment }),
        request({ serialNumber: 'SRV-1' }),
      );
      expect(coverage(validated)).toEqual({ ...notCovered, ...owner });
    }
    const asked = request({ serialNumber: 'SRV-1', item: 'server', siteId: 'paris' });
    // What the request itself says counts for a unit not installed yet...
    const result = coverage(
      validateCustomerRequest(snapshot({ contracts: [serversInParis], equipment: notYet }), asked),
    );
    expect(result).toMatchObject({ verdict: 'covered', rule: 'item-at-site' });
    // ...never for another customer's: a line of this one's at the site it names does not cover it.
    const validated = validateCustomerRequest(
      snapshot({ contracts: [serversInParis], equipment: sold }),
      asked,
    );
    expect(coverage(validated)).toMatchObject({ verdict: 'not-covered', owner: 'globex' });
    expect(validated).toMatchObject({
      message: expect.stringMatching(/is equipment of customer globex in the installed base;/),
    });
  });

  it('the requested service matters: a line for another service does not cover', () => {
    const lines = contract(
      contractEvents.lineAdded({ scope: { siteId: 'paris' }, service: 'preventive-maintenance' }),
    );
    expect(
      coverage(
        validateCustomerRequest(snapshot({ contracts: [lines] }), request({ siteId: 'paris' })),
      ).verdict,
    ).toBe('not-covered');
    expect(
      coverage(
        validateCustomerRequest(
          snapshot({ contracts: [lines] }),
          request({ siteId: 'paris', service: 'preventive-maintenance' }),
        ),
      ).verdict,
    ).toBe('covered');
  });

  it('validates requests at the boundary', () => {
    expect(
      customerRequestSchema.safeParse({ sender: {}, day: DAY, service: 'on-site-repair' }).success,
    ).toBe(false);
    expect(
      customerRequestSchema.safeParse({
        sender: { email: 'it@acme.example' },
        day: '2026-02-30',
        service: 'on-site-repair',
      }).success,
    ).toBe(false);
    expect(
      customerRequestSchema.safeParse({
        sender: { email: 'it@acme.example' },
        day: DAY,
        service: 'on-site-repair',
        site: 'paris',
      }).success,
    ).toBe(false);
    expect(
      customerRequestSchema.safeParse({
        sender: { phone: '+39 06 1234 5678' },
        day: DAY,
        service: 'depot-repair',
        serialNumber: 'ROM-PC-1',
      }).success,
    ).toBe(true);
  });
});

describe('the source’s example (B4): Paris and Rome', () => {
  /**
   * Paris: 3 of 5 servers and all 30 PCs covered; Rome: 1 of 3 servers and 5 of 8 PCs.
   * Servers and Rome's PCs are covered one by one (serial number), Paris's PCs as an item
   * at the site. Built through the deciders, as the pipeline will.
   */
  function example() {
    const world = new MasterDataWorld()
      .customer('acme', { type: 'RegisterCustomer', customerId: 'acme', name: 'Acme Industries' })
      .customer('acme', {
        type: 'AddIdentifier',
        identifier: { kind: 'email', value: 'it@acme.example' },
      })
      .customer('acme', {
        type: 'AddSite',
        siteId: 'paris',
        name: 'Paris office',
        city: 'Paris',
        country: 'FR',
      })
      .customer('acme', {
        type: 'AddSite',
        siteId: 'rome',
        name: 'Rome office',
        city: 'Rome',
        country: 'IT',
      })
      .contract('K-2026', {
        type: 'RegisterContract',
        contractId: 'K-2026',
        customerId: 'acme',
        from: '2026-01-01',
        until: '2026-12-31',
      });
    const fleet: Array<{ serialNumber: string; item: string; siteId: string; covered: boolean }> =
      [];
    const add = (prefix: string, item: string, siteId: string, count: number, covered: number) => {
      for (let n = 1; n <= count; n++)
        fleet.push({
          serialNumber: `${prefix}-${String(n).padStart(2, '0')}`,
          item,
          siteId,
          covered: n <= covered,
        });
    };
    add('PAR-SRV', 'server', 'paris', 5, 3);
    add('PAR-PC', 'pc', 'paris', 30, 30);
    add('ROM-SRV', 'server', 'rome', 3, 1);
    add('ROM-PC', 'pc', 'rome', 8, 5);
    for (const { serialNumber, item, siteId, covered } of fleet) {
      world.item(serialNumber, {
        type: 'RegisterEquipment',
        serialNumber,
        item,
        customerId: 'acme',
        siteId,
        from: '2026-01-15',
      });
      const byPiece = item === 'server' || siteId === 'rome';
      if (covered && byPiece)
        world.contract('K-2026', {
          type: 'AddCoverageLine',
          service: 'on-site-repair',
          scope: { serialNumber },
          share: 100,
        });
    }
    world.contract('K-2026', {
      type: 'AddCoverageLine',
      lineId: 'PARIS-PCS',
      service: 'on-site-repair',
      scope: { item: 'pc', siteId: 'paris' },
      share: 100,
    });
    return { world, fleet };
  }

  it('gives each of the 46 items the right verdict', () => {
    const { world, fleet } = example();
    expect(fleet).toHaveLength(46);
    const verdicts = fleet.map(({ serialNumber, item, siteId, covered }) => {
      const result = coverage(
        validateCustomerRequest(world.snapshot(serialNumber), request({ serialNumber })),
      );
      const rule = !covered
        ? undefined
        : item === 'pc' && siteId === 'paris'
          ? 'item-at-site'
          : 'serial-number';
      expect(result, serialNumber).toMatchObject({
        verdict: covered ? 'covered' : 'not-covered',
        chargeable: !covered,
        contractId: 'K-2026',
        siteId,
        item,
      });
      expect(result.rule, serialNumber).toBe(rule);
      return `${siteId}/${item}:${result.verdict}`;
    });
    const count = (key: string) => verdicts.filter((v) => v === key).length;
    expect([count('paris/server:covered'), count('paris/server:not-covered')]).toEqual([3, 2]);
    expect([count('paris/pc:covered'), count('paris/pc:not-covered')]).toEqual([30, 0]);
    expect([count('rome/server:covered'), count('rome/server:not-covered')]).toEqual([1, 2]);
    expect([count('rome/pc:covered'), count('rome/pc:not-covered')]).toEqual([5, 3]);
  });

  it('covers a Paris PC only while it stands in Paris', () => {
    const { world } = example();
    world.item('PAR-PC-07', { type: 'MoveEquipment', siteId: 'rome', from: '2026-12-01' });
    const on = (day: string) =>
      coverage(
        validateCustomerRequest(
          world.snapshot('PAR-PC-07'),
          request({ day, serialNumber: 'PAR-PC-07' }),
        ),
      );
    expect(on('2026-11-30')).toMatchObject({ verdict: 'covered', siteId: 'paris' });
    expect(on('2026-12-01')).toMatchObject({ verdict: 'not-covered', siteId: 'rome' });
  });
});

describe('coverageFor (reusable at billing, D2)', () => {
  it('picks the customer’s valid contracts itself, and refuses to decide without one', () => {
    const theirs = contractOf(
      contractEvents.registered({ contractId: 'G-1', customerId: 'globex' }),
      contractEvents.lineAdded(),
    );
    const ours = contractOf(contractEvents.registered(), contractEvents.lineAdded({ share: 30 }));
    const expired = contractOf(
      contractEvents.registered({ contractId: 'A-OLD', from: '2020-01-01', until: '2020-12-31' }),
      contractEvents.lineAdded(),
    );
    const result = coverageFor('acme', [theirs, expired, ours], null, {
      day: DAY,
      service: 'on-site-repair',
      siteId: 'paris',
    });
    expect(result).toMatchObject({
      contractId: 'K-2026',
      lineId: 'L1',
      share: 30,
      verdict: 'partly-covered',
    });
    expect(() =>
      coverageFor('acme', [theirs, expired], null, { day: DAY, service: 'on-site-repair' }),
    ).toThrow(expect.objectContaining({ code: 'NoActiveContract' }));
  });
});
