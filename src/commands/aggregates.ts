import type { z } from 'zod';
import {
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

export const aggregates: readonly AggregateDefinition[] = [organisationAggregate, serviceLevelAggregate];

export function aggregateOf(commandType: string): AggregateDefinition | undefined {
  return aggregates.find((aggregate) => Object.hasOwn(aggregate.commandSchemas, commandType));
}
