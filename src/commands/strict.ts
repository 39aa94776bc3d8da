import { z } from 'zod';
import { ERASED, givenId, givenPersonName, id, personName } from '../domain/index.js';

/**
 * One rule for every object a command carries, at any depth: it is strict. A misspelt or
 * unknown key is a ValidationError, never silently dropped — whether the object is the
 * command itself, its actor, a subject inside a union, or a calendar inside published
 * service-level rules. The domain's schemas are shared with stored events, which must keep
 * decoding as they were written; so the boundary derives strict copies of them here instead
 * of changing them. Only what changes is copied: leaves (instants, ids) stay the same
 * instances, so their marks and JSON Schema metadata stay with them.
 *
 * Ids given in commands are `givenId`s: the stored events' `id`, less the names every
 * object inherits (`constructor`, `toString`, …), which plain objects keyed by ids would
 * mistake for members they hold. Names are `givenPersonName`s: one line. History keeps
 * decoding with the lenient `id` and `personName`.
 *
 * zod skips an own `__proto__` key of a record without a word; `inputFlaw` finds one so the
 * boundary can refuse it (objects refuse it anyway, as an unknown key), and lone surrogates.
 */

interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly catchall?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly element?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly keyType?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly out?: z.ZodType;
  readonly left?: z.ZodType;
  readonly right?: z.ZodType;
}

const never = z.never();

const strictCache = new WeakMap<z.ZodType, z.ZodType>();

/** A copy of `schema` whose every object, however deep, refuses unknown keys. */
export function strictly<T extends z.ZodType>(schema: T): T {
  return strictCopy(schema) as T;
}

function strictCopy(schema: z.ZodType): z.ZodType {
  if (schema === id) return givenId;
  const cached = strictCache.get(schema);
  if (cached) return cached;
  const copy = schema === personName ? copyOf(givenPersonName) : copyOf(schema);
  strictCache.set(schema, copy);
  return copy;
}

function copyOf(schema: z.ZodType): z.ZodType {
  const def = schema._zod.def as Def;
  if (def.type === 'string' && z.globalRegistry.get(schema)?.['x-personal-data'] === true)
    return notErased(schema);
  const changed: Record<string, unknown> = {};
  const child = (key: keyof Def) => {
    const inner = def[key] as z.ZodType | undefined;
    if (!inner) return;
    const copy = strictCopy(inner);
    if (copy !== inner) changed[key] = copy;
  };
  switch (def.type) {
    case 'object': {
      const shape = Object.fromEntries(
        Object.entries(def.shape!).map(([key, field]) => [key, strictCopy(field)]),
      );
      const same =
        Object.keys(shape).every((key) => shape[key] === def.shape![key]) &&
        def.catchall?._zod.def.type === 'never';
      if (same) return schema;
      changed.shape = shape;
      changed.catchall = never;
      break;
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      child('innerType');
      break;
    case 'array':
      child('element');
      break;
    case 'record':
      child('valueType');
      break;
    case 'pipe':
      child('in');
      child('out');
      break;
    case 'intersection':
      child('left');
      child('right');
      break;
    case 'union': {
      const options = def.options!.map(strictCopy);
      if (options.some((option, i) => option !== def.options![i])) changed.options = options;
      break;
    }
    default:
      return schema;
  }
  if (Object.keys(changed).length === 0) return schema;
  // Keep the def's getters (a default value is a fresh copy on every parse) and its checks
  // (refinements); `parent` keeps the original's description for the JSON Schema.
  const merged = Object.defineProperties(
    {},
    { ...Object.getOwnPropertyDescriptors(def), ...Object.getOwnPropertyDescriptors(changed) },
  );
  return schema.clone(merged as z.ZodType['_zod']['def'], { parent: true });
}

const givenNotErased = z.refine((value) => value !== ERASED, {
  error: `${ERASED} stands for a forgotten person's data: it is not a value to give`,
});

/** A personal text as a command gives it; `parent` keeps its marks (personal, described). */
function notErased(schema: z.ZodType): z.ZodType {
  const def = schema._zod.def;
  return schema.clone(
    { ...def, checks: [...(def.checks ?? []), givenNotErased] },
    { parent: true },
  );
}

/** What makes JSON-like input unfit to record, whatever its schema says. */
export interface InputFlaw {
  readonly path: string;
  readonly message: string;
  readonly code: 'unrecognized_keys' | 'invalid_format' | 'invalid_type';
}

/**
 * The first flaw in a JSON-like value, with its path, or undefined; safe on cycles. An object
 * that is not plain data (a Map reads as an empty object), an own `__proto__` key (zod skips
 * one without a word), or text that is not well-formed Unicode: a lone UTF-16 surrogate, in a
 * value or a key, cannot be written as UTF-8, so read-model indexes, search, exports and mails
 * would hold U+FFFD where the event holds the surrogate.
 */
export function inputFlaw(value: unknown): InputFlaw | undefined {
  const pending: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (typeof next.value === 'string') {
      if (!next.value.isWellFormed()) return illFormed(next.path);
      continue;
    }
    if (
      typeof next.value !== 'object' ||
      next.value === null ||
      next.value instanceof Date ||
      seen.has(next.value)
    )
      continue;
    seen.add(next.value);
    const prototype = Object.getPrototypeOf(next.value) as unknown;
    // A Map, a Set or a class's instance would serialise as {} or lose its members.
    if (prototype !== Object.prototype && prototype !== null && !Array.isArray(next.value))
      return {
        path: next.path,
        message: `A command is plain JSON data: ${describe(next.value)} is not`,
        code: 'invalid_type',
      };
    if (Object.hasOwn(next.value, '__proto__'))
      return {
        path: next.path ? `${next.path}.__proto__` : '__proto__',
        message: 'A key may not be named __proto__',
        code: 'unrecognized_keys',
      };
    for (const [key, member] of Object.entries(next.value)) {
      const path = next.path ? `${next.path}.${key}` : key;
      if (!key.isWellFormed()) return illFormed(path);
      if (typeof member === 'string' || (typeof member === 'object' && member !== null))
        pending.push({ value: member, path });
    }
  }
  return undefined;
}

function describe(value: object): string {
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object of a class';
}

function illFormed(path: string): InputFlaw {
  return {
    path,
    message: 'Text must be well-formed Unicode: it holds a lone UTF-16 surrogate',
    code: 'invalid_format',
  };
}
