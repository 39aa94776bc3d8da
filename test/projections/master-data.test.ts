import fc from 'fast-check';
import { v4 as uuid } from 'uuid';
import { describe, expect, it } from 'vitest';
import { encodeEvents } from '../../src/streams/index.js';
import {
  recognisedKeys,
  validateCustomerRequest,
  type CustomerRequest,
} from '../../src/domain/index.js';
import { masterDataSnapshot } from '../../src/master-data/snapshot.js';
import {
  MASTER_DATA_PROJECTION,
  masterDataProjection,
  type IdentifierIndex,
} from '../../src/projections/master-data.js';
import { ReadModelMasterData } from '../../src/master-data/read-model.js';
import { MemoryReadModelStore } from '../../src/projections/read-models/memory.js';
import { SqliteReadModelStore } from '../../src/projections/read-models/sqlite.js';
import { ProjectionRunner } from '../../src/projections/runner.js';
import type { ReadModelStore } from '../../src/projections/types.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import type { EventStore } from '../../src/store/port.js';
import { MasterDataWorld, type Recorded } from '../support/master-data-world.js';

/** Appends what one command recorded, encoded as the pipeline encodes it. */
async function append(store: EventStore, recorded: Recorded): Promise<void> {
  const commandId = uuid();
  const events = encodeEvents(recorded.events, recorded.stream, {
    actor: recorded.actor,
    occurredAt: recorded.at,
    commandId,
    commandType: recorded.commandType,
    correlationId: commandId,
    causationId: commandId,
  });
  await store.appendToStream(recorded.stream, events, { expectedRevision: 'any' });
}

/** A world with customers sharing a phone number, contracts, and equipment that moves and changes hands. */
function sampleWorld(): MasterDataWorld {
  return new MasterDataWorld()
    .customer('acme', { type: 'RegisterCustomer', customerId: 'acme', name: 'Acme Industries' })
    .customer('acme', {
      type: 'AddIdentifier',
      identifier: { kind: 'email', value: 'IT@Acme.example' },
    })
    .customer('acme', {
      type: 'AddIdentifier',
      identifier: { kind: 'phone', value: '+33 1 23 45 67 89' },
    })
    .customer('acme', { type: 'AddIdentifier', identifier: { kind: 'account', value: 'ACME-001' } })
    .customer('acme', {
      type: 'AddSite',
      siteId: 'paris',
      name: 'Paris office',
      city: 'Paris',
      country: 'FR',
    })
    .customer('acme', {
      type: 'AddContact',
      contactId: 'carl',
      name: 'Carl Customer',
      email: 'carl@acme.example',
    })
    .customer('acme', { type: 'PlaceBlock', reason: 'non-payment', from: '2026-11-01' })
    .customer('acme', { type: 'ReleaseBlock', blockId: 'BL1', until: '2026-11-10' })
    .customer('globex', { type: 'RegisterCustomer', customerId: 'globex', name: 'Globex' })
    .customer('globex', {
      type: 'AddIdentifier',
      identifier: { kind: 'phone', value: '+33 (1) 23-45-67-89' },
    })
    .customer('globex', {
      type: 'AddIdentifier',
      identifier: { kind: 'email', value: 'desk@globex.example' },
    })
    .contract('K-2026', {
      type: 'RegisterContract',
      contractId: 'K-2026',
      customerId: 'acme',
      from: '2026-01-01',
      until: '2026-12-31',
      serviceLevelPolicyId: 'gold',
    })
    .contract('K-2026', {
      type: 'AddCoverageLine',
      service: 'on-site-repair',
      scope: { serialNumber: 'SRV-1' },
      share: 100,
    })
    .contract('K-2026', {
      type: 'AddCoverageLine',
      service: 'on-site-repair',
      scope: { siteId: 'paris' },
      share: 50,
      limits: { hours: 20, per: 'year' },
    })
    .contract('K-2025', {
      type: 'RegisterContract',
      contractId: 'K-2025',
      customerId: 'acme',
      from: '2025-01-01',
      until: '2025-12-31',
    })
    .contract('G-1', {
      type: 'RegisterContract',
      contractId: 'G-1',
      customerId: 'globex',
      from: '2026-01-01',
      until: '2026-06-30',
    })
    .contract('G-1', { type: 'TerminateContract', until: '2026-03-31', reason: 'Moved away' })
    .item('SRV-1', {
      type: 'RegisterEquipment',
      serialNumber: 'SRV-1',
      item: 'server',
      customerId: 'acme',
      siteId: 'paris',
      from: '2026-01-15',
      contractId: 'K-2026',
    })
    .item('SRV-1', { type: 'MoveEquipment', siteId: 'rome', from: '2026-06-01' })
    .item('SRV-1', {
      type: 'ChangeOwner',
      customerId: 'globex',
      siteId: 'lyon',
      from: '2026-12-01',
    });
}

