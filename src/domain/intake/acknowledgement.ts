import { entryOf } from '../shared/objects.js';
import { unlessErased } from '../shared/schema.js';
import type { CustomerState } from '../customer/state.js';

/** Someone a call's acknowledgement (A7) can go to: by e-mail when there is an address, else by SMS. */
export interface Addressee {
  readonly name?: string;
  readonly email?: string;
  readonly phone?: string;
  /**
   * Set when the addressee is a contact of the call's customer standing in for a reporter who
   * cannot be reached: their address and name are the contact's personal data, not the
   * requester's (docs/privacy.md).
   */
  readonly contactId?: string;
}

/** Reachable by an address that is still there: a forgotten person's reads as erased. */
export const isReachable = (person: Addressee): boolean =>
  Boolean(unlessErased(person.email) ?? unlessErased(person.phone));

/**
 * Who is told a new call's number: its reporter when they can be reached; else (calls from
 * plans, meters and alarms are reported by no person) the customer's contact the call
 * names, else the customer's first contact (by id) with an address; else no one. A contact
 * comes with their `contactId`: whose address it is.
 */
export function acknowledgementAddressee(
  reporter: Addressee,
  contactId: string | undefined,
  customer: CustomerState | undefined,
): Addressee | undefined {
  if (isReachable(reporter)) return reporter;
  if (!customer) return undefined;
  const named = contactId === undefined ? undefined : entryOf(customer.contacts, contactId);
  if (contactId !== undefined && named && isReachable(named)) return { ...named, contactId };
  return Object.keys(customer.contacts)
    .sort()
    .map((id): Addressee => ({ ...entryOf(customer.contacts, id)!, contactId: id }))
    .find(isReachable);
}
