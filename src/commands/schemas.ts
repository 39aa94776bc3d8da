import { z } from 'zod';
import {
  actor,
  callCommandSchemas,
  callCommandTypes,
  givenUuid,
  instant,
  type Actor,
  type CallCommandPayload,
  type CallCommandType,
} from '../domain/index.js';
import { payloadShape } from './aggregate.js';
import { aggregates, type registeredAggregates } from './aggregates.js';
import { jsonLengthBound } from './command-size.js';
import type { CommandType } from './requests.js';
import { ValidationError } from './errors.js';
import { inputFlaw, strictly } from './strict.js';

const COMMAND_ID =
  'Idempotency key: names one command forever. A resend with the same content writes nothing and answers the first result (duplicate: true); the same id with another type, actor, instant, payload or target is refused (CommandIdReused).';

/**
 * The boundary: a command as it arrives (JSON line, HTTP body, library call) is its
 * payload plus an envelope saying which command, who, when and in which conversation.
 */
const envelope = {
  // A UUID in any case names the same command: a resend in capitals is not a second one.
  commandId: givenUuid.meta({ description: COMMAND_ID }),
  actor,
  at: instant.optional(),
  correlationId: givenUuid.optional(),
  causationId: givenUuid.optional(),
};

/** The call a command acts on, by id (UUID) or by number (C-000042). */
const target = { call: z.string().trim().min(1).max(64) };

type EnvelopeShape = typeof envelope;
type CallTargetShape = typeof target;

/** The boundary schema of one command: its type, the envelope, and (target and) payload. */
type InputSchema<Type extends string, Shape extends z.core.$ZodLooseShape> = z.ZodObject<
  { type: z.ZodLiteral<Type> } & EnvelopeShape & Shape,
  z.core.$strict
>;

type CallInputSchemas = {
  [T in CallCommandType]: InputSchema<
    T,
    (T extends 'LogCall' ? unknown : CallTargetShape) & (typeof callCommandSchemas)[T]['shape']
  >;
};

type Registered = (typeof registeredAggregates)[number];
/** The command types of every aggregate but the call's. */
export type AggregateCommandType = Registered extends infer A
  ? A extends { readonly commandSchemas: infer S }
    ? keyof S & string
    : never
  : never;
type AggregateOf<T extends AggregateCommandType> = Extract<
  Registered,
  { readonly commandSchemas: Readonly<Record<T, z.ZodObject>> }
>;
/** The target field `payloadShape` adds to a payload that lacks it. */
type TargetShape<A, Payload> = A extends {
  readonly target: { readonly field: infer F extends string; readonly schema: infer S };
}
  ? F extends keyof Payload
    ? unknown
    : Record<F, S>
  : unknown;
type AggregateInputSchemas = {
  [T in AggregateCommandType]: InputSchema<
    T,
    AggregateOf<T>['commandSchemas'][T]['shape'] &
      TargetShape<AggregateOf<T>, AggregateOf<T>['commandSchemas'][T]['shape']>
  >;
};

/** The boundary schema of every command, by type: what request types derive from (requests.ts). */
export type CommandInputSchemas = CallInputSchemas & AggregateInputSchemas;

function inputSchema(type: CallCommandType): z.ZodType {
  return strictly(
    z.strictObject({
      type: z.literal(type),
      ...envelope,
      ...(type === 'LogCall' ? {} : target),
      ...callCommandSchemas[type].shape,
    }),
  );
}

/**
 * One schema per command type, calls' and other aggregates': the source of the JSON Schema
 * and of the request types too. Each is built when first used: a read command needs none of
 * them, and building them all is a visible share of the CLI's start-up. The map is typed
 * by CommandInputSchemas, which repeats this construction at the type level from the same
 * schema maps, envelope and targets.
 */
