import { jsonSchemas } from '../../json-schema.js';
import type { CliCommand } from '../shared/command.js';
import { UsageError } from '../shared/errors.js';

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
    // The type is the user's word: looked up among the schemas' own keys (not `constructor`).
    const pick = (kind: 'commands' | 'events', name: string) => {
      const schemas = all[kind] as Record<string, unknown>;
      if (!Object.hasOwn(schemas, name))
        throw new UsageError(
          `No ${kind === 'commands' ? 'command' : 'event'} type ${name}; known: ${Object.keys(schemas).join(', ')}`,
        );
      return schemas[name];
    };
    const command = ctx.values.command as string | undefined;
    const event = ctx.values.event as string | undefined;
    if (command !== undefined && event !== undefined)
      throw new UsageError('--command or --event: one schema at a time, or neither for all');
    const document = command ? pick('commands', command) : event ? pick('events', event) : all;
    ctx.out.result(document, () => JSON.stringify(document, null, 2));
  },
};