async function project(world: MasterDataWorld, readModels: ReadModelStore, batchSize = 3) {
  const store = new MemoryEventStore();
  const runner = new ProjectionRunner(store, readModels, [masterDataProjection], { batchSize });
  for (const [index, recorded] of world.log.entries()) {
    await append(store, recorded);
    if (index % 4 === 0) await runner.catchUp();
  }
  await runner.catchUp();
  return { store, runner };
}

const readModelStores: Array<[string, () => ReadModelStore]> = [
  ['memory', () => new MemoryReadModelStore()],
  ['sqlite', () => new SqliteReadModelStore(':memory:')],
];

describe.each(readModelStores)('master-data read model on %s', (_, open) => {
  it('holds the aggregates’ own states and an index from normalised identifiers to customers', async () => {
    const world = sampleWorld();
    const readModels = open();
    await project(world, readModels);
    for (const [id, state] of world.customers)
      expect(readModels.get(MASTER_DATA_PROJECTION, 'customers', id)).toEqual(state);
    for (const [id, state] of world.contracts)
      expect(readModels.get(MASTER_DATA_PROJECTION, 'contracts', id)).toEqual(state);
    for (const [id, state] of world.equipment)
      expect(readModels.get(MASTER_DATA_PROJECTION, 'equipment', id)).toEqual(state);
    expect([...readModels.all(MASTER_DATA_PROJECTION, 'identifiers')]).toEqual([
      [
        'account:ACME-001',
        { identifier: 'account:ACME-001', kind: 'account', customerIds: ['acme'] },
      ],
      [
        'email:carl@acme.example',
        { identifier: 'email:carl@acme.example', kind: 'email', customerIds: ['acme'] },
      ],
      [
        'email:desk@globex.example',
        { identifier: 'email:desk@globex.example', kind: 'email', customerIds: ['globex'] },
      ],
      [
        'email:it@acme.example',
        { identifier: 'email:it@acme.example', kind: 'email', customerIds: ['acme'] },
      ],
      [
        'phone:33123456789',
        { identifier: 'phone:33123456789', kind: 'phone', customerIds: ['acme', 'globex'] },
      ],
    ]);
    readModels.close();
  });

  it('answers the MasterData port: senders, customers, contracts by customer, equipment by serial number', async () => {
    const world = sampleWorld();
    const readModels = open();
    await project(world, readModels);
    const source = new ReadModelMasterData(readModels);
    expect(await source.findCustomerIds({ email: 'it@ACME.EXAMPLE' })).toEqual(['acme']);
    expect(await source.findCustomerIds({ phone: '+33-1-23-45-67-89' })).toEqual([
      'acme',
      'globex',
    ]);
    expect(
      await source.findCustomerIds({ account: 'ACME-001', email: 'desk@globex.example' }),
    ).toEqual(['acme', 'globex']);
    expect(await source.findCustomerIds({ email: 'nobody@else.example' })).toEqual([]);
    expect(await source.customer('acme')).toEqual(world.customers.get('acme'));
    expect(await source.customer('initech')).toBeNull();
    expect((await source.contractsOf('acme')).map((c) => c.id)).toEqual(['K-2025', 'K-2026']);
    expect(await source.contractsOf('globex')).toEqual([world.contracts.get('G-1')]);
    expect(await source.equipment('SRV-1')).toEqual(world.equipment.get('SRV-1'));
    expect(await source.equipment('SRV-404')).toBeNull();
    readModels.close();
  });

  it('forgets a removed identifier, and keeps it for the other customers that have it', async () => {
    const world = sampleWorld()
      .customer('acme', {
        type: 'RemoveIdentifier',
        identifier: { kind: 'phone', value: '+33123456789' },
      })
      .customer('acme', {
        type: 'RemoveIdentifier',
        identifier: { kind: 'email', value: 'it@acme.example' },
      });
    const readModels = open();
    await project(world, readModels);
    const source = new ReadModelMasterData(readModels);
    expect(await source.findCustomerIds({ phone: '+33 1 23 45 67 89' })).toEqual(['globex']);
    expect(await source.findCustomerIds({ email: 'it@acme.example' })).toEqual([]);
    expect(
      readModels.get(MASTER_DATA_PROJECTION, 'identifiers', 'email:it@acme.example'),
    ).toBeUndefined();
    readModels.close();
  });
});

