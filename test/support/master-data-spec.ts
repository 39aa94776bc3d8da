import {
  decideContract,
  decideCustomer,
  decideEquipment,
  evolveContract,
  evolveCustomer,
  evolveEquipment,
  initialContractState,
  initialCustomerState,
  initialEquipmentState,
  type Actor,
  type ContractEvent,
  type CustomerEvent,
  type DomainEvent,
  type EquipmentEvent,
} from '../../src/domain/index.js';
import { outcome } from './outcome.js';

/** Fixed facts for specifications: the domain never reads a clock, neither do its tests. */
export const AT = new Date('2026-11-23T10:40:00.000Z');
export const billing: Actor = { id: 'bea', role: 'billing', name: 'Bea Billing' };
export const erp: Actor = { id: 'erp-sync', role: 'system' };

/** A command as a specification states it: `at` and `actor` are filled in unless given. */
export type WithoutContext<C> = C extends Context
  ? Omit<C, 'at' | 'actor'> & Partial<Context>
  : never;

interface Context {
  readonly at: Date;
  readonly actor: Actor;
}

/**
 * given(events).when(command).then(events) — or .refuses(code, message). Every event the
 * decider returns must also survive the store's way: JSON, then its schema, unchanged.
 */
function specification<
  S,
  C extends Context,
  E extends { readonly type: string; readonly data: object },
>(decide: (command: C, state: S) => E[], evolve: (state: S, event: E) => S, initial: () => S) {
  return (...history: E[]) => {
    const state = history.reduce(evolve, initial());
    return {
      state,
      when(partial: WithoutContext<C>) {
        const command = { at: AT, actor: billing, ...partial } as unknown as C;
        return outcome((command as unknown as { type: string }).type, () => decide(command, state));
      },
    };
  };
}

export const givenCustomer = specification(decideCustomer, evolveCustomer, initialCustomerState);
export const givenContract = specification(decideContract, evolveContract, initialContractState);
export const givenEquipment = specification(
  decideEquipment,
  evolveEquipment,
  initialEquipmentState,
);

type Data<E extends { type: string; data: unknown }, T extends E['type']> = Extract<
  E,
  { type: T }
>['data'];

/** Given-event builders: the facts specifications start from, recorded at AT like the decided ones. */
export const customerEvents = {
  registered(customerId = 'acme', name = 'Acme Industries', at = AT): CustomerEvent {
    return { type: 'CustomerRegistered', data: { customerId, at, name } };
  },
  identifierAdded(kind: 'email' | 'phone' | 'account', value: string): CustomerEvent {
    return { type: 'IdentifierAdded', data: { at: AT, identifier: { kind, value } } };
  },
  siteAdded(siteId = 'paris', city = 'Paris', country = 'FR'): CustomerEvent {
    return { type: 'SiteAdded', data: { at: AT, siteId, name: `${city} office`, city, country } };
  },
  contactAdded(contactId = 'carl'): CustomerEvent {
    return {
      type: 'ContactAdded',
      data: { at: AT, contactId, name: 'Carl Customer', email: 'carl@acme.example' },
    };
  },
  blockPlaced(data: Partial<Data<CustomerEvent, 'BlockPlaced'>> = {}): CustomerEvent {
    return {
      type: 'BlockPlaced',
      data: { at: AT, blockId: 'BL1', reason: 'non-payment', from: '2026-11-01', ...data },
    };
  },
  blockReleased(until: string, blockId = 'BL1'): CustomerEvent {
    return { type: 'BlockReleased', data: { at: AT, blockId, until } };
  },
};

export const contractEvents = {
  registered(data: Partial<Data<ContractEvent, 'ContractRegistered'>> = {}): ContractEvent {
    return {
      type: 'ContractRegistered',
      data: {
        contractId: 'K-2026',
        at: AT,
        customerId: 'acme',
        from: '2026-01-01',
        until: '2026-12-31',
        ...data,
      },
    };
  },
  renewed(previousUntil: string, until: string): ContractEvent {
    return { type: 'ContractRenewed', data: { at: AT, previousUntil, until } };
  },
  terminated(until: string, reason = 'Customer moved to a competitor'): ContractEvent {
    return { type: 'ContractTerminated', data: { at: AT, until, reason } };
  },
  lineAdded(data: Partial<Data<ContractEvent, 'CoverageLineAdded'>> = {}): ContractEvent {
    return {
      type: 'CoverageLineAdded',
      data: {
        at: AT,
        lineId: 'L1',
        service: 'on-site-repair',
        scope: { siteId: 'paris' },
        share: 100,
        ...data,
      },
    };
  },
  lineEnded(lineId: string, until: string): ContractEvent {
    return { type: 'CoverageLineEnded', data: { at: AT, lineId, until } };
  },
};

export const equipmentEvents = {
  registered(data: Partial<Data<EquipmentEvent, 'EquipmentRegistered'>> = {}): EquipmentEvent {
    return {
      type: 'EquipmentRegistered',
      data: {
        serialNumber: 'SRV-1',
        at: AT,
        item: 'server',
        customerId: 'acme',
        siteId: 'paris',
        from: '2026-01-15',
        ...data,
      },
    };
  },
  moved(siteId: string, from: string): EquipmentEvent {
    return { type: 'EquipmentMoved', data: { at: AT, siteId, from } };
  },
  ownerChanged(customerId: string, siteId: string, from: string): EquipmentEvent {
    return { type: 'EquipmentOwnerChanged', data: { at: AT, customerId, siteId, from } };
  },
};

/** Folds given events into a state, for validation specifications. */
export const customerOf = (...history: CustomerEvent[]) =>
  history.reduce(evolveCustomer, initialCustomerState())!;
export const contractOf = (...history: ContractEvent[]) =>
  history.reduce(evolveContract, initialContractState())!;
export const equipmentOf = (...history: EquipmentEvent[]) =>
  history.reduce(evolveEquipment, initialEquipmentState())!;

export type { DomainEvent };
