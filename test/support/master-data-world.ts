import {
  contractStreamName,
  customerStreamName,
  decideContract,
  decideCustomer,
  decideEquipment,
  DomainError,
  equipmentStreamName,
  evolveContract,
  evolveCustomer,
  evolveEquipment,
  type Actor,
  type Contract,
  type ContractCommand,
  type Customer,
  type CustomerCommand,
  type DomainEvent,
  type Equipment,
  type EquipmentCommand,
  type MasterDataSnapshot,
} from '../../src/domain/index.js';
import { AT, billing, type WithoutContext } from './master-data-spec.js';

/** What one command recorded, on which stream: the unit appended to an event store. */
export interface Recorded {
  readonly stream: string;
  readonly commandType: string;
  readonly actor: Actor;
  readonly at: Date;
  readonly events: readonly DomainEvent[];
}

/**
 * Master data as the deciders build it: commands go through decide and evolve, exactly as
 * the pipeline will run them; what they record is kept in order for an event store.
 */
export class MasterDataWorld {
  readonly customers = new Map<string, Customer>();
  readonly contracts = new Map<string, Contract>();
  readonly equipment = new Map<string, Equipment>();
  readonly log: Recorded[] = [];

  customer(customerId: string, partial: WithoutContext<CustomerCommand>): this {
    const command = { at: AT, actor: billing, ...partial };
    const events = decideCustomer(command, this.customers.get(customerId) ?? null);
    const state = events.reduce(evolveCustomer, this.customers.get(customerId) ?? null);
    if (state) this.customers.set(customerId, state);
    return this.record(customerStreamName(customerId), command, events);
  }

  contract(contractId: string, partial: WithoutContext<ContractCommand>): this {
    const command = { at: AT, actor: billing, ...partial };
    const events = decideContract(command, this.contracts.get(contractId) ?? null);
    const state = events.reduce(evolveContract, this.contracts.get(contractId) ?? null);
    if (state) this.contracts.set(contractId, state);
    return this.record(contractStreamName(contractId), command, events);
  }

  item(serialNumber: string, partial: WithoutContext<EquipmentCommand>): this {
    const command = { at: AT, actor: billing, ...partial };
    const events = decideEquipment(command, this.equipment.get(serialNumber) ?? null);
    const state = events.reduce(evolveEquipment, this.equipment.get(serialNumber) ?? null);
    if (state) this.equipment.set(serialNumber, state);
    return this.record(equipmentStreamName(serialNumber), command, events);
  }

  /** Runs a step and swallows a refusal (for random histories): only rules may say no. */
  attempt(step: (world: this) => unknown): boolean {
    try {
      step(this);
      return true;
    } catch (error) {
      if (error instanceof DomainError) return false;
      throw error;
    }
  }

  /** All master data as one snapshot: validation picks what concerns the request. */
  snapshot(serialNumber?: string): MasterDataSnapshot {
    return {
      customers: [...this.customers.values()],
      contracts: [...this.contracts.values()],
      equipment: serialNumber === undefined ? null : (this.equipment.get(serialNumber) ?? null),
    };
  }

  private record(
    stream: string,
    command: { type: string; actor: Actor; at: Date },
    events: readonly DomainEvent[],
  ): this {
    this.log.push({
      stream,
      commandType: command.type,
      actor: command.actor,
      at: command.at,
      events,
    });
    return this;
  }
}

/** Calendar-day arithmetic for tests (the domain compares days, it never counts them). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
