import { entryOf } from '../shared/objects.js';
import { unlessErased } from '../shared/schema.js';
import type { CustomerState } from '../customer/state.js';

/** Someone a call's acknowledgement (A7) can go to: by e-mail when there is an address, else by SMS. */
export interface Addressee {
  readonly name?: string;
  readonly email?: string;
  readonly phone?: string;
}

/** Reachable by an address that is still there: a forgotten person's reads as erased. */
export const isReachable = (person: Addressee): boolean =>
  Boolean(unlessErased(person.email) ?? unlessErased(person.phone));

/**
 * Who is told a new call's number: its reporter when they can be reached; else (calls from
 * plans, meters and alarms are reported by no person) the customer's contact the call
 * names, else the customer's first contact (by id) with an address; else no one.
 */
export function acknowledgementAddressee(
  reporter: Addressee,
  contactId: string | undefined,
  customer: CustomerState | undefined,
): Addressee | undefined {
  if (isReachable(reporter)) return reporter;
  if (!customer) return undefined;
  const named = contactId === undefined ? undefined : entryOf(customer.contacts, contactId);
  if (named && isReachable(named)) return named;
  return Object.keys(customer.contacts)
    .sort()
    .map((id) => entryOf(customer.contacts, id)!)
    .find(isReachable);
}
