import { entryOf } from '../shared/objects.js';
import { regionOn, type CustomerState } from '../customer/state.js';
import { itemGroupAsOf, type ItemState } from '../item/item.js';

/** What a call names that master data knows more of. */
export interface MasterDataSubject {
  readonly customerId?: string;
  readonly siteId?: string;
  readonly product?: string;
}

/** The facts master data adds to a call's: its site's region and its item's group. */
export interface MasterDataFacts {
  readonly region?: string;
  readonly itemGroup?: string;
}

/**
 * The region of the call's site and the group of its item as master data holds them on
 * `day` (issue 21), for rules on `regions` and `itemGroups` and for the engineers who serve
 * the call's region. What master data does not know stays absent.
 */
export function routingFactsOf(
  customer: CustomerState,
  item: ItemState,
  siteId: string | undefined,
  day: string,
): MasterDataFacts {
  const site = customer && siteId !== undefined ? entryOf(customer.sites, siteId) : undefined;
  const region = site ? regionOn(site, day) : undefined;
  const itemGroup = itemGroupAsOf(item, day);
  return {
    ...(region !== undefined ? { region } : {}),
    ...(itemGroup !== undefined ? { itemGroup } : {}),
  };
}
