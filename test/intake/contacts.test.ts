import { v4 as uuid } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { Callstream } from '../../src/callstream.js';
import type { Actor } from '../../src/domain/index.js';
import { accept, serviceCompany, submit } from '../support/company.js';
import { temporaryDatabase } from '../support/files.js';
import { staff } from '../support/pipeline.js';

/**
 * B1: the people who write and call for a customer are its contacts. A contact's e-mail
 * address and phone number recognise the customer as its identifiers do; once the contact is
 * corrected, removed or forgotten, their old address recognises nobody.
 */
const otto = { name: 'Otto Operator', email: 'otto@acme.example', phone: '+33 6 10 20 30 40' };

async function acmeWithOtto(file?: string) {
  const { callstream } = await serviceCompany(file ? { file } : {});
  await contact(callstream, 'AddContact', { contactId: 'otto', ...otto });
  return callstream;
}

const contact = (
  callstream: Callstream,
  type: 'AddContact' | 'ChangeContact' | 'RemoveContact',
  fields: Record<string, unknown>,
  actor: Actor = staff.sam,
) =>
  callstream.executeJson({
    type,
    commandId: uuid(),
    actor,
    at: '2026-11-20T10:00:00Z',
    customerId: 'acme',
    ...fields,
  });

/** A request from this sender on the 23rd, accepted: the customer it was validated for, or the refusal. */
async function requestFrom(callstream: Callstream, requestId: string, sender: object) {
  await submit(callstream, requestId, '2026-11-23T09:00:00Z', {
    sender,
    service: 'remote-support',
    serialNumber: 'SRV-1',
  });
  const accepted = await accept(callstream, requestId, '2026-11-23T09:05:00Z');
  return accepted.call
    ? (accepted.call.state.subject as { customerId: string }).customerId
    : accepted.refusal!.reason;
}

describe('contacts recognise their customer (B1)', () => {
  it('takes a request from a contact’s e-mail address or phone number as the customer’s, and no longer once the contact moved or left', async () => {
    const tmp = temporaryDatabase();
    const callstream = await acmeWithOtto(tmp.path);
    // Given Otto, acme's contact: his address and his phone, however written, are acme's
    expect(await requestFrom(callstream, 'r1', { email: 'OTTO@acme.example' })).toBe('acme');
    expect(await requestFrom(callstream, 'r2', { phone: '+33 (6) 10-20-30-40' })).toBe('acme');
    // When he moves to a new address, then leaves
    await contact(callstream, 'ChangeContact', { contactId: 'otto', email: 'otto@new.example' });
    expect(await requestFrom(callstream, 'r3', { email: 'otto@acme.example' })).toBe(
      'unknown-customer',
    );
    expect(await requestFrom(callstream, 'r4', { email: 'otto@new.example' })).toBe('acme');
    await contact(callstream, 'RemoveContact', { contactId: 'otto' });
    // Then neither his address nor his phone recognises acme; Claire's identifier still does
    expect(await requestFrom(callstream, 'r5', { email: 'otto@new.example' })).toBe(
      'unknown-customer',
    );
    expect(await requestFrom(callstream, 'r6', { phone: otto.phone })).toBe('unknown-customer');
    expect(await requestFrom(callstream, 'r7', { email: 'claire@acme.example' })).toBe('acme');
    // And the read models rebuilt from the events say the same
    expect((await callstream.verify()).differing).toBe(0);
    await callstream.close();
    tmp.remove();
  });

  it('refuses a change that names no contact, changes nothing or nothing at all, and a removal by an agent; writes nothing', async () => {
    const callstream = await acmeWithOtto();
    const head = await callstream.store.headPosition();
    await expect(
      contact(callstream, 'ChangeContact', { contactId: 'olga', name: 'Olga' }),
    ).rejects.toMatchObject({
      code: 'UnknownContact',
      message: 'Customer acme has no contact olga; contacts: otto',
    });
    await expect(
      contact(callstream, 'ChangeContact', { contactId: 'otto', email: otto.email }),
    ).rejects.toMatchObject({ code: 'NothingToChange' });
    await expect(contact(callstream, 'ChangeContact', { contactId: 'otto' })).rejects.toMatchObject(
      {
        code: 'NothingToChange',
        message: expect.stringMatching(/Name at least one of name, email or phone/),
      },
    );
    await expect(
      contact(callstream, 'ChangeContact', { contactId: 'otto', email: 'not an address' }),
    ).rejects.toThrow(/email/);
    await expect(
      contact(callstream, 'RemoveContact', { contactId: 'otto' }, staff.ann),
    ).rejects.toMatchObject({ code: 'Forbidden' });
    expect(await callstream.store.headPosition()).toBe(head);
    // An agent corrects a contact's phone; clearing it leaves the name and address
    await contact(callstream, 'ChangeContact', { contactId: 'otto', phone: null }, staff.ann);
    expect(
      callstream.readModels.get<{ contacts: Record<string, unknown> }>(
        'master-data',
        'customers',
        'acme',
      )!.contacts.otto,
    ).toEqual({ name: otto.name, email: otto.email });
    await callstream.close();
  });

  it('forgets a forgotten contact’s address as a way to recognise the customer, and refuses to change what was erased', async () => {
    const callstream = await acmeWithOtto();
    expect(await requestFrom(callstream, 'r1', { email: otto.email })).toBe('acme');
    await callstream.forgetPerson({
      commandId: uuid(),
      actor: { id: 'dpo', role: 'privacy-officer' },
      person: 'contact:acme/otto',
      reason: 'DSR-7',
    });
    expect(await requestFrom(callstream, 'r2', { email: otto.email })).toBe('unknown-customer');
    await expect(
      contact(callstream, 'ChangeContact', { contactId: 'otto', name: 'Otto Again' }),
    ).rejects.toMatchObject({ code: 'ContactForgotten' });
    expect((await callstream.verify()).differing).toBe(0);
    await callstream.close();
  });
});
