import { entryOf, strip } from '../shared/objects.js';
import { DomainError } from '../shared/errors.js';
import { ERASED } from '../shared/schema.js';
import type { CustomerCommandOf } from './commands.js';
import type { CustomerEvent } from './events.js';
import type { Contact, Customer } from './state.js';

type ContactCommand = CustomerCommandOf<'AddContact' | 'ChangeContact' | 'RemoveContact'>;

/**
 * A customer's contacts: the people who call, write and are told (B1, A7). People change
 * address and leave: a contact is corrected or removed, and from then on their old e-mail
 * address and phone number no longer recognise the customer. A forgotten contact's values are
 * erased for good: their successor is a new contact.
 */
export function decideContact(
  command: ContactCommand & { readonly at: Date },
  customer: Customer,
): CustomerEvent[] {
  const { at, contactId } = command;
  const known = entryOf(customer.contacts, contactId);
  if (command.type === 'AddContact') {
    if (known)
      throw new DomainError(
        'ContactAlreadyExists',
        `Customer ${customer.id} already has a contact ${contactId}`,
        { customerId: customer.id, contactId },
      );
    const { name, email, phone } = command;
    return [{ type: 'ContactAdded', data: strip({ at, contactId, name, email, phone }) }];
  }
  if (!known)
    throw new DomainError(
      'UnknownContact',
      `Customer ${customer.id} has no contact ${contactId}; contacts: ${Object.keys(customer.contacts).join(', ') || 'none'}`,
      { customerId: customer.id, contactId },
    );
  if (command.type === 'RemoveContact')
    return [{ type: 'ContactRemoved', data: { at, contactId } }];
  if (known.name === ERASED)
    throw new DomainError(
      'ContactForgotten',
      `Contact ${contactId} of customer ${customer.id} was forgotten: record the person as a new contact`,
      { customerId: customer.id, contactId },
    );
  if (command.name === undefined && command.email === undefined && command.phone === undefined)
    throw new DomainError(
      'NothingToChange',
      `Name at least one of name, email or phone to change of contact ${contactId}`,
      { customerId: customer.id, contactId },
    );
  const changed: Contact = strip({
    name: command.name ?? known.name,
    email: command.email === null ? undefined : (command.email ?? known.email),
    phone: command.phone === null ? undefined : (command.phone ?? known.phone),
  });
  if (changed.name === known.name && changed.email === known.email && changed.phone === known.phone)
    throw new DomainError(
      'NothingToChange',
      `Contact ${contactId} of customer ${customer.id} already reads so`,
      { customerId: customer.id, contactId },
    );
  return [{ type: 'ContactChanged', data: { at, contactId, ...changed } }];
}
