import { ERASED } from '../shared/schema.js';
import type { Language } from './language.js';
/**
 * A customer as master data (B1, B2): who they are, the identifiers that recognise a
 * sender as them, their contacts and sites, and every administrative block they ever had.
 * States hold calendar days (YYYY-MM-DD), never instants, so they are plain JSON: the same
 * shape whether it was folded from events here or delivered by an ERP (B5).
 */

export const identifierKinds = ['email', 'phone', 'account'] as const;
export type IdentifierKind = (typeof identifierKinds)[number];

/** Something a request arrives with that recognises its sender: an e-mail address, a phone number, an account id. */
export interface Identifier {
  readonly kind: IdentifierKind;
  readonly value: string;
}

export interface Contact {
  readonly name: string;
  readonly email?: string;
  readonly phone?: string;
}

export interface Site {
  readonly name: string;
  readonly city: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  /** The service regions it lay in, in order of their first day (see regionOn); absent: none known. */
  readonly regions?: readonly SiteRegion[];
}

/** A site's service region from `from` on (absent: since the site was added). */
export interface SiteRegion {
  readonly from?: string;
  readonly region: string;
}

/** The service region of a site on a day (YYYY-MM-DD), if master data gives it one by then. */
export function regionOn(site: Site, day: string): string | undefined {
  let found: string | undefined;
  for (const { from, region } of site.regions ?? [])
    if (from === undefined || from <= day) found = region;
  return found;
}

export const blockReasons = ['non-payment', 'missing-documents', 'other'] as const;
export type BlockReason = (typeof blockReasons)[number];

/**
 * An administrative block, in force from its first day through its last (`until`,
 * inclusive; open-ended when absent). Releasing a block sets `until`; blocks are never
 * deleted, so the blocks in force on any past day can still be answered.
 */
export interface Block {
  readonly reason: BlockReason;
  readonly note?: string;
  readonly from: string;
  readonly until?: string;
  readonly released: boolean;
  readonly releaseNote?: string;
}

export interface Customer {
  readonly id: string;
  readonly name: string;
  /** Keyed by identifierKey: the normalised form that compares senders. */
  readonly identifiers: Readonly<Record<string, Identifier>>;
  readonly contacts: Readonly<Record<string, Contact>>;
  readonly sites: Readonly<Record<string, Site>>;
  readonly blocks: Readonly<Record<string, Block>>;
  readonly priorityFactor?: number;
  readonly serviceLevels?: string;
  /** The language of their notifications, when set (see languageOf for the default). */
  readonly language?: Language;
}

/** A customer that was never registered: the state before its first event. */
export type CustomerState = Customer | null;
export const initialCustomerState = (): CustomerState => null;

/**
 * The form in which identifiers compare: e-mail addresses case-insensitively, phone
 * numbers by their digits only, account ids exactly. Two identifiers with the same key
 * recognise the same sender.
 */
export function identifierKey(identifier: Identifier): string {
  return `${identifier.kind}:${normalisedIdentifier(identifier)}`;
}

/**
 * Every identifier that recognises a sender as this customer (B1), keyed by identifierKey:
 * its identifiers, and its contacts' e-mail addresses and phone numbers (the people who write
 * and call). Erased values (a forgotten person) recognise nobody.
 */
export function recognisedKeys(customer: Customer): Map<string, IdentifierKind> {
  const keys = new Map<string, IdentifierKind>();
  const add = (kind: IdentifierKind, value: string | undefined) => {
    const key = recognitionKey(kind, value);
    if (key !== undefined) keys.set(key, kind);
  };
  for (const { kind, value } of Object.values(customer.identifiers)) add(kind, value);
  for (const { email, phone } of Object.values(customer.contacts)) {
    add('email', email);
    add('phone', phone);
  }
  return keys;
}

/** The key a value recognises a sender by; none when absent or erased (a forgotten person recognises nobody). */
export function recognitionKey(
  kind: IdentifierKind,
  value: string | undefined,
): string | undefined {
  return value === undefined || value === ERASED ? undefined : identifierKey({ kind, value });
}

export function normalisedIdentifier({ kind, value }: Identifier): string {
  switch (kind) {
    case 'email':
      return value.trim().toLowerCase();
    case 'phone':
      return value.replace(/\D/g, '');
    case 'account':
      return value.trim();
  }
}

/** A block's days include `day` (both ends inclusive). */
export function isBlockInForce(block: Block, day: string): boolean {
  return block.from <= day && (block.until === undefined || day <= block.until);
}
