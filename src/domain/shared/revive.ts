import type { z } from 'zod';

/**
 * Stored events were validated by the decider that wrote them; reading them back only
 * has to turn their instants into Dates. A reviver is compiled once per schema by walking
 * it for instant fields, so the hot path (loads, projections) skips re-validating every
 * field while the schema stays the one source of truth. Audits decode strictly.
 */
export type Reviver = (value: unknown) => unknown;

const instantSchemas = new WeakSet<object>();

/** Marks a schema as an instant: its JSON string becomes a Date when revived. */
export function markInstant<T extends z.ZodType>(schema: T): T {
  instantSchemas.add(schema);
  return schema;
}

interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly innerType?: z.ZodType;
  readonly element?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly in?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => schema._zod.def;

// The last instant text parsed and its time: an event's `at` is most often its metadata's
// occurredAt, and parsing the text costs four times making a Date of a number.
let lastText: string | undefined;
let lastTime = Number.NaN;

/** `new Date(text)`, parsing a text only when it differs from the last one. */
export function instantOf(text: string): Date {
  if (text !== lastText) {
    lastTime = Date.parse(text);
    lastText = text;
  }
  return new Date(lastTime);
}

const toDate: Reviver = (value) => (typeof value === 'string' ? instantOf(value) : value);

/** undefined when the schema holds no instant: nothing to do for it. */
export function compileReviver(schema: z.ZodType): Reviver | undefined {
  if (instantSchemas.has(schema)) return toDate;
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly': {
      const inner = compileReviver(def.innerType!);
      return inner && ((value) => (value === undefined || value === null ? value : inner(value)));
    }
    case 'array': {
      const element = compileReviver(def.element!);
      return element && ((value) => (Array.isArray(value) ? value.map(element) : value));
    }
    case 'object': {
      const fields = Object.entries(def.shape!).flatMap(([key, field]) => {
        const reviver = compileReviver(field);
        return reviver ? [[key, reviver] as const] : [];
      });
      if (fields.length === 0) return undefined;
      return (value) => {
        if (value === null || typeof value !== 'object') return value;
        const record = value as Record<string, unknown>;
        for (const [key, reviver] of fields)
          if (record[key] !== undefined) record[key] = reviver(record[key]);
        return record;
      };
    }
    case 'union': {
      const options = def.options!.map(compileReviver);
      if (options.every((o) => o === undefined)) return undefined;
      throw new Error(
        'A union holding instants needs a strict decode; give its options distinct instant-free shapes',
      );
    }
    case 'pipe':
      return compileReviver(def.in!);
    default:
      return undefined;
  }
}
