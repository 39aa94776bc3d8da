import type { z } from 'zod';
import { currentVersion, eventSchemas, isEventType } from './catalogue.js';
import { eventMetadataSchema, type StoredShape } from './envelope.js';
import { storedInstant } from './shared/schema.js';

/**
 * A quick answer to "would strict decoding accept this stored event?", for audits that
 * decode every event of a store. It is compiled from the same zod schemas into plain checks
 * that allocate nothing, and it is one-sided: true only where zod accepts for certain; false
 * means "ask zod" (the caller then decodes strictly, which gives the verdict and the message).
 * What it does not know exactly (refinements, transforms other than the instants', formats
 * other than pattern-only ones) it hands to zod for that part alone. A property test compares
 * it with zod on generated valid and corrupted events (test/domain/quick-decodable.test.ts).
 */
export function quickDecodable(stored: StoredShape): boolean {
  if (!(metadataCheck ??= compile(eventMetadataSchema))(stored.metadata)) return false;
  const version = (stored.metadata as { schemaVersion: number }).schemaVersion;
  // Older versions are lifted by upcasters first: strict decoding's own business.
  if (!isEventType(stored.type) || version !== currentVersion(stored.type)) return false;
  let check = eventChecks.get(stored.type);
  if (check === undefined)
    eventChecks.set(stored.type, (check = compile(eventSchemas[stored.type] as z.ZodType)));
  return check(stored.data);
}

type Check = (value: unknown) => boolean;

const eventChecks = new Map<string, Check>();
// Compiled on first use: importing the domain builds nothing (CLI start-up).
let metadataCheck: Check | undefined;

/** Formats whose zod check is exactly a test of their pattern. */
const PATTERN_FORMATS = new Set(['regex', 'uuid', 'guid', 'email', 'datetime', 'date', 'time']);

/** The parts of zod's check definitions read here; any other check is zod's to judge. */
type CheckDef =
  | { readonly check: 'min_length'; readonly minimum: number }
  | { readonly check: 'max_length'; readonly maximum: number }
  | { readonly check: 'length_equals'; readonly length: number }
  | { readonly check: 'overwrite'; readonly tx?: (value: string) => unknown }
  | {
      readonly check: 'string_format' | 'number_format';
      readonly format: string;
      readonly pattern?: unknown;
    }
  | {
      readonly check: 'greater_than' | 'less_than';
      readonly value: unknown;
      readonly inclusive: boolean;
    };

/** The parts of zod's schema definitions read here: each type has only its own. */
interface Def {
  readonly type: string;
  readonly coerce?: boolean;
  readonly checks?: ReadonlyArray<{ _zod: { def: CheckDef } }>;
  readonly format?: string;
  readonly pattern?: unknown;
  readonly inclusive?: boolean;
  readonly innerType?: z.ZodType;
  readonly element?: z.ZodType;
  readonly options?: z.ZodType[];
  readonly shape?: Record<string, z.ZodType>;
  readonly catchall?: z.ZodType;
  readonly keyType?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly out?: z.ZodType;
  readonly transform?: unknown;
}

interface Internals {
  readonly def: Def;
  readonly values?: ReadonlySet<unknown>;
}

const internals = (schema: z.ZodType): Internals => schema._zod as Internals;

/** A check of `schema`, exact where it is compiled, zod itself where it is not. */
export function compile(schema: z.ZodType): Check {
  return compileKnown(schema) ?? ((value) => schema.safeParse(value).success);
}

function compileKnown(schema: z.ZodType): Check | undefined {
  // A stored instant is a string its transform can revive: its check, without the transform's allocations.
  if (schema === storedInstant) return isStoredInstant;
  const zod = internals(schema);
  const { def } = zod;
  if (def.coerce) return undefined;
  switch (def.type) {
    case 'string':
      return stringCheck(def);
    case 'number':
      return numberCheck(def);
    case 'boolean':
      return (value) => typeof value === 'boolean';
    case 'enum':
    case 'literal': {
      const values = zod.values;
      return values && !def.checks?.length ? (value) => values.has(value) : undefined;
    }
    case 'unknown':
      // A key that is absent is left to zod.
      return (value) => value !== undefined;
    case 'never':
      return () => false;
    case 'optional':
    case 'default': {
      const inner = compile(def.innerType!);
      return (value) => value === undefined || inner(value);
    }
    case 'nullable': {
      const inner = compile(def.innerType!);
      return (value) => value === null || inner(value);
    }
    case 'array':
      return arrayCheck(def);
    case 'object':
      return objectCheck(def);
    case 'union': {
      // An exclusive union (exactly one option) is zod's to judge.
      if (def.checks?.length || def.inclusive === false) return undefined;
      const options = def.options!.map(compile);
      return (value) => options.some((option) => option(value));
    }
    case 'record':
      return recordCheck(def);
    case 'pipe':
      return transformedCheck(def);
    default:
      return undefined;
  }
}

