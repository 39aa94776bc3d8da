import type { z } from 'zod';
import type { CommandContext, Decider, DomainEvent, Role } from '../domain/index.js';

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
export function aggregate<
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
export function perInstance<
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

/** The boundary schema of an aggregate command: its payload, plus the target field if the payload lacks it. */
export function payloadShape(aggregate: RegisteredAggregate, payload: z.ZodObject): z.ZodRawShape {
  const shape = payload.shape as z.ZodRawShape;
  return aggregate.target && !(aggregate.target.field in shape)
    ? { ...shape, [aggregate.target.field]: aggregate.target.schema }
    : shape;
}
