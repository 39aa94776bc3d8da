import { existsSync, rmSync, statSync, truncateSync } from 'node:fs';
import { setUpExampleCompany } from '../../demo/example-company.js';
import type { CliCommand } from '../shared/command.js';
import { numberOption, openOrCreate } from '../shared/context.js';
import { UsageError } from '../shared/errors.js';

/** What the example company holds, in the order an administrator sets it up. */
const shown: ReadonlyArray<readonly [string, string]> = [
  ['DefineGroup', 'groups'],
  ['DefineSupportCentre', 'support centres'],
  ['DefinePurpose', 'purposes'],
  ['PublishServiceLevels', 'service-level rule sets'],
  ['RegisterCustomer', 'customers'],
  ['AddSite', 'sites'],
  ['AddContact', 'contacts'],
  ['RegisterContract', 'contracts'],
  ['AddCoverageLine', 'coverage lines'],
  ['RegisterEquipment', 'pieces of equipment'],
  ['PublishPriceList', 'price list'],
  ['SetBillingPolicy', 'billing policies'],
];

export const init: CliCommand = {
  name: 'init',
  summary: 'Create a new database, empty or holding the example company (--example)',
  usage: 'callstream init [--example [--year YYYY]] [--db FILE]',
  options: {
    example: {
      type: 'boolean',
      description:
        'record the example company: organisation, service levels, customers (Acme among them), contracts, equipment, prices',
    },
    year: {
      type: 'string',
      description: 'the year its contracts, calendars and prices are for (default this year)',
    },
  },
  details: [
    'The database must be new: a missing or empty file, or a callstream database without',
    'events. Calls logged against the example company (callstream exec, or the library)',
    'are validated against its customers, contracts and coverage, and billed by its prices.',
  ].join('\n'),
  async run(ctx) {
    const thisYear = new Date().getUTCFullYear();
    if (ctx.values.year !== undefined && ctx.values.example !== true)
      throw new UsageError('--year goes with --example');
    const year = numberOption(ctx, 'year', thisYear, { min: 1971, max: 9998 });
    const found = fileAsFound(ctx.options.db);
    // The example's master data is dated in its year, a future one too: like plan's and demo's
    // work, it is recorded ahead of the clock on purpose.
    const callstream = await openOrCreate(ctx.options, 'inline', { maxAheadOfClockMs: undefined });
    let made = false;
    try {
      const head = await callstream.store.headPosition();
      if (head !== undefined)
        throw new UsageError(
          `${ctx.options.db} already holds a history; init creates a new database (pass another --db FILE)`,
        );
      if (ctx.values.example !== true) {
        made = true;
        ctx.out.result({ db: ctx.options.db, example: false }, () =>
          [
            `Created ${ctx.options.db}: an empty callstream database.`,
            `Next: callstream exec --db ${ctx.options.db} < commands.jsonl (callstream schema shows every command)`,
          ].join('\n'),
        );
        return;
      }
      const report = await setUpExampleCompany(callstream, { year });
      const recorded = shown
        .filter(([type]) => report.byType.has(type))
        .map(([type, noun]) => [noun, report.byType.get(type)!] as const);
      ctx.out.result(
        {
          db: ctx.options.db,
          example: true,
          year,
          commands: report.commands,
          written: report.written,
          recorded: Object.fromEntries(recorded),
        },
        () =>
          [
            `Created ${ctx.options.db} with the example company for ${year} (${report.commands} commands):`,
            `  ${recorded.map(([noun, n]) => `${n} ${noun}`).join(', ')}.`,
            `Next: callstream exec --db ${ctx.options.db} < commands.jsonl · callstream board --db ${ctx.options.db} · callstream schema --command LogCall`,
          ].join('\n'),
      );
      made = true;
    } finally {
      await callstream.close();
      // A set-up that failed half way leaves the file as it was found, so init can run again:
      // a database holding half a company would be refused as "already holds a history".
      if (!made && !ctx.options.eventStoreDb) found.restore();
    }
  },
};

/**
 * The --db file as init found it, and how to put it back: removed if it was missing, emptied
 * if it was empty. A callstream database without events it leaves as it is.
 */
function fileAsFound(db: string): { restore(): void } {
  const missing = !existsSync(db);
  const stat = missing ? undefined : statSync(db);
  const empty = stat?.isFile() === true && stat.size === 0;
  return {
    restore() {
      if (!missing && !empty) return;
      for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${db}${suffix}`, { force: true });
      if (missing) rmSync(db, { force: true });
      else truncateSync(db, 0);
    },
  };
}
