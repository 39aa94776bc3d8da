import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Callstream } from '../../src/callstream.js';
import { CommandIdReused } from '../../src/commands/errors.js';
import type { AggregateResult, CommandResult } from '../../src/commands/pipeline.js';
import { commandTypes } from '../../src/commands/schemas.js';
import {
  commandCatalogue,
  otherChanges,
  type CatalogueEntry,
} from '../support/command-catalogue.js';

/**
 * A command id names one command forever (issue 14, items 1 and 2): over the whole command
 * catalogue, a resend after other data changed writes nothing and answers the first result;
 * the same id with other content is CommandIdReused and writes nothing.
 */
describe('idempotency over the command catalogue', () => {
  const catalogue = commandCatalogue();
  const first = new Map<string, CommandResult | AggregateResult>();
  let callstream: Callstream;

  beforeAll(async () => {
    callstream = await Callstream.open();
    for (const { command } of catalogue) {
      try {
        first.set(command.commandId, await callstream.executeJson(command));
      } catch (error) {
        throw new Error(
          `${command.type} (${command.commandId}) failed: ${(error as Error).message}`,
          { cause: error },
        );
      }
    }
    for (const change of otherChanges()) await callstream.executeJson(change);
  }, 120_000);

  it('holds a command of every type', () => {
    expect(new Set(catalogue.map((entry) => entry.command.type))).toEqual(new Set(commandTypes));
  });

  it('a resend, after other data changed, writes nothing and answers the first result', async () => {
    const head = await callstream.store.headPosition();
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(catalogue, { minLength: 1 }), async (entries) => {
        for (const { command } of entries) {
          const again = await callstream.executeJson(command);
          expect(again.duplicate, command.type).toBe(true);
          expect(again, command.type).toEqual(resent(first.get(command.commandId)!));
        }
        expect(await callstream.store.headPosition()).toBe(head);
      }),
      { numRuns: 5 },
    );
  });

  it('the same command id with other content is CommandIdReused, for every type, and writes nothing', async () => {
    const head = await callstream.store.headPosition();
    const mutations = ['instant', 'actor', 'payload'] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...catalogue),
        fc.constantFrom(...mutations),
        async (entry, mutation) => {
          const error = await callstream
            .executeJson(mutated(entry, mutation))
            .catch((e: unknown) => e);
          expect(error, `${entry.command.type} (${mutation})`).toBeInstanceOf(CommandIdReused);
          expect(['payload', 'target']).toContain((error as CommandIdReused).differs);
        },
      ),
      { numRuns: 150 },
    );
    for (const entry of catalogue) {
      const error = await callstream
        .executeJson(mutated(entry, 'payload'))
        .catch((e: unknown) => e);
      expect(error, entry.command.type).toBeInstanceOf(CommandIdReused);
    }
    expect(await callstream.store.headPosition()).toBe(head);
  });
});

/** The first result as a resend answers it: the same, marked duplicate, and so is the call an acceptance logged. */
function resent(result: CommandResult | AggregateResult): CommandResult | AggregateResult {
  const call = 'call' in result && result.call ? { call: { ...result.call, duplicate: true } } : {};
  return { ...result, duplicate: true, ...call };
}

/** The entry's command with one thing changed: its instant, its actor's name, or its payload. */
function mutated(
  { command, variant }: CatalogueEntry,
  mutation: 'instant' | 'actor' | 'payload',
): Record<string, unknown> {
  if (mutation === 'instant')
    return { ...command, at: new Date(Date.parse(command.at as string) + 1000).toISOString() };
  if (mutation === 'actor' || !variant)
    return { ...command, actor: { ...(command.actor as object), name: 'Someone Else' } };
  return { ...command, ...variant };
}
