import { z } from 'zod';
import { commandInputSchemas } from '../../commands/schemas.js';
import { eventMetadataSchema, eventSchemas } from '../../domain/index.js';
import type { CliCommand } from '../shared/command.js';

/** JSON Schema, derived from the zod schemas (never written twice). Instants are ISO-8601 strings. */
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

export const schema: CliCommand = {
  name: 'schema',
  summary: 'Print the JSON Schema of every command and event',
  usage: 'callstream schema [--command TYPE | --event TYPE]',
  options: {
    command: { type: 'string', description: 'only this command type' },
    event: { type: 'string', description: 'only this event type' },
  },
  async run(ctx) {
    const all = jsonSchemas();
    const pick = (kind: 'commands' | 'events', name: string) => {
      const found = (all[kind] as Record<string, unknown>)[name];
      if (!found)
        throw new Error(
          `No ${kind === 'commands' ? 'command' : 'event'} type ${name}; known: ${Object.keys(all[kind]).join(', ')}`,
        );
      return found;
    };
    const command = ctx.values.command as string | undefined;
    const event = ctx.values.event as string | undefined;
    const document = command ? pick('commands', command) : event ? pick('events', event) : all;
    ctx.out.result(document, () => JSON.stringify(document, null, 2));
  },
};
