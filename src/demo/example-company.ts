import type { Callstream } from '../callstream.js';
import { nameUuid } from '../streams/ids.js';
import { setupCommands } from './setup.js';

export interface ExampleCompanyReport {
  /** Commands run (each once: a second set-up of the same year writes nothing). */
  readonly commands: number;
  /** Of those, how many wrote events (0 when the company was already set up). */
  readonly written: number;
  /** The commands run, by type (RegisterCustomer 6, RegisterEquipment 88, …). */
  readonly byType: ReadonlyMap<string, number>;
}

/**
 * Records the demo's example company in a store, as its administrator would: groups,
 * support centres, purposes, inboxes, service levels on Paris and Rome office calendars,
 * customers (Acme, the source's own example, among them) with sites, contracts and coverage
 * lines, the installed base, a price list and billing policies. A starting point for trying
 * callstream out (`callstream init --example`); command ids derive from the year, so running
 * it again writes nothing.
 */
export async function setUpExampleCompany(
  callstream: Callstream,
  options: { year?: number } = {},
): Promise<ExampleCompanyReport> {
  const year = options.year ?? 2026;
  let written = 0;
  const commands = setupCommands(year);
  const byType = new Map<string, number>();
  for (const [i, command] of commands.entries()) {
    byType.set(String(command.type), (byType.get(String(command.type)) ?? 0) + 1);
    const result = await callstream.executeJson({
      ...command,
      commandId: nameUuid(`example-company/${year}/${i}`),
    });
    if (!result.duplicate) written++;
  }
  return { commands: commands.length, written, byType };
}
