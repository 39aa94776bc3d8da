import { describe, expect, it } from 'vitest';
import {
  acknowledgementAddressee,
  decideNotification,
  initialNotificationState,
  type NotificationCommand,
} from '../../src/domain/index.js';
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
    // A contact comes with their id: whose address it is (sealed as theirs, docs/privacy.md).
    const zoe = { name: 'Zoé', phone: '+33 1 55 00 00 09', contactId: 'zoe' };
    expect(acknowledgementAddressee({ name: 'Planner' }, 'zoe', acme)).toEqual(zoe);
    // ben comes first by id but has no address.
    expect(acknowledgementAddressee({ name: 'Planner' }, 'ben', acme)).toEqual(zoe);
    expect(acknowledgementAddressee({ name: 'Planner' }, undefined, acme)).toEqual(zoe);
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

describe('a message to a contact standing in for the reporter', () => {
  const queue = {
    type: 'QueueNotification',
    commandId: '6f1c1b8e-1d1f-4c39-9a77-0d8e1c1f0a01',
    actor: { id: 'outbox', role: 'system' },
    at: new Date('2026-11-23T10:40:00Z'),
    notificationId: '5d5a2c1e-8f7b-4a43-9d0e-3c2b1a0f9e8d',
    kind: 'call-logged',
    callId: '0d5a2c1e-8f7b-4a43-9d0e-3c2b1a0f9e8d',
    language: 'en',
    template: { id: 'call-logged/en', version: 1 },
    channel: 'email',
    to: 'zq@acme.example',
    toName: 'Zebulon Quixote',
    subject: 'Your call C-000001 is logged',
    text: 'Hello,',
    contactId: 'zeb',
  } as NotificationCommand;

  it('names the contact within their customer: whose address it is', () => {
    expect(
      decideNotification(
        { ...queue, customerId: 'acme' } as NotificationCommand,
        initialNotificationState(),
      ),
    ).toEqual([
      {
        type: 'NotificationQueued',
        data: expect.objectContaining({ customerId: 'acme', contactId: 'zeb' }),
      },
    ]);
    // Without the customer, the contact's subject could not be named: refused.
    expect(() => decideNotification(queue, initialNotificationState())).toThrow(
      expect.objectContaining({ code: 'ContactWithoutCustomer' }),
    );
  });
});
