import type { z } from 'zod';
import {
  contractCommandSchemas,
  contractPermissions,
  contractStreamName,
  customerCommandSchemas,
  customerPermissions,
  customerStreamName,
  decideContract,
  decideCustomer,
  decideEquipment,
  equipmentCommandSchemas,
  equipmentPermissions,
  equipmentStreamName,
  evolveContract,
  evolveCustomer,
  evolveEquipment,
  id,
  initialContractState,
  initialCustomerState,
  initialEquipmentState,
  shortText,
  billingCommandSchemas,
  billingPermissions,
  decidePriceList,
  evolveInvoice,
  evolvePriceList,
  initialInvoice,
  initialPriceList,
  priceListCommandSchemas,
  priceListPermissions,
  priceListStream,
  decideRequest,
  evolveRequest,
  initialRequestState,
  requestCommandSchemas,
  requestPermissions,
  requestStreamName,
  decideOrganisation,
  evolveOrganisation,
  initialOrganisation,
  ORGANISATION_STREAM,
  organisationCommandSchemas,
  organisationPermissions,
  decideServiceLevels,
  evolveServiceLevels,
  initialRuleSet,
  serviceLevelCommandSchemas,
  serviceLevelPermissions,
  serviceLevelStream,
  type DomainEvent,
  type Role,
  decideMaintenance,
  evolveMaintenance,
  initialMaintenancePlanState,
  maintenanceCommandSchemas,
  maintenancePermissions,
  maintenancePlanStreamName,
  decideMeters,
  evolveMeters,
  initialMeters,
  meterCommandSchemas,
  meterPermissions,
  meterStreamName,
  personCommandSchemas,
  personPermissions,
  personStreamName,
  personId,
  initialPersonState,
  evolvePerson,
  decidePerson,
} from '../domain/index.js';
import type { Fold } from './streams.js';

/**
 * An aggregate other than the call, as the pipeline needs it: its commands and who may
 * issue them, the stream a command acts on, and its decider. The call has its own path in
 * the pipeline (numbers, reopening, master-data checks) on the same machinery.
 */
export interface AggregateDefinition {
  readonly name: string;
  readonly commandSchemas: Readonly<Record<string, z.ZodObject>>;
  /** The field naming the instance a command acts on, added to payloads that lack it. */
  readonly target?: { readonly field: string; readonly schema: z.ZodType };
  readonly permissions: Readonly<Record<string, readonly Role[]>>;
  streamOf(payload: Record<string, unknown>): string;
  readonly fold: Fold<unknown>;
  decide(command: unknown, state: unknown): DomainEvent[];
}

export const organisationAggregate: AggregateDefinition = {
  name: 'organisation',
  commandSchemas: organisationCommandSchemas,
  permissions: organisationPermissions,
  streamOf: () => ORGANISATION_STREAM,
  fold: { initial: initialOrganisation, evolve: (state, event) => evolveOrganisation(state as never, event as never) },
  decide: (command, state) => decideOrganisation(command as never, state as never) as DomainEvent[],
};

export const serviceLevelAggregate: AggregateDefinition = {
  name: 'service-levels',
  commandSchemas: serviceLevelCommandSchemas,
  permissions: serviceLevelPermissions,
  streamOf: (payload) => serviceLevelStream(payload.ruleSetId as string),
  fold: { initial: initialRuleSet, evolve: (state, event) => evolveServiceLevels(state as never, event as never) },
  decide: (command, state) => decideServiceLevels(command as never, state as never) as DomainEvent[],
};

/** Decider plumbing for aggregates whose state starts as null. */
function nullable(name: string, target: AggregateDefinition['target'] & object, commandSchemas: AggregateDefinition['commandSchemas'], permissions: AggregateDefinition['permissions'], stream: (id: string) => string, initial: () => unknown, evolve: (s: never, e: never) => unknown, decide: (c: never, s: never) => unknown): AggregateDefinition {
  return {
    name,
    commandSchemas,
    permissions,
    target,
    streamOf: (payload) => stream(payload[target.field] as string),
    fold: { initial, evolve: evolve as (s: unknown, e: DomainEvent) => unknown },
    decide: decide as (c: unknown, s: unknown) => DomainEvent[],
  };
}

