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
    const callstream = await openOrCreate(ctx.options);
    try {
      const head = await callstream.store.headPosition();
      if (head !== undefined)
        throw new UsageError(
          `${ctx.options.db} already holds a history; init creates a new database (pass another --db FILE)`,
        );
      if (ctx.values.example !== true) {
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
    } finally {
      await callstream.close();
    }
  },
};
