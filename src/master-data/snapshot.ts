import type { CustomerRequest, MasterData, MasterDataSnapshot } from '../domain/index.js';

/**
 * Everything validateCustomerRequest needs for one request, read through the master-data
 * port before the pure validation runs (the domain decides on what it is given, and reads
 * nothing itself).
 */
export async function masterDataSnapshot(
  masterData: MasterData,
  request: CustomerRequest,
): Promise<MasterDataSnapshot> {
  const customerIds =
    request.customerId !== undefined
      ? [request.customerId]
      : request.sender
        ? await masterData.findCustomerIds(request.sender)
        : [];
  const [customers, contracts, equipment] = await Promise.all([
    Promise.all(customerIds.map((customerId) => masterData.customer(customerId))),
    Promise.all(customerIds.map((customerId) => masterData.contractsOf(customerId))),
    request.serialNumber === undefined
      ? Promise.resolve(null)
      : masterData.equipment(request.serialNumber),
  ]);
  return {
    customers: customers.filter((customer) => customer !== null),
    contracts: contracts.flat(),
    equipment,
  };
}
