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
import {
  MASTER_DATA_PROJECTION,
  type IdentifierIndex,
  type StateDocument,
} from '../projections/master-data.js';
import type { ReadModelStore } from '../projections/types.js';

/**
 * The MasterData port over this system's own master-data read model. It answers what the
 * projection has seen; CaughtUpMasterData makes that everything in the store.
 */
export class ReadModelMasterData implements MasterData {
  constructor(private readonly readModels: ReadModelStore) {}

  /** A master-data document: the state of a customer, contract or piece of equipment (null: none). */
  private stateOf<T extends object>(collection: string, key: string): T | null {
    return this.readModels.get<StateDocument<T>>(MASTER_DATA_PROJECTION, collection, key) ?? null;
  }

  async findCustomerIds(sender: Sender): Promise<readonly string[]> {
    const found = new Set<string>();
    for (const identifier of senderIdentifiers(sender)) {
      const index = this.readModels.get<IdentifierIndex>(
        MASTER_DATA_PROJECTION,
        'identifiers',
        identifierKey(identifier),
      );
      for (const customerId of index?.customerIds ?? []) found.add(customerId);
    }
    return [...found].sort();
  }

  async customer(customerId: string): Promise<CustomerState> {
    return this.stateOf<Customer>('customers', customerId);
  }

  async contractsOf(customerId: string): Promise<readonly Contract[]> {
    const contracts: Contract[] = this.readModels.find<StateDocument<Contract>>(
      MASTER_DATA_PROJECTION,
      'contracts',
      { customerId },
    );
    return contracts.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async contract(contractId: string): Promise<Contract | null> {
    return this.stateOf<Contract>('contracts', contractId);
  }

  async equipment(serialNumber: string): Promise<EquipmentState> {
    return this.stateOf<Equipment>('equipment', serialNumber);
  }
}

/**
 * Master data as of the event store's head: every read is answered after a catch-up of the
 * projections that began after the read was asked, so a request is validated against every
 * customer, block and contract recorded before it, whichever process recorded them and
 * whatever the projection mode (live readers lag by a poll; manual ones until asked; inline
 * ones miss other writers). Reads asked while a catch-up runs share the next one, so the
 * reads of one decision cost one or two catch-ups, each a head lookup when nothing is new.
 */
export class CaughtUpMasterData implements MasterData {
  private running: Promise<unknown> | undefined;
  private next: Promise<unknown> | undefined;

  /** Present only where the inner master data looks a contract up (see MasterData.contract). */
  readonly contract?: (contractId: string) => Promise<Contract | null>;

  constructor(
    private readonly inner: MasterData,
    private readonly catchUp: () => Promise<unknown>,
  ) {
    const lookUp = inner.contract?.bind(inner);
    if (lookUp)
      this.contract = async (contractId) => {
        await this.fresh();
        return lookUp(contractId);
      };
  }

  async findCustomerIds(sender: Sender): Promise<readonly string[]> {
    await this.fresh();
    return this.inner.findCustomerIds(sender);
  }

  async customer(customerId: string): Promise<CustomerState> {
    await this.fresh();
    return this.inner.customer(customerId);
  }

  async contractsOf(customerId: string): Promise<readonly Contract[]> {
    await this.fresh();
    return this.inner.contractsOf(customerId);
  }

  async equipment(serialNumber: string): Promise<EquipmentState> {
    await this.fresh();
    return this.inner.equipment(serialNumber);
  }

  /** A catch-up that starts now, or the one queued behind the running one: never one that began earlier. */
  private fresh(): Promise<unknown> {
    if (!this.running) {
      const run: Promise<unknown> = this.catchUp().finally(() => {
        if (this.running === run) this.running = undefined;
      });
      this.running = run;
      return run;
    }
    this.next ??= this.running.then(
      () => this.startQueued(),
      () => this.startQueued(),
    );
    return this.next;
  }

  private startQueued(): Promise<unknown> {
    this.next = undefined;
    return this.fresh();
  }
}
