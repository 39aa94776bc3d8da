import { z } from 'zod';
import {
  actor,
  callCommandSchemas,
  callCommandTypes,
  instant,
  type Actor,
  type CallCommandPayload,
  type CallCommandType,
} from '../domain/index.js';
import { aggregates, payloadShape } from './aggregates.js';
import { jsonLengthBound } from './command-size.js';
import { ValidationError } from './errors.js';
import { ownPrototypeKey, strictly } from './strict.js';

const COMMAND_ID =
  'Idempotency key: names one command forever. A resend with the same content writes nothing and answers the first result (duplicate: true); the same id with another type, actor, instant, payload or target is refused (CommandIdReused).';

/**
 * The boundary: a command as it arrives (JSON line, HTTP body, library call) is its
 * payload plus an envelope saying which command, who, when and in which conversation.
 */
const envelope = {
  commandId: z.uuid().meta({ description: COMMAND_ID }),
  actor,
  at: instant.optional(),
  correlationId: z.uuid().optional(),
  causationId: z.uuid().optional(),
};

/** The call a command acts on, by id (UUID) or by number (C-000042). */
const target = { call: z.string().trim().min(1).max(64) };

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
 * too. Each is built when first used: a read command needs none of them, and building them
 * all is a visible share of the CLI's start-up.
 */
export const commandInputSchemas: Readonly<Record<string, z.ZodType>> = builtOnFirstUse([
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

export const commandTypes: readonly string[] = Object.keys(commandInputSchemas);

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

/** What a caller may pass in: the same, with instants as Dates or ISO strings and defaults left out. */
export type CommandRequest = {
  [T in CallCommandType]: { readonly type: T } & Envelope<Date | string> &
    Target<T> &
    PayloadInput<T>;
}[CallCommandType];
type Input<T extends CallCommandType> = z.input<(typeof callCommandSchemas)[T]>;
type PayloadInput<T extends CallCommandType> = string extends keyof Input<T> ? object : Input<T>;

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
  if (typeof type !== 'string' || !Object.hasOwn(commandInputSchemas, type)) {
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
  const prototypeKey = ownPrototypeKey(input);
  if (prototypeKey !== undefined) {
    throw new ValidationError([
      {
        path: prototypeKey,
        message: 'A key may not be named __proto__',
        code: 'unrecognized_keys',
      },
    ]);
  }
  const parsed = commandInputSchemas[type]!.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  return parsed.data as CommandInput | AggregateCommandInput;
}
