import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  customerCommandSchemas,
  customerCommandTypes,
  customerPermissions,
  identifierKey,
} from '../../../src/domain/index.js';
import {
  AT,
  customerEvents as events,
  customerOf,
  givenCustomer as given,
} from '../../support/master-data-spec.js';
import { inheritedNames } from '../../../src/domain/index.js';

describe('RegisterCustomer', () => {
  it('registers a customer with its name', () => {
    given()
      .when({ type: 'RegisterCustomer', customerId: 'acme', name: 'Acme Industries' })
      .then(events.registered('acme', 'Acme Industries', AT));
  });

  it('refuses to register a customer twice', () => {
    given(events.registered())
      .when({ type: 'RegisterCustomer', customerId: 'acme', name: 'Acme' })
      .refuses('CustomerAlreadyRegistered');
  });

  it('refuses any other command on a customer that was never registered', () => {
    given()
      .when({ type: 'AddSite', siteId: 'paris', name: 'HQ', city: 'Paris', country: 'FR' })
      .refuses('CustomerNotFound', /never registered/);
  });
});

describe('AddIdentifier and RemoveIdentifier (B1)', () => {
  it('adds an e-mail address, a phone number and an account id that recognise senders', () => {
    given(events.registered())
      .when({ type: 'AddIdentifier', identifier: { kind: 'email', value: 'IT@Acme.example' } })
      .then({
        type: 'IdentifierAdded',
        data: { at: AT, identifier: { kind: 'email', value: 'IT@Acme.example' } },
      });
    given(events.registered())
      .when({ type: 'AddIdentifier', identifier: { kind: 'phone', value: '+33 1 23 45 67 89' } })
      .then({
        type: 'IdentifierAdded',
        data: { at: AT, identifier: { kind: 'phone', value: '+33 1 23 45 67 89' } },
      });
    given(events.registered())
      .when({ type: 'AddIdentifier', identifier: { kind: 'account', value: 'ACME-001' } })
      .then({
        type: 'IdentifierAdded',
        data: { at: AT, identifier: { kind: 'account', value: 'ACME-001' } },
      });
  });

  it('refuses an identifier the customer already has: e-mail addresses compare case-insensitively, phone numbers by digits', () => {
    given(events.registered(), events.identifierAdded('email', 'it@acme.example'))
      .when({ type: 'AddIdentifier', identifier: { kind: 'email', value: 'IT@ACME.example' } })
      .refuses('IdentifierAlreadyKnown');
    given(events.registered(), events.identifierAdded('phone', '+33 1 23 45 67 89'))
      .when({ type: 'AddIdentifier', identifier: { kind: 'phone', value: '+33 (1) 23-45-67-89' } })
      .refuses('IdentifierAlreadyKnown');
  });

  it('removes an identifier however it is written, recording it as it was added', () => {
    given(events.registered(), events.identifierAdded('email', 'it@acme.example'))
      .when({ type: 'RemoveIdentifier', identifier: { kind: 'email', value: 'It@Acme.Example' } })
      .then({
        type: 'IdentifierRemoved',
        data: { at: AT, identifier: { kind: 'email', value: 'it@acme.example' } },
      });
    const customer = customerOf(
      events.registered(),
      events.identifierAdded('email', 'it@acme.example'),
      {
        type: 'IdentifierRemoved',
        data: { at: AT, identifier: { kind: 'email', value: 'it@acme.example' } },
      },
    );
    expect(customer.identifiers).toEqual({});
  });

  it('refuses to remove an identifier the customer does not have', () => {
    given(events.registered())
      .when({ type: 'RemoveIdentifier', identifier: { kind: 'account', value: 'ACME-001' } })
      .refuses('UnknownIdentifier');
  });

  it('keys identifiers by their normalised form', () => {
    expect(identifierKey({ kind: 'email', value: ' IT@Acme.Example ' })).toBe(
      'email:it@acme.example',
    );
    expect(identifierKey({ kind: 'phone', value: '+33 (1) 23-45-67-89' })).toBe(
      'phone:33123456789',
    );
    expect(identifierKey({ kind: 'account', value: 'ACME-001' })).toBe('account:ACME-001');
  });

  it('refuses at the boundary a phone number without digits to compare and a misspelt field', () => {
    expect(
      customerCommandSchemas.AddIdentifier.safeParse({
        identifier: { kind: 'phone', value: '(-)' },
      }).success,
    ).toBe(false);
    expect(
      customerCommandSchemas.AddIdentifier.safeParse({
        identifier: { kind: 'email', value: 'it@acme.example', note: 'x' },
      }).success,
    ).toBe(false);
    expect(
      customerCommandSchemas.AddIdentifier.safeParse({
        identifier: { kind: 'email', value: 'not an address' },
      }).success,
    ).toBe(false);
  });

  it('marks e-mail addresses and phone numbers as personal data', () => {
    const schema = z.toJSONSchema(customerCommandSchemas.AddContact) as {
      properties: Record<string, Record<string, unknown>>;
    };
    expect(schema.properties.email!['x-personal-data']).toBe(true);
    expect(schema.properties.phone!['x-personal-data']).toBe(true);
    expect(schema.properties.name!['x-personal-data']).toBe(true);
    const identifier = JSON.stringify(z.toJSONSchema(customerCommandSchemas.AddIdentifier));
    expect(identifier.match(/x-personal-data/g)).toHaveLength(2); // e-mail and phone; not the account id
  });
});