describe.each(readModelStores)('contacts recognise their customer (B1), on %s', (_, open) => {
  it('finds the customer by a contact’s e-mail or phone; a corrected or removed contact no longer; a value that is also an identifier stays', async () => {
    // Given carl, acme's contact, and dora, who writes from the address acme also has as an identifier
    const world = sampleWorld()
      .customer('acme', {
        type: 'AddContact',
        contactId: 'dora',
        name: 'Dora Desk',
        email: 'it@acme.example',
        phone: '+33 6 11 22 33 44',
      })
      .customer('acme', {
        type: 'AddContact',
        contactId: 'gil',
        name: 'Gil Shared',
        email: 'desk@globex.example',
      });
    const readModels = open();
    const { store } = await project(world, readModels);
    const source = new ReadModelMasterData(readModels);
    // Then their e-mail addresses and phone number recognise acme, compared as identifiers are
    expect(await source.findCustomerIds({ email: 'Carl@ACME.example' })).toEqual(['acme']);
    expect(await source.findCustomerIds({ phone: '+33 (6) 11-22-33-44' })).toEqual(['acme']);
    // And an address that is both acme's contact's and globex's identifier recognises both
    expect(await source.findCustomerIds({ email: 'desk@globex.example' })).toEqual([
      'acme',
      'globex',
    ]);
    // When carl moves to a new address, dora leaves, and gil's address is cleared
    const recorded = world.log.length;
    world
      .customer('acme', { type: 'ChangeContact', contactId: 'carl', email: 'carl@new.example' })
      .customer('acme', { type: 'RemoveContact', contactId: 'dora' })
      .customer('acme', { type: 'ChangeContact', contactId: 'gil', email: null });
    const runner = new ProjectionRunner(store, readModels, [masterDataProjection]);
    for (const change of world.log.slice(recorded)) await append(store, change);
    await runner.catchUp();
    // Then the old address and dora's phone recognise nobody, the new address acme,
    // it@acme.example still acme (its identifier), desk@globex.example globex alone
    expect(await source.findCustomerIds({ email: 'carl@acme.example' })).toEqual([]);
    expect(await source.findCustomerIds({ email: 'carl@new.example' })).toEqual(['acme']);
    expect(await source.findCustomerIds({ phone: '+33 6 11 22 33 44' })).toEqual([]);
    expect(await source.findCustomerIds({ email: 'it@acme.example' })).toEqual(['acme']);
    expect(await source.findCustomerIds({ email: 'desk@globex.example' })).toEqual(['globex']);
    expect(await source.customer('acme')).toEqual(world.customers.get('acme'));
    readModels.close();
  });
});