const schemaByType = builtOnFirstUse([
  ...callCommandTypes.map((type) => [type, () => inputSchema(type)] as const),
  ...aggregates.flatMap((aggregate) =>
    Object.entries(aggregate.commandSchemas).map(
      ([type, payload]) =>
        [
          type,
          () =>
            strictly(
              z.strictObject({
                type: z.literal(type),
                ...envelope,
                ...payloadShape(aggregate, payload),
              }),
            ),
        ] as const,
    ),
  ),
]);
export const commandInputSchemas = schemaByType as Readonly<CommandInputSchemas>;

/** A record whose values are built on first read, then kept (enumerable like plain values). */
function builtOnFirstUse<T>(
  entries: ReadonlyArray<readonly [string, () => T]>,
): Readonly<Record<string, T>> {
  const record = Object.create(null) as Record<string, T>;
  for (const [key, build] of entries) {
    Object.defineProperty(record, key, {
      enumerable: true,
      configurable: true,
      get() {
        const value = build();
        Object.defineProperty(record, key, {
          value,
          enumerable: true,
          writable: false,
          configurable: false,
        });
        return value;
      },
    });
  }
  return record;
}

export const commandTypes: readonly string[] = Object.keys(schemaByType);

interface Envelope<Instant> {
  readonly commandId: string;
  readonly actor: Actor;
  readonly at?: Instant;
  readonly correlationId?: string;
  readonly causationId?: string;
}
type Target<T extends CallCommandType> = T extends 'LogCall' ? unknown : { readonly call: string };

/** A validated command: envelope, target and payload. */
export type CommandInput = {
  [T in CallCommandType]: { readonly type: T } & Envelope<Date> & Target<T> & CallCommandPayload<T>;
}[CallCommandType];
export type CommandInputOf<T extends CallCommandType> = Extract<CommandInput, { type: T }>;

const MAX_COMMAND_BYTES = 256 * 1024;

/** A validated command of an aggregate other than the call: envelope and payload. */
export type AggregateCommandInput = Envelope<Date> & { readonly type: string } & Record<
    string,
    unknown
  >;

/** Parses anything into a command or throws a ValidationError listing every offending path. */
export function parseCommand(input: unknown): CommandInput | AggregateCommandInput {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ValidationError([
      { path: '', message: 'A command is a JSON object', code: 'invalid_type' },
    ]);
  }
  const type = (input as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.hasOwn(schemaByType, type)) {
    throw new ValidationError([
      {
        path: 'type',
        message: `Unknown command type ${JSON.stringify(type)}; known: ${commandTypes.join(', ')}`,
        code: 'invalid_union_discriminator',
      },
    ]);
  }
  let size: number;
  try {
    const bound = jsonLengthBound(input); // serialised only when it may be too big, or only serialising can tell
    size = bound !== undefined && bound <= MAX_COMMAND_BYTES ? bound : JSON.stringify(input).length;
  } catch {
    throw new ValidationError([
      { path: '', message: 'A command must be plain JSON data', code: 'invalid_type' },
    ]);
  }
  if (size > MAX_COMMAND_BYTES) {
    throw new ValidationError([
      {
        path: '',
        message: `A command may be at most ${MAX_COMMAND_BYTES} bytes, this one is ${size}`,
        code: 'too_big',
      },
    ]);
  }
  const flaw = inputFlaw(input);
  if (flaw !== undefined) throw new ValidationError([flaw]);
  const parsed = schemaByType[type]!.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  return parsed.data as CommandInput | AggregateCommandInput;
}

/** Whether input claims to be a command of this type (whether it is one, parsing says). */
export function isCommandOf<T extends CommandType>(type: T, input: unknown): boolean {
  return typeof input === 'object' && input !== null && 'type' in input && input.type === type;
}

/** Parses input as a command of one known type: its validated form, or a ValidationError. */
export function parseCommandOf<T extends CommandType>(
  type: T,
  input: unknown,
): z.output<CommandInputSchemas[T]> {
  const parsed = parseCommand(input);
  if (parsed.type !== type)
    throw new ValidationError([
      { path: 'type', message: `Expected a ${type} command`, code: 'invalid_value' },
    ]);
  return parsed as z.output<CommandInputSchemas[T]>;
}
