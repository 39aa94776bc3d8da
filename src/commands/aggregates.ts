import type { z } from 'zod';
import {
  billingCommandSchemas,
  billingPermissions,
  contractCommandSchemas,
  contractDecider,
  contractPermissions,
  contractStreamName,
  customerCommandSchemas,
  customerDecider,
  customerPermissions,
  customerStreamName,
  equipmentCommandSchemas,
  equipmentDecider,
  equipmentPermissions,
  equipmentStreamName,
  id,
  invoiceDecider,
  KNOWLEDGE_STREAM,
  knowledgeCommandSchemas,
  knowledgeDecider,
  knowledgePermissions,
  maintenanceCommandSchemas,
  maintenancePermissions,
  maintenancePlanDecider,
  maintenancePlanStreamName,
  meterCommandSchemas,
  meterDecider,
  meterPermissions,
  meterStreamName,
  personCommandSchemas,
  personDecider,
  personId,
  personPermissions,
  personStreamName,
  ORGANISATION_STREAM,
  organisationCommandSchemas,
  organisationDecider,
  organisationPermissions,
  priceListCommandSchemas,
  priceListDecider,
  priceListPermissions,
  priceListStream,
  requestCommandSchemas,
  requestDecider,
  requestPermissions,
  requestStreamName,
  serviceLevelCommandSchemas,
  serviceLevelDecider,
  serviceLevelPermissions,
  serviceLevelStream,
  shortText,
  type CommandContext,
  type Decider,
  type DomainEvent,
  type Role,
} from '../domain/index.js';

/** A command as the boundary validated it against its aggregate's schema, with when, by whom and what the pipeline resolved for it. */
export type ValidatedCommand = CommandContext & { readonly type: string } & Readonly<
    Record<string, unknown>
  >;

/**
 * An aggregate other than the call, as the pipeline needs it: its commands and who may
 * issue them, the stream a command acts on, and its decider. The call has its own path in
 * the pipeline (numbers, reopening, master-data checks) on the same machinery.
 */
export interface Aggregate<S, C extends { readonly type: string }, E extends DomainEvent> {
  readonly name: string;
  readonly commandSchemas: Readonly<Record<string, z.ZodObject>>;
  /** The field naming the instance a command acts on, added to payloads that lack it. */
  readonly target?: { readonly field: string; readonly schema: z.ZodType };
  readonly permissions: Readonly<Record<string, readonly Role[]>>;
  streamOf(payload: Readonly<Record<string, unknown>>): string;
  readonly decider: Decider<S, C, E>;
  /** Whether a validated command is one of this aggregate's: its schema parsed it, so it is then a C. */
  owns(command: ValidatedCommand): command is ValidatedCommand & C;
}

/**
 * An aggregate in the registry. Each has its own state, command and event types; `use`
 * hands the aggregate, so typed, to code written once for any of them.
 */
export interface RegisteredAggregate {
  readonly name: string;
  readonly commandSchemas: Readonly<Record<string, z.ZodObject>>;
  readonly target?: { readonly field: string; readonly schema: z.ZodType };
  readonly permissions: Readonly<Record<string, readonly Role[]>>;
  streamOf(payload: Readonly<Record<string, unknown>>): string;
  use<R>(
    work: <S, C extends { readonly type: string }, E extends DomainEvent>(
      aggregate: Aggregate<S, C, E>,
    ) => R,
  ): R;
}

type Definition<S, C extends { readonly type: string }, E extends DomainEvent> = Omit<
  Aggregate<S, C, E>,
  'owns'
>;

type CommandSchemas = Readonly<Record<string, z.ZodObject>>;
/** `Base` with some members narrowed (an intersection would keep the wide `Record<string, …>` keys). */
type Typed<Base, Narrow> = Omit<Base, keyof Narrow> & Narrow;

/**
 * The registry keeps each aggregate's own schema map and target (not just `Record<string,
 * ZodObject>`), so the request types of every command derive from them (requests.ts).
 */
function aggregate<
  S,
  C extends { readonly type: string },
  E extends DomainEvent,
  Schemas extends CommandSchemas,
>(
  definition: Definition<S, C, E> & { readonly commandSchemas: Schemas },
): Typed<Aggregate<S, C, E> & RegisteredAggregate, { readonly commandSchemas: Schemas }> {
  const typed: Aggregate<S, C, E> = {
    ...definition,
    owns: (command): command is ValidatedCommand & C =>
      Object.hasOwn(definition.commandSchemas, command.type),
  };
  return { ...typed, commandSchemas: definition.commandSchemas, use: (work) => work(typed) };
}

/** An aggregate with one stream per instance, named by a field of every command. */
function perInstance<
  S,
  C extends { readonly type: string },
  E extends DomainEvent,
  Schemas extends CommandSchemas,
  Field extends string,
  TargetSchema extends z.ZodType,
>(
  definition: Omit<Definition<S, C, E>, 'streamOf' | 'target' | 'commandSchemas'> & {
    readonly commandSchemas: Schemas;
    readonly target: { readonly field: Field; readonly schema: TargetSchema };
    readonly stream: (id: string) => string;
  },
): Typed<
  Aggregate<S, C, E> & RegisteredAggregate,
  {
    readonly commandSchemas: Schemas;
    readonly target: { readonly field: Field; readonly schema: TargetSchema };
  }
