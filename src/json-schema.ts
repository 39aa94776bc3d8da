import { z } from 'zod';
import { commandInputSchemas } from './commands/schemas.js';
import { eventMetadataSchema, eventSchemas } from './domain/index.js';

/**
 * JSON Schema of every command (as it may be sent) and event (as it is stored), derived from
 * the zod schemas (never written twice): for clients in other languages, forms and
 * validators. Instants are ISO-8601 strings. `callstream schema` prints the same.
 */
export function jsonSchemas() {
  const convert = (schema: z.ZodType, io: 'input' | 'output') =>
    z.toJSONSchema(schema, {
      io,
      unrepresentable: 'any',
      override: (ctx) => {
        if (ctx.zodSchema._zod.def.type === 'date') {
          ctx.jsonSchema.type = 'string';
          ctx.jsonSchema.format = 'date-time';
        }
      },
    });
  return {
    commands: Object.fromEntries(
      Object.entries(commandInputSchemas).map(([type, schema]) => [type, convert(schema, 'input')]),
    ),
    events: Object.fromEntries(
      Object.entries(eventSchemas).map(([type, schema]) => [
        type,
        convert(schema as z.ZodType, 'output'),
      ]),
    ),
    eventMetadata: convert(eventMetadataSchema, 'output'),
  };
}