describe('master-data read model and validation', () => {
  it('validating through the read model gives what validating the aggregates gives', async () => {
    const world = sampleWorld();
    const readModels = new MemoryReadModelStore();
    await project(world, readModels);
    const source = new ReadModelMasterData(readModels);
    const requests: CustomerRequest[] = [
      {
        sender: { email: 'it@acme.example' },
        day: '2026-11-05',
        service: 'on-site-repair',
        serialNumber: 'SRV-1',
      },
      {
        sender: { email: 'it@acme.example' },
        day: '2026-11-23',
        service: 'on-site-repair',
        serialNumber: 'SRV-1',
      },
      {
        sender: { account: 'ACME-001' },
        day: '2026-11-23',
        service: 'on-site-repair',
        siteId: 'paris',
      },
      {
        sender: { account: 'ACME-001' },
        day: '2027-02-01',
        service: 'on-site-repair',
        siteId: 'paris',
      },
      { sender: { phone: '+33123456789' }, day: '2026-11-23', service: 'remote-support' },
      {
        sender: { email: 'desk@globex.example' },
        day: '2026-12-05',
        service: 'on-site-repair',
        serialNumber: 'SRV-1',
      },
    ];
    const outcomes = [];
    for (const request of requests) {
      const viaReadModel = validateCustomerRequest(
        await masterDataSnapshot(source, request),
        request,
      );
      expect(viaReadModel).toEqual(
        validateCustomerRequest(world.snapshot(request.serialNumber), request),
      );
      outcomes.push(
        viaReadModel.outcome === 'refused'
          ? viaReadModel.reason
          : `${viaReadModel.coverage.verdict}/${viaReadModel.coverage.rule ?? '-'}`,
      );
    }
    expect(outcomes).toEqual([
      'blocked',
      'covered/serial-number',
      'partly-covered/site',
      'no-active-contract',
      'unknown-customer',
      'no-active-contract',
    ]);
  });
});