function stringCheck(def: Internals['def']): Check | undefined {
  if (
    def.format !== undefined &&
    !(PATTERN_FORMATS.has(def.format) && def.pattern instanceof RegExp)
  )
    return undefined;
  const own = def.format === undefined ? undefined : (def.pattern as RegExp);
  const steps: Array<(value: string) => string | false> = [];
  // What the check tests, as text: checks that test the same share what they last accepted.
  let signature: string | undefined = `${def.format}:${String(own)}`;
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'min_length') steps.push((value) => value.length >= c.minimum && value);
    else if (c.check === 'max_length') steps.push((value) => value.length <= c.maximum && value);
    else if (c.check === 'length_equals') steps.push((value) => value.length === c.length && value);
    else if (c.check === 'overwrite' && typeof c.tx === 'function') {
      const tx = c.tx;
      steps.push((value) => tx(value) as string);
      signature = undefined; // a function's text does not say what it does
    } else if (
      c.check === 'string_format' &&
      PATTERN_FORMATS.has(c.format) &&
      c.pattern instanceof RegExp
    ) {
      const pattern = c.pattern;
      steps.push((value) => matches(pattern, value) && value);
    } else return undefined;
    if (signature !== undefined && c.check !== 'overwrite')
      signature += `|${c.check}:${String('pattern' in c ? c.pattern : '')}:${String('minimum' in c ? c.minimum : '')}:${String('maximum' in c ? c.maximum : '')}:${String('length' in c ? c.length : '')}`;
  }
  // The last string accepted: the ids of one command (its command, correlation and causation
  // ids, each its own schema) repeat across its fields and events, and a comparison costs
  // less than a pattern.
  const last = signature === undefined ? { accepted: undefined } : lastAccepted(signature);
  return (value) => {
    if (typeof value !== 'string') return false;
    if (value === last.accepted) return true;
    if (own && !matches(own, value)) return false;
    let current: string | false = value;
    for (const step of steps) if ((current = step(current)) === false) return false;
    last.accepted = value;
    return true;
  };
}

const acceptedBySignature = new Map<string, { accepted: string | undefined }>();
const lastAccepted = (signature: string) => {
  let last = acceptedBySignature.get(signature);
  if (last === undefined) acceptedBySignature.set(signature, (last = { accepted: undefined }));
  return last;
};

function matches(pattern: RegExp, value: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(value);
}

function numberCheck(def: Internals['def']): Check | undefined {
  const tests: Array<(value: number) => boolean> = [];
  // z.int() and its kin carry their format on the schema itself.
  if (def.format !== undefined) {
    if (def.format !== 'safeint') return undefined;
    tests.push((value) => Number.isSafeInteger(value));
  }
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    const bound = 'value' in c ? c.value : undefined;
    if (c.check === 'greater_than' && typeof bound === 'number')
      tests.push(c.inclusive ? (value) => value >= bound : (value) => value > bound);
    else if (c.check === 'less_than' && typeof bound === 'number')
      tests.push(c.inclusive ? (value) => value <= bound : (value) => value < bound);
    else if (c.check === 'number_format' && c.format === 'safeint')
      tests.push((value) => Number.isSafeInteger(value));
    else return undefined;
  }
  // zod's numbers are finite.
  return (value) =>
    typeof value === 'number' && Number.isFinite(value) && tests.every((test) => test(value));
}

function arrayCheck(def: Internals['def']): Check | undefined {
  let min = 0;
  let max = Number.POSITIVE_INFINITY;
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'min_length') min = c.minimum;
    else if (c.check === 'max_length') max = c.maximum;
    else return undefined;
  }
  const element = compile(def.element!);
  return (value) =>
    Array.isArray(value) && value.length >= min && value.length <= max && value.every(element);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
};

function objectCheck(def: Internals['def']): Check | undefined {
  if (def.checks?.length) return undefined;
  const strict = def.catchall !== undefined;
  if (strict && internals(def.catchall).def.type !== 'never') return undefined;
  const shape = def.shape!;
  const keys = Object.keys(shape);
  const checks = keys.map((key) => compile(shape[key]!));
  const known = new Set(keys);
  return (value) => {
    // Only what JSON.parse gives (zod's own test is looser, so this never accepts more).
    if (!isPlainObject(value)) return false;
    for (let i = 0; i < keys.length; i++) if (!checks[i]!(value[keys[i]!])) return false;
    if (strict) for (const key in value) if (!known.has(key)) return false;
    return true;
  };
}

function recordCheck(def: Internals['def']): Check | undefined {
  // Keys of any string (an enum of keys would make zod require each of them).
  const key = internals(def.keyType!).def;
  if (def.checks?.length || key.type !== 'string' || key.format !== undefined || key.checks?.length)
    return undefined;
  const entry = compile(def.valueType!);
  return (value) => {
    if (!isPlainObject(value)) return false;
    for (const name in value) if (!entry(value[name])) return false;
    return true;
  };
}

/** storedInstant's transform accepts exactly the strings `new Date` reads as a time. */
const isStoredInstant: Check = (value) => {
  if (typeof value !== 'string') return false;
  if (value === lastInstant) return true; // an event's instants often repeat its command's
  if (Number.isNaN(Date.parse(value))) return false;
  lastInstant = value;
  return true;
};
let lastInstant: string | undefined;

/** A pipe into a transform (the stored instants): the input checked, then the transform run to see whether it adds an issue. */
function transformedCheck(def: Internals['def']): Check | undefined {
  const out = internals(def.out!).def;
  if (
    out.type !== 'transform' ||
    typeof out.transform !== 'function' ||
    def.checks?.length ||
    out.checks?.length
  )
    return undefined;
  const input = compileKnown(def.in!);
  if (!input) return undefined;
  const transform = out.transform as (value: unknown, context: unknown) => unknown;
  return (value) => {
    if (!input(value)) return false;
    let accepted = true as boolean; // cleared by addIssue, inside the transform
    const context = {
      value,
      issues: [] as unknown[],
      addIssue: () => {
        accepted = false;
      },
    };
    try {
      const result = transform(value, context);
      return accepted && context.issues.length === 0 && !(result instanceof Promise);
    } catch {
      return false;
    }
  };
}