describe('AddContact', () => {
  it('adds a contact with name, e-mail and phone', () => {
    given(events.registered())
      .when({
        type: 'AddContact',
        contactId: 'carl',
        name: 'Carl Customer',
        email: 'carl@acme.example',
        phone: '+33 6 12 34 56 78',
      })
      .then({
        type: 'ContactAdded',
        data: {
          at: AT,
          contactId: 'carl',
          name: 'Carl Customer',
          email: 'carl@acme.example',
          phone: '+33 6 12 34 56 78',
        },
      });
  });

  it('refuses a contact id already taken', () => {
    given(events.registered(), events.contactAdded('carl'))
      .when({ type: 'AddContact', contactId: 'carl', name: 'Carla' })
      .refuses('ContactAlreadyExists');
  });
});

describe('ChangeContact and RemoveContact', () => {
  it('records the contact as they now are: a new address kept, a phone cleared, the name unchanged', () => {
    given(events.registered(), events.contactAdded('carl'))
      .when({ type: 'ChangeContact', contactId: 'carl', email: 'carl@new.example', phone: null })
      .then({
        type: 'ContactChanged',
        data: { at: AT, contactId: 'carl', name: 'Carl Customer', email: 'carl@new.example' },
      });
  });

  it('refuses a change that changes nothing, or names nothing to change', () => {
    given(events.registered(), events.contactAdded('carl'))
      .when({ type: 'ChangeContact', contactId: 'carl', email: 'carl@acme.example' })
      .refuses('NothingToChange');
    given(events.registered(), events.contactAdded('carl'))
      .when({ type: 'ChangeContact', contactId: 'carl' })
      .refuses('NothingToChange');
  });

  it('refuses a contact the customer does not have, and a removed one', () => {
    given(events.registered())
      .when({ type: 'ChangeContact', contactId: 'carl', name: 'Carl' })
      .refuses('UnknownContact');
    given(events.registered(), events.contactAdded('carl'))
      .when({ type: 'RemoveContact', contactId: 'carl' })
      .then({ type: 'ContactRemoved', data: { at: AT, contactId: 'carl' } });
    given(events.registered(), events.contactAdded('carl'), {
      type: 'ContactRemoved',
      data: { at: AT, contactId: 'carl' },
    })
      .when({ type: 'RemoveContact', contactId: 'carl' })
      .refuses('UnknownContact');
  });
});

describe('AddSite', () => {
  it('adds a site with its city and country', () => {
    given(events.registered())
      .when({ type: 'AddSite', siteId: 'rome', name: 'Rome office', city: 'Rome', country: 'IT' })
      .then({
        type: 'SiteAdded',
        data: { at: AT, siteId: 'rome', name: 'Rome office', city: 'Rome', country: 'IT' },
      });
  });

  it('refuses a site id already taken', () => {
    given(events.registered(), events.siteAdded('paris'))
      .when({ type: 'AddSite', siteId: 'paris', name: 'Paris 2', city: 'Paris', country: 'FR' })
      .refuses('SiteAlreadyExists');
  });

  it('refuses a country that is not an ISO code at the boundary', () => {
    expect(
      customerCommandSchemas.AddSite.safeParse({
        siteId: 'p',
        name: 'P',
        city: 'Paris',
        country: 'France',
      }).success,
    ).toBe(false);
  });
});