> {
  const { stream, target, ...rest } = definition;
  return {
    ...aggregate({
      ...rest,
      target,
      streamOf: (payload) => stream(String(payload[target.field])),
    }),
    target,
  };
}

export const organisationAggregate = aggregate({
  name: 'organisation',
  commandSchemas: organisationCommandSchemas,
  permissions: organisationPermissions,
  streamOf: () => ORGANISATION_STREAM,
  decider: organisationDecider,
});

export const serviceLevelAggregate = aggregate({
  name: 'service-levels',
  commandSchemas: serviceLevelCommandSchemas,
  permissions: serviceLevelPermissions,
  streamOf: (payload) => serviceLevelStream(String(payload.ruleSetId)),
  decider: serviceLevelDecider,
});

export const customerAggregate = perInstance({
  name: 'customer',
  target: { field: 'customerId', schema: id },
  commandSchemas: customerCommandSchemas,
  permissions: customerPermissions,
  stream: customerStreamName,
  decider: customerDecider,
});
export const contractAggregate = perInstance({
  name: 'contract',
  target: { field: 'contractId', schema: id },
  commandSchemas: contractCommandSchemas,
  permissions: contractPermissions,
  stream: contractStreamName,
  decider: contractDecider,
});
export const equipmentAggregate = perInstance({
  name: 'equipment',
  target: { field: 'serialNumber', schema: shortText },
  commandSchemas: equipmentCommandSchemas,
  permissions: equipmentPermissions,
  stream: equipmentStreamName,
  decider: equipmentDecider,
});

/** Requests: submitted and declined here; accepted by the request intake process (request-intake.ts). */
export const requestAggregate = perInstance({
  name: 'request',
  target: { field: 'requestId', schema: id },
  commandSchemas: requestCommandSchemas,
  permissions: requestPermissions,
  stream: requestStreamName,
  decider: requestDecider,
});

export const priceListAggregate = aggregate({
  name: 'price-list',
  commandSchemas: priceListCommandSchemas,
  permissions: priceListPermissions,
  streamOf: (payload) => priceListStream(String(payload.priceListId)),
  decider: priceListDecider,
});

/** Billing commands act on a call's invoice; the pipeline handles them itself (they read the call, master data and prices). */
export const invoiceAggregate = aggregate({
  name: 'invoice',
  commandSchemas: billingCommandSchemas,
  permissions: billingPermissions,
  streamOf: () => {
    throw new Error('Billing commands are handled by the pipeline');
  },
  decider: invoiceDecider,
});

export const maintenancePlanAggregate = perInstance({
  name: 'maintenance-plan',
  target: { field: 'planId', schema: id },
  commandSchemas: maintenanceCommandSchemas,
  permissions: maintenancePermissions,
  stream: maintenancePlanStreamName,
  decider: maintenancePlanDecider,
});
/** The meters of one piece of equipment: its state starts empty (not null), so an alarm needs no meter first. */
export const meterAggregate = perInstance({
  name: 'meter',
  target: { field: 'serialNumber', schema: shortText },
  commandSchemas: meterCommandSchemas,
  permissions: meterPermissions,
  stream: meterStreamName,
  decider: meterDecider,
});

/** A data subject, forgotten (GDPR Art. 17): the key is destroyed by the store that holds it, see privacy/private-store.ts. */
export const personAggregate = perInstance({
  name: 'person',
  target: { field: 'person', schema: personId },
  commandSchemas: personCommandSchemas,
  permissions: personPermissions,
  stream: personStreamName,
  decider: personDecider,
});

/** The knowledge catalogue (C1): coded problems, causes and solutions. */
export const knowledgeAggregate = aggregate({
  name: 'knowledge',
  commandSchemas: knowledgeCommandSchemas,
  permissions: knowledgePermissions,
  streamOf: () => KNOWLEDGE_STREAM,
  decider: knowledgeDecider,
});

/** Every aggregate but the call's, each with its own types (see requests.ts). */
export const registeredAggregates = [
  organisationAggregate,
  serviceLevelAggregate,
  customerAggregate,
  contractAggregate,
  equipmentAggregate,
  requestAggregate,
  priceListAggregate,
  invoiceAggregate,
  maintenancePlanAggregate,
  meterAggregate,
  personAggregate,
  knowledgeAggregate,
] as const;

export const aggregates: readonly RegisteredAggregate[] = registeredAggregates;

/** The boundary schema of an aggregate command: its payload, plus the target field if the payload lacks it. */
export function payloadShape(aggregate: RegisteredAggregate, payload: z.ZodObject): z.ZodRawShape {
  const shape = payload.shape as z.ZodRawShape;
  return aggregate.target && !(aggregate.target.field in shape)
    ? { ...shape, [aggregate.target.field]: aggregate.target.schema }
    : shape;
}

export function aggregateOf(commandType: string): RegisteredAggregate | undefined {
  return aggregates.find((aggregate) => Object.hasOwn(aggregate.commandSchemas, commandType));
}
