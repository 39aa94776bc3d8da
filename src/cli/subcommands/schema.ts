import { jsonSchemas } from '../../json-schema.js';
import type { CliCommand } from '../shared/command.js';

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