/** Random master-data histories, through the deciders; refusals are skipped as the pipeline would refuse them. */
const step = fc.oneof(
  fc.record({
    kind: fc.constant('identifier' as const),
    customer: fc.constantFrom('acme', 'globex'),
    remove: fc.boolean(),
    identifier: fc.constantFrom(
      { kind: 'email' as const, value: 'Shared@Example.com' },
      { kind: 'phone' as const, value: '+33 1 23 45 67 89' },
      { kind: 'account' as const, value: 'A-1' },
    ),
  }),
  fc.record({
    kind: fc.constant('contact' as const),
    customer: fc.constantFrom('acme', 'globex'),
    contact: fc.constantFrom('c1', 'c2'),
    action: fc.constantFrom('add', 'change', 'clear', 'remove'),
    email: fc.constantFrom('shared@example.com', 'other@example.com'),
  }),
  fc.record({
    kind: fc.constant('block' as const),
    customer: fc.constantFrom('acme', 'globex'),
    day: fc.integer({ min: 1, max: 28 }),
    release: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('contract' as const),
    contract: fc.constantFrom('K1', 'K2'),
    customer: fc.constantFrom('acme', 'globex'),
    day: fc.integer({ min: 1, max: 28 }),
    action: fc.constantFrom('register', 'renew', 'terminate', 'line', 'end-line'),
  }),
  fc.record({
    kind: fc.constant('equipment' as const),
    serial: fc.constantFrom('S1', 'S2'),
    customer: fc.constantFrom('acme', 'globex'),
    day: fc.integer({ min: 1, max: 28 }),
    action: fc.constantFrom('register', 'move', 'owner'),
  }),
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

function play(steps: readonly Step[]): MasterDataWorld {
  const world = new MasterDataWorld()
    .customer('acme', { type: 'RegisterCustomer', customerId: 'acme', name: 'Acme' })
    .customer('globex', { type: 'RegisterCustomer', customerId: 'globex', name: 'Globex' });
  for (const s of steps) {
    world.attempt((w) => {
      if (s.kind === 'identifier')
        return w.customer(s.customer, {
          type: s.remove ? 'RemoveIdentifier' : 'AddIdentifier',
          identifier: s.identifier,
        });
      if (s.kind === 'contact') {
        const { contact: contactId } = s;
        switch (s.action) {
          case 'add':
            return w.customer(s.customer, {
              type: 'AddContact',
              contactId,
              name: 'Pat',
              email: s.email,
              phone: '+33 1 23 45 67 89',
            });
          case 'change':
            return w.customer(s.customer, { type: 'ChangeContact', contactId, email: s.email });
          case 'clear':
            return w.customer(s.customer, { type: 'ChangeContact', contactId, email: null });
          case 'remove':
            return w.customer(s.customer, { type: 'RemoveContact', contactId });
        }
      }
      const day = `2026-11-${String(s.day).padStart(2, '0')}`;
      if (s.kind === 'block') {
        return s.release
          ? w.customer(s.customer, { type: 'ReleaseBlock', blockId: 'BL1', until: day })
          : w.customer(s.customer, { type: 'PlaceBlock', reason: 'non-payment', from: day });
      }
      if (s.kind === 'contract') {
        switch (s.action) {
          case 'register':
            return w.contract(s.contract, {
              type: 'RegisterContract',
              contractId: s.contract,
              customerId: s.customer,
              from: day,
              until: '2026-12-31',
            });
          case 'renew':
            return w.contract(s.contract, {
              type: 'RenewContract',
              until: `2027-01-${String(s.day).padStart(2, '0')}`,
            });
          case 'terminate':
            return w.contract(s.contract, {
              type: 'TerminateContract',
              until: day,
              reason: 'Ended',
            });
          case 'line':
            return w.contract(s.contract, {
              type: 'AddCoverageLine',
              service: 'on-site-repair',
              scope: { siteId: 'paris' },
              share: 100,
              from: day,
            });
          case 'end-line':
            return w.contract(s.contract, { type: 'EndCoverageLine', lineId: 'L1', until: day });
        }
      }
      switch (s.action) {
        case 'register':
          return w.item(s.serial, {
            type: 'RegisterEquipment',
            serialNumber: s.serial,
            item: 'pc',
            customerId: s.customer,
            siteId: 'paris',
            from: day,
          });
        case 'move':
          return w.item(s.serial, {
            type: 'MoveEquipment',
            siteId: s.day % 2 ? 'rome' : 'paris',
            from: day,
          });
        case 'owner':
          return w.item(s.serial, {
            type: 'ChangeOwner',
            customerId: s.customer,
            siteId: 'lyon',
            from: day,
          });
      }
    });
  }
  return world;
}

describe('master-data projection', () => {
  it('built incrementally, equals a rebuild from zero, for random histories', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 40, size: 'max' }),
        fc.integer({ min: 1, max: 7 }),
        async (steps, batchSize) => {
          const world = play(steps);
          const readModels = new MemoryReadModelStore();
          const { runner } = await project(world, readModels, batchSize);
          const report = await runner.verify();
          expect(report.differences).toEqual([]);
          expect(report.documents).toBeGreaterThanOrEqual(2);
          // And it agrees with the aggregates themselves.
          for (const [id, state] of world.customers)
            expect(readModels.get(MASTER_DATA_PROJECTION, 'customers', id)).toEqual(state);
          for (const [id, state] of world.contracts)
            expect(readModels.get(MASTER_DATA_PROJECTION, 'contracts', id)).toEqual(state);
          for (const [id, state] of world.equipment)
            expect(readModels.get(MASTER_DATA_PROJECTION, 'equipment', id)).toEqual(state);
          // And its index names, for every identifier, the customers that identifier or a contact's address recognises.
          const recognising = new Map<string, string[]>();
          for (const [id, state] of world.customers)
            for (const key of recognisedKeys(state).keys())
              recognising.set(key, [...(recognising.get(key) ?? []), id].sort());
          expect(
            new Map(
              [...readModels.all<IdentifierIndex>(MASTER_DATA_PROJECTION, 'identifiers')].map(
                ([key, index]) => [key, index.customerIds],
              ),
            ),
          ).toEqual(recognising);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('detects a read model that drifted from the events', async () => {
    const readModels = new MemoryReadModelStore();
    const { runner } = await project(sampleWorld(), readModels);
    const position = readModels.checkpoint(MASTER_DATA_PROJECTION)!.position;
    readModels.commit([
      {
        projection: MASTER_DATA_PROJECTION,
        version: masterDataProjection.version,
        from: position,
        position,
        writes: new Map([['identifiers', new Map([['email:it@acme.example', null]])]]),
      },
    ]);
    const report = await runner.verify();
    expect(report.differences).toMatchObject([
      { collection: 'identifiers', key: 'email:it@acme.example', live: undefined },
    ]);
  });
});
