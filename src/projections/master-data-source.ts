import {
  identifierKey,
  senderIdentifiers,
  type Contract,
  type Customer,
  type CustomerState,
  type Equipment,
  type EquipmentState,
  type MasterData,
  type Sender,
} from '../domain/index.js';
import { MASTER_DATA_PROJECTION, type IdentifierIndex } from './master-data.js';
import type { ReadModelStore } from './types.js';

/**
 * The MasterData port over this system's own master-data read model. It answers what the
 * projection has seen; CaughtUpMasterData makes that everything in the store.
 */
export class ReadModelMasterData implements MasterData {
  constructor(private readonly readModels: ReadModelStore) {}

  async findCustomerIds(sender: Sender): Promise<readonly string[]> {
    const found = new Set<string>();
    for (const identifier of senderIdentifiers(sender)) {
      const index = this.readModels.get<IdentifierIndex>(MASTER_DATA_PROJECTION, 'identifiers', identifierKey(identifier));
      for (const customerId of index?.customerIds ?? []) found.add(customerId);
    }
    return [...found].sort();
  }

  async customer(customerId: string): Promise<CustomerState> {
    return (this.readModels.get(MASTER_DATA_PROJECTION, 'customers', customerId) as Customer | undefined) ?? null;
  }

  async contractsOf(customerId: string): Promise<readonly Contract[]> {
    const contracts = this.readModels.find(MASTER_DATA_PROJECTION, 'contracts', { customerId }) as unknown as Contract[];
    return contracts.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async equipment(serialNumber: string): Promise<EquipmentState> {
    return (this.readModels.get(MASTER_DATA_PROJECTION, 'equipment', serialNumber) as Equipment | undefined) ?? null;
  }
}

/**
 * Master data as of the event store's head: before each read the projections are caught up
 * to the head as it is then. A request is validated against every customer, block and
 * contract recorded before it, whichever process recorded them and whatever the projection
 * mode (live readers lag by a poll; manual ones until asked; inline ones miss other writers).
 */
export class CaughtUpMasterData implements MasterData {
  constructor(
    private readonly inner: MasterData,
    private readonly catchUp: () => Promise<unknown>,
  ) {}

  async findCustomerIds(sender: Sender): Promise<readonly string[]> {
    await this.catchUp();
    return this.inner.findCustomerIds(sender);
  }

  async customer(customerId: string): Promise<CustomerState> {
    await this.catchUp();
    return this.inner.customer(customerId);
  }

  async contractsOf(customerId: string): Promise<readonly Contract[]> {
    await this.catchUp();
    return this.inner.contractsOf(customerId);
  }

  async equipment(serialNumber: string): Promise<EquipmentState> {
    await this.catchUp();
    return this.inner.equipment(serialNumber);
  }
}
