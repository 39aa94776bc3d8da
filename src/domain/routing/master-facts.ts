import { regionOn, type CustomerState } from '../customer/state.js';
import { itemGroupAsOf, type ItemState } from '../item/item.js';

/** Where routing reads master data: the customer (their sites' regions) and the item (its group). */
export interface RoutingMasterData {
  customer(customerId: string): Promise<CustomerState>;
  item(item: string): Promise<ItemState>;
}

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
 * the call's region. The pipeline and the what-if both ask this one function, so a call is
 * routed on the same facts in both. What master data does not know stays absent.
 */
export async function masterDataFacts(
  source: RoutingMasterData,
  { customerId, siteId, product }: MasterDataSubject,
  day: string,
): Promise<MasterDataFacts> {
  const [customer, item] = await Promise.all([
    customerId !== undefined && siteId !== undefined ? source.customer(customerId) : null,
    product !== undefined ? source.item(product) : null,
  ]);
  const site =
    customer && siteId !== undefined && Object.hasOwn(customer.sites, siteId)
      ? customer.sites[siteId]
      : undefined;
  const region = site ? regionOn(site, day) : undefined;
  const itemGroup = itemGroupAsOf(item, day);
  return {
    ...(region !== undefined ? { region } : {}),
    ...(itemGroup !== undefined ? { itemGroup } : {}),
  };
}