export const customerAggregate = nullable('customer', { field: 'customerId', schema: id }, customerCommandSchemas, customerPermissions, customerStreamName, initialCustomerState, evolveCustomer, decideCustomer);
export const contractAggregate = nullable('contract', { field: 'contractId', schema: id }, contractCommandSchemas, contractPermissions, contractStreamName, initialContractState, evolveContract, decideContract);
export const equipmentAggregate = nullable('equipment', { field: 'serialNumber', schema: shortText }, equipmentCommandSchemas, equipmentPermissions, equipmentStreamName, initialEquipmentState, evolveEquipment, decideEquipment);

export const requestAggregate = nullable('request', { field: 'requestId', schema: id }, requestCommandSchemas, requestPermissions, requestStreamName, initialRequestState, evolveRequest, decideRequest);

export const priceListAggregate: AggregateDefinition = {
  name: 'price-list',
  commandSchemas: priceListCommandSchemas,
  permissions: priceListPermissions,
  streamOf: (payload) => priceListStream(payload.priceListId as string),
  fold: { initial: initialPriceList, evolve: (state, event) => evolvePriceList(state as never, event as never) },
  decide: (command, state) => decidePriceList(command as never, state as never) as DomainEvent[],
};

/** Billing commands act on a call's invoice; the pipeline handles them itself (they read the call, master data and prices). */
export const invoiceAggregate: AggregateDefinition = {
  name: 'invoice',
  commandSchemas: billingCommandSchemas,
  permissions: billingPermissions,
  streamOf: () => {
    throw new Error('Billing commands are handled by the pipeline');
  },
  fold: { initial: initialInvoice, evolve: (state, event) => evolveInvoice(state as never, event as never) },
  decide: () => {
    throw new Error('Billing commands are handled by the pipeline');
  },
};

export const maintenancePlanAggregate = nullable('maintenance-plan', { field: 'planId', schema: id }, maintenanceCommandSchemas, maintenancePermissions, maintenancePlanStreamName, initialMaintenancePlanState, evolveMaintenance, decideMaintenance);
/** The meters of one piece of equipment: its state starts empty (not null), so an alarm needs no meter first. */
export const meterAggregate = nullable('meter', { field: 'serialNumber', schema: shortText }, meterCommandSchemas, meterPermissions, meterStreamName, initialMeters, evolveMeters, decideMeters);

/** A data subject, forgotten (GDPR Art. 17): the key is destroyed by the store that holds it, see privacy/private-store.ts. */
export const personAggregate = nullable('person', { field: 'person', schema: personId }, personCommandSchemas, personPermissions, personStreamName, initialPersonState, evolvePerson, decidePerson);

export const aggregates: readonly AggregateDefinition[] = [organisationAggregate, serviceLevelAggregate, customerAggregate, contractAggregate, equipmentAggregate, requestAggregate, priceListAggregate, invoiceAggregate, maintenancePlanAggregate, meterAggregate, personAggregate];

/** The boundary schema of an aggregate command: its payload, plus the target field if the payload lacks it. */
export function payloadShape(aggregate: AggregateDefinition, payload: z.ZodObject): z.ZodRawShape {
  const shape = payload.shape as z.ZodRawShape;
  return aggregate.target && !(aggregate.target.field in shape) ? { ...shape, [aggregate.target.field]: aggregate.target.schema } : shape;
}

export function aggregateOf(commandType: string): AggregateDefinition | undefined {
  return aggregates.find((aggregate) => Object.hasOwn(aggregate.commandSchemas, commandType));
}
