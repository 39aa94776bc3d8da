import {
  routingFactsOf,
  type CustomerState,
  type ItemState,
  type MasterDataFacts,
  type MasterDataSubject,
} from '../domain/index.js';

/** Where routing reads master data: the customer (their sites' regions) and the item (its group). */
export interface RoutingMasterData {
  customer(customerId: string): Promise<CustomerState>;
  item(item: string): Promise<ItemState>;
}

/**
 * The call's site region and item group as master data holds them on `day` (routingFactsOf).
 * The pipeline and the what-if both ask this one function, so a call is routed on the same
 * facts in both.
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
  return routingFactsOf(customer, item, siteId, day);
}
