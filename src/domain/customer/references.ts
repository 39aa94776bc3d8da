import { DomainError } from '../shared/errors.js';
import { entryOf } from '../shared/objects.js';
import type { CustomerState } from './state.js';

/**
 * Master data refers to things that exist: a contract's customer, the customer and site of
 * an installation, the site or serial number a coverage line names. Whoever runs a command
 * (the pipeline) loads what it names (see namedReferences) and hands it over as `references`.
 * Items are free vocabulary (callstream keeps no item catalogue), and a line may cover a
 * serial number before the installed base records it (the contract is signed before the
 * machine is delivered): only a serial number the installed base records with another customer
 * is refused; a line's site is checked, and so is an item-at-site's site,
 * and the contract an installation is charged to is one of its customer's.
 */
export interface References {
  /** The customer the command names, as master data knows it (null: unknown). */
  readonly customer?: CustomerState;
  /** The customer's contracts, by id, when the command names one (equipment charged to a contract). */
  readonly contractIds?: readonly string[];
  /** Who the installed base says owns the serial number a line names (null: not recorded yet). */
  readonly serialOwner?: string | null;
}

/** The customer (and site and contract of theirs) a command names. */
export interface Named {
  readonly customerId?: string;
  readonly siteId?: string;
  readonly contractId?: string;
  readonly serialNumber?: string;
}

/** Refuses a command that names a customer or site master data does not know. */
export function ensureReferencesExist(named: Named, references: References): void {
  if (named.customerId === undefined) return;
  const customer = references.customer;
  if (!customer)
    throw new DomainError(
      'CustomerNotFound',
      `No customer ${named.customerId}: register the customer first`,
      { customerId: named.customerId },
    );
  if (named.siteId !== undefined && !entryOf(customer.sites, named.siteId)) {
    throw new DomainError(
      'SiteNotFound',
      `Customer ${named.customerId} has no site ${named.siteId}; sites: ${Object.keys(customer.sites).join(', ') || 'none'}`,
      {
        customerId: named.customerId,
        siteId: named.siteId,
      },
    );
  }
  const { contractIds, serialOwner } = references;
  if (named.serialNumber !== undefined && serialOwner && serialOwner !== named.customerId)
    throw new DomainError(
      'EquipmentOfAnotherCustomer',
      `The installed base has ${named.serialNumber} with customer ${serialOwner}, not ${named.customerId}: a contract of ${named.customerId} cannot cover it`,
      { customerId: named.customerId, serialNumber: named.serialNumber, owner: serialOwner },
    );
  if (named.contractId !== undefined && contractIds && !contractIds.includes(named.contractId))
    throw new DomainError(
      'ContractNotFound',
      `Customer ${named.customerId} has no contract ${named.contractId}; contracts: ${contractIds.join(', ') || 'none'}`,
      { customerId: named.customerId, contractId: named.contractId },
    );
}
