import { DomainError } from '../shared/errors.js';
import type { ContractState } from '../contract/state.js';
import type { CustomerState } from '../customer/state.js';
import { currentPlacement, type EquipmentState } from '../equipment/state.js';

/**
 * Master data refers to things that exist: a contract's customer, the customer and site of
 * an installation, the site or serial number a coverage line names. Whoever runs a command
 * (the pipeline) loads what it names (see namedReferences) and hands it over as `references`.
 * Items are free vocabulary (callstream keeps no item catalogue), and a line may cover a
 * serial number before the installed base records it (the contract is signed before the
 * machine is delivered): neither is checked; a line's site is, and so is an item-at-site's site.
 */
export interface References {
  /** The customer the command names, as master data knows it (null: unknown). */
  readonly customer?: CustomerState;
}

interface Named {
  readonly customerId?: string;
  readonly siteId?: string;
}

/** A contract or equipment command, read for the fields that name something. */
type Command = { readonly type: string };

/** What a contract or equipment command names, given the state it acts on. */
export function namedReferences(command: Command, state: ContractState | EquipmentState): Named {
  const fields = command as Command & Readonly<Record<string, unknown>>;
  switch (command.type) {
    case 'RegisterContract':
      return { customerId: fields.customerId as string };
    case 'RegisterEquipment':
    case 'ChangeOwner':
      return { customerId: fields.customerId as string, siteId: fields.siteId as string };
    case 'MoveEquipment': {
      const owner = state && 'placements' in state ? currentPlacement(state)?.customerId : undefined;
      return owner === undefined ? {} : { customerId: owner, siteId: fields.siteId as string };
    }
    case 'AddCoverageLine': {
      const scope = fields.scope as { siteId?: string };
      const customerId = state && 'customerId' in state && !('placements' in state) ? state.customerId : undefined;
      return scope.siteId !== undefined && customerId !== undefined ? { customerId, siteId: scope.siteId } : {};
    }
    default:
      return {};
  }
}

/** Refuses a command that names a customer, site or serial number master data does not know. */
export function ensureReferencesExist(command: Command, state: ContractState | EquipmentState, references: References): void {
  const named = namedReferences(command, state);
  if (named.customerId !== undefined) {
    const customer = references.customer;
    if (!customer) throw new DomainError('CustomerNotFound', `No customer ${named.customerId}: register the customer first`, { customerId: named.customerId });
    if (named.siteId !== undefined && !Object.hasOwn(customer.sites, named.siteId)) {
      throw new DomainError('SiteNotFound', `Customer ${named.customerId} has no site ${named.siteId}; sites: ${Object.keys(customer.sites).join(', ') || 'none'}`, {
        customerId: named.customerId,
        siteId: named.siteId,
      });
    }
  }
}
