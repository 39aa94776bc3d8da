import { describe, expect, it } from 'vitest';
import {
  equipmentCommandTypes,
  equipmentPermissions,
  isUnderWarranty,
  placementOn,
} from '../../../src/domain/index.js';
import {
  AT,
  equipmentEvents as events,
  equipmentOf,
  givenEquipment as given,
} from '../../support/master-data-spec.js';

const register = {
  type: 'RegisterEquipment' as const,
  serialNumber: 'SRV-1',
  item: 'server',
  customerId: 'acme',
  siteId: 'paris',
  from: '2026-01-15',
};

describe('RegisterEquipment', () => {
  it('registers equipment in the installed base with its owner, site, warranty and contract', () => {
    given()
      .when({ ...register, warrantyUntil: '2028-01-14', contractId: 'K-2026' })
      .then({
        type: 'EquipmentRegistered',
        data: {
          serialNumber: 'SRV-1',
          at: AT,
          item: 'server',
          customerId: 'acme',
          siteId: 'paris',
          from: '2026-01-15',
          warrantyUntil: '2028-01-14',
          contractId: 'K-2026',
        },
      });
    expect(equipmentOf(events.registered({ warrantyUntil: '2028-01-14' }))).toEqual({
      serialNumber: 'SRV-1',
      item: 'server',
      warrantyUntil: '2028-01-14',
      placements: [{ from: '2026-01-15', customerId: 'acme', siteId: 'paris' }],
    });
  });

  it('refuses to register the same serial number twice', () => {
    given(events.registered()).when(register).refuses('EquipmentAlreadyRegistered');
  });

  it('refuses any other command on equipment that was never registered', () => {
    given()
      .when({ type: 'MoveEquipment', siteId: 'rome', from: '2026-06-01' })
      .refuses('EquipmentNotFound');
  });
});

describe('MoveEquipment', () => {
  it('moves equipment to another site from a day on, keeping where it stood before', () => {
    given(events.registered())
      .when({ type: 'MoveEquipment', siteId: 'rome', from: '2026-06-01' })
      .then(events.moved('rome', '2026-06-01'));
    const equipment = equipmentOf(events.registered(), events.moved('rome', '2026-06-01'));
    expect(placementOn(equipment, '2026-01-14')).toBeUndefined();
    expect(placementOn(equipment, '2026-05-31')).toEqual({
      from: '2026-01-15',
      customerId: 'acme',
      siteId: 'paris',
    });
    expect(placementOn(equipment, '2026-06-01')).toEqual({
      from: '2026-06-01',
      customerId: 'acme',
      siteId: 'rome',
    });
  });

  it('refuses a move to the site where it stands', () => {
    given(events.registered())
      .when({ type: 'MoveEquipment', siteId: 'paris', from: '2026-06-01' })
      .refuses('AlreadyAtSite');
  });

  it('refuses a move that does not start after the last placement', () => {
    given(events.registered(), events.moved('rome', '2026-06-01'))
      .when({ type: 'MoveEquipment', siteId: 'paris', from: '2026-06-01' })
      .refuses('PlacementOutOfOrder');
    given(events.registered())
      .when({ type: 'MoveEquipment', siteId: 'rome', from: '2026-01-01' })
      .refuses('PlacementOutOfOrder');
  });
});

describe('ChangeOwner', () => {
  it('hands equipment to another customer at one of its sites from a day on', () => {
    given(events.registered())
      .when({ type: 'ChangeOwner', customerId: 'globex', siteId: 'lyon', from: '2026-09-01' })
      .then(events.ownerChanged('globex', 'lyon', '2026-09-01'));
    const equipment = equipmentOf(
      events.registered(),
      events.moved('rome', '2026-06-01'),
      events.ownerChanged('globex', 'lyon', '2026-09-01'),
    );
    expect(placementOn(equipment, '2026-08-31')).toEqual({
      from: '2026-06-01',
      customerId: 'acme',
      siteId: 'rome',
    });
    expect(placementOn(equipment, '2026-09-01')).toEqual({
      from: '2026-09-01',
      customerId: 'globex',
      siteId: 'lyon',
    });
  });

  it('refuses a change to the customer who already owns it', () => {
    given(events.registered())
      .when({ type: 'ChangeOwner', customerId: 'acme', siteId: 'rome', from: '2026-09-01' })
      .refuses('AlreadyOwner', /move it instead/);
  });

  it('refuses a change that does not start after the last placement', () => {
    given(events.registered())
      .when({ type: 'ChangeOwner', customerId: 'globex', siteId: 'lyon', from: '2026-01-15' })
      .refuses('PlacementOutOfOrder');
  });
});

describe('warranty and permissions', () => {
  it('the warranty covers through its last day', () => {
    const equipment = equipmentOf(events.registered({ warrantyUntil: '2026-11-23' }));
    expect(isUnderWarranty(equipment, '2026-11-23')).toBe(true);
    expect(isUnderWarranty(equipment, '2026-11-24')).toBe(false);
    expect(isUnderWarranty(equipmentOf(events.registered()), '2026-01-15')).toBe(false);
  });

  it('permissions name roles for every command', () => {
    expect(Object.keys(equipmentPermissions).sort()).toEqual([...equipmentCommandTypes].sort());
    expect(equipmentPermissions.ChangeOwner).not.toContain('engineer');
  });
});