describe('PlaceBlock (B2)', () => {
  it('places a block with its reason and days, taking the next free id', () => {
    given(events.registered())
      .when({
        type: 'PlaceBlock',
        reason: 'non-payment',
        note: 'Invoice 2026-117 unpaid',
        from: '2026-11-01',
        until: '2026-11-30',
      })
      .then({
        type: 'BlockPlaced',
        data: {
          at: AT,
          blockId: 'BL1',
          reason: 'non-payment',
          note: 'Invoice 2026-117 unpaid',
          from: '2026-11-01',
          until: '2026-11-30',
        },
      });
    given(events.registered(), events.blockPlaced({ blockId: 'BL2' }))
      .when({ type: 'PlaceBlock', reason: 'missing-documents', from: '2026-12-01' })
      .then({
        type: 'BlockPlaced',
        data: { at: AT, blockId: 'BL3', reason: 'missing-documents', from: '2026-12-01' },
      });
  });

  it('keeps a block id given by the ERP', () => {
    given(events.registered())
      .when({
        type: 'PlaceBlock',
        blockId: 'ERP-77',
        reason: 'missing-documents',
        from: '2026-11-01',
      })
      .then({
        type: 'BlockPlaced',
        data: { at: AT, blockId: 'ERP-77', reason: 'missing-documents', from: '2026-11-01' },
      });
  });

  it('refuses a block id already taken', () => {
    given(events.registered(), events.blockPlaced())
      .when({ type: 'PlaceBlock', blockId: 'BL1', reason: 'non-payment', from: '2026-12-01' })
      .refuses('BlockAlreadyExists');
  });

  it('refuses a block that ends before it starts', () => {
    given(events.registered())
      .when({ type: 'PlaceBlock', reason: 'non-payment', from: '2026-11-10', until: '2026-11-09' })
      .refuses('InvalidPeriod');
  });

  it('refuses a block for an "other" reason without a note', () => {
    given(events.registered())
      .when({ type: 'PlaceBlock', reason: 'other', from: '2026-11-10' })
      .refuses('BlockNoteRequired');
  });
});

describe('ReleaseBlock (B2)', () => {
  it('sets the last day the block is in force and keeps the block in the history', () => {
    given(events.registered(), events.blockPlaced())
      .when({ type: 'ReleaseBlock', blockId: 'BL1', until: '2026-11-22', note: 'Paid' })
      .then({
        type: 'BlockReleased',
        data: { at: AT, blockId: 'BL1', until: '2026-11-22', note: 'Paid' },
      });
    const customer = customerOf(
      events.registered(),
      events.blockPlaced(),
      events.blockReleased('2026-11-22'),
    );
    expect(customer.blocks).toEqual({
      BL1: { reason: 'non-payment', from: '2026-11-01', until: '2026-11-22', released: true },
    });
  });

  it('may end a block with a planned end earlier', () => {
    given(events.registered(), events.blockPlaced({ until: '2026-12-31' }))
      .when({ type: 'ReleaseBlock', blockId: 'BL1', until: '2026-11-22' })
      .then({ type: 'BlockReleased', data: { at: AT, blockId: 'BL1', until: '2026-11-22' } });
  });

  it("refuses to release a block the customer does not have, such as one named like every object's members", () => {
    given(events.registered())
      .when({ type: 'ReleaseBlock', blockId: 'BL9', until: '2026-11-22' })
      .refuses('UnknownBlock');
    for (const blockId of inheritedNames)
      given(events.registered(), events.blockPlaced())
        .when({ type: 'ReleaseBlock', blockId, until: '2026-11-22' })
        .refuses('UnknownBlock');
  });

  it('refuses to release a block twice', () => {
    given(events.registered(), events.blockPlaced(), events.blockReleased('2026-11-22'))
      .when({ type: 'ReleaseBlock', blockId: 'BL1', until: '2026-11-20' })
      .refuses('BlockAlreadyReleased');
  });

  it('refuses a release before the block starts', () => {
    given(events.registered(), events.blockPlaced())
      .when({ type: 'ReleaseBlock', blockId: 'BL1', until: '2026-10-31' })
      .refuses('InvalidPeriod');
  });

  it('refuses a release that would not end the block earlier', () => {
    given(events.registered(), events.blockPlaced({ until: '2026-11-30' }))
      .when({ type: 'ReleaseBlock', blockId: 'BL1', until: '2026-11-30' })
      .refuses('BlockAlreadyEnds', /2026-11-30/);
  });
});

describe('customer permissions', () => {
  it('name roles for every command, and leave blocks to billing, supervisors and the ERP', () => {
    expect(Object.keys(customerPermissions).sort()).toEqual([...customerCommandTypes].sort());
    expect(customerPermissions.PlaceBlock).toEqual(['supervisor', 'billing', 'system']);
    for (const roles of Object.values(customerPermissions)) expect(roles).not.toContain('customer');
  });
});
