import { describe, expect, it } from 'vitest';
import { acknowledgementAddressee } from '../../src/domain/index.js';
import { customerEvents, customerOf } from '../support/master-data-spec.js';

describe('who is told a new call’s number (A7)', () => {
  const acme = customerOf(
    customerEvents.registered(),
    {
      type: 'ContactAdded',
      data: {
        at: new Date('2026-11-23T10:40:00Z'),
        contactId: 'zoe',
        name: 'Zoé',
        phone: '+33 1 55 00 00 09',
      },
    },
    {
      type: 'ContactAdded',
      data: { at: new Date('2026-11-23T10:40:00Z'), contactId: 'ben', name: 'Ben' },
    },
  );

  it('the reporter, when they can be reached', () => {
    expect(
      acknowledgementAddressee({ name: 'Carl', email: 'carl@acme.example' }, 'zoe', acme),
    ).toEqual({ name: 'Carl', email: 'carl@acme.example' });
  });

  it('else the contact the call names, else the first contact by id with an address, else no one', () => {
    expect(acknowledgementAddressee({ name: 'Planner' }, 'zoe', acme)).toMatchObject({
      name: 'Zoé',
    });
    // ben comes first by id but has no address.
    expect(acknowledgementAddressee({ name: 'Planner' }, 'ben', acme)).toMatchObject({
      name: 'Zoé',
    });
    expect(acknowledgementAddressee({ name: 'Planner' }, undefined, acme)).toMatchObject({
      name: 'Zoé',
    });
    expect(acknowledgementAddressee({ name: 'Planner' }, undefined, undefined)).toBeUndefined();
    expect(
      acknowledgementAddressee(
        { name: 'Planner' },
        undefined,
        customerOf(customerEvents.registered()),
      ),
    ).toBeUndefined();
  });
});
