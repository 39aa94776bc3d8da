import { rmSync } from 'node:fs';
import { CommandIdReused } from '../../commands/errors.js';
import {
  AnotherHistory,
  DEMO_START,
  runDemo,
  SimulatedClock,
  type DemoSummary,
} from '../../demo/run.js';
import type { CliCommand } from '../shared/command.js';
import { displayZone, numberOption, openOrCreate, utcOption } from '../shared/context.js';
import { requireDatabaseOrNew } from '../shared/database-file.js';
import { UsageError } from '../shared/errors.js';
import { counts, progressBar, time } from '../shared/output.js';

export const demo: CliCommand = {
  name: 'demo',
  summary: 'Run a realistic service organisation: N calls through their whole life',
  usage: 'callstream demo [--calls N] [--seed N] [--fresh] [--sync FULL|NORMAL] [--utc]',
  details: [
    'Durability: the demo is a simulation on a file of its own, so it syncs at NORMAL unless',
    '--sync FULL is given: a crash of the machine (not of callstream) may lose its last',
    'moments, never corrupt the file, and running the same command again resumes. Every other',
    'command, and the library, keeps FULL: each command synced before it is answered.',
    'Other --calls or --seed on a file that holds a run make another history: the run is',
    'refused (exit 2), another seed (or a file holding anything but this run) before it writes',
    'anything, other --calls at its first command that differs; --fresh starts over.',
    '',
    'Progress goes to stderr: redrawn in place on a terminal, otherwise a line every few',
    'seconds (none with --json).',
  ].join('\n'),
  options: {
    calls: { type: 'string', description: 'how many calls to log (default 500)' },
    seed: {
      type: 'string',
      description: 'the seed: the same seed writes the same history (default 1)',
    },
    fresh: {
      type: 'boolean',
      description: 'delete the database file first (only ever a callstream database)',
    },
    ...utcOption,
  },
  async run(ctx) {
    const calls = numberOption(ctx, 'calls', 500, { min: 1, max: 1_000_000 });
    const seed = numberOption(ctx, 'seed', 1, { min: 0, max: 2 ** 32 - 1 });
    // --fresh deletes a callstream database only: another file at that path is refused, untouched.
    if (ctx.values.fresh && requireDatabaseOrNew(ctx.options.db) === 'callstream')
      for (const suffix of ['', '-wal', '-shm'])
        rmSync(`${ctx.options.db}${suffix}`, { force: true });
    // No mail gateway: the notifications stay queued, for `callstream notify deliver`.
    // Simulated time throughout: acknowledgements and the billing run are dated in the simulation, not today.
    const clock = new SimulatedClock(DEMO_START);
    // NORMAL unless --sync says otherwise: see the description above. The simulation's
    // commands run one after another, so at FULL nearly all its time is one disk sync each.
    const synchronous = ctx.values.sync === undefined ? 'NORMAL' : ctx.options.synchronous;
    const callstream = await openOrCreate({ ...ctx.options, synchronous }, 'inline', {
      clock: clock.read,
      // The simulation's own clock, and its planned work dated at the due instant.
      maxAheadOfClockMs: undefined,
    });
    try {
      const summary = await runDemo(callstream, {
        calls,
        seed,
        clock,
        // Steps of the simulation's calls, not commands: a step that a call's turn makes moot
        // is skipped, while setup, year ends and planned work run commands of their own.
        onProgress: (done, total) => ctx.out.progress(`steps ${progressBar(done, total)}`),
      }).catch((error: unknown) => {
        ctx.out.done();
        // Another seed's run, or a history of its own, is refused before the first command:
        // --fresh would delete it, so another file is suggested.
        if (error instanceof AnotherHistory)
          throw new UsageError(
            `${ctx.options.db} holds a history that is not this demo run's (another seed's, or one of its own); a run resumes only with the --seed it started with. Give another --db for a new demo.`,
          );
        // Other --calls: refused at the first command whose content differs (ids derive from the seed and call).
        if (error instanceof CommandIdReused)
          throw new UsageError(
            `${ctx.options.db} holds the history of another demo run (other --calls than --calls ${calls} --seed ${seed}); a run resumes only with the options it started with. Run it again with those, or add --fresh to start over.`,
          );
        throw error;
      });
      ctx.out.done();
      const zone = await displayZone(ctx, callstream);
      ctx.out.result({ db: ctx.options.db, ...summary }, () =>
        describe(summary, ctx.options.db, zone),
      );
    } finally {
      await callstream.close();
    }
  },
};

/** The suggestion quality in one line: top three at logging, and once the problem is coded. */
function knowledgeLine(quality: DemoSummary['knowledge']): string {
  if (!quality) return 'no resolution held yet';
  const share = (n: number) => `${((n / Math.max(quality.calls, 1)) * 100).toFixed(0)} %`;
  return `last week's ${quality.calls} resolved calls: their solution in the top 3 suggested with what was known at logging ${quality.atLogging.top3} (${share(quality.atLogging.top3)}), once the problem is coded ${quality.withProblem.top3} (${share(quality.withProblem.top3)}) — callstream suggest --evaluate`;
}

/** "total EUR 123400" → "total 1234.00 EUR", in a fixed order. */
function amounts(record: Record<string, number>): string {
  const order = ['total', 'warranty', 'contract', 'chargeable', 'invoiced'];
  return Object.entries(record)
    .sort(([a], [b]) => order.indexOf(a.split(' ')[0]!) - order.indexOf(b.split(' ')[0]!))
    .map(([key, minor]) => `${key.split(' ')[0]} ${(minor / 100).toFixed(2)} ${key.split(' ')[1]}`)
    .join(', ');
}

function describe(s: DemoSummary, db: string, zone: string): string {
  const money =
    Object.entries(s.work.costs)
      .map(([currency, minor]) => `${(minor / 100).toFixed(2)} ${currency}`)
      .join(', ') || 'none';
  return [
    `callstream demo — seed ${s.seed}, ${s.callsRequested} calls requested, simulated until ${time(s.simulatedUntil, zone)}`,
    `  database          ${db}`,
    `  commands          ${s.commands} executed in ${s.seconds} s; the history holds ${s.events} events, ${s.written} of them new since this run began`,
    `  calls             ${s.calls.total} (${s.calls.reopened} of them reopened successors)`,
    `  by status         ${counts(s.calls.byStatus)}`,
    `  by scenario       ${counts(s.calls.byScenario)}`,
    `  by channel        ${counts(s.calls.byChannel)}`,
    `  coverage          ${counts(s.calls.byCoverage)}`,
    `  purpose           ${counts(s.calls.byPurpose)}`,
    `  intake            ${s.intake.requests} requests through the inboxes; refused: ${counts(s.intake.refusals)}; ${s.intake.waiting} waiting, ${s.intake.declined} declined; ${s.intake.notificationsQueued} customer notifications queued (callstream notify deliver)`,
    `  service levels    as of ${time(s.serviceLevels.asOf, zone)}: ${s.serviceLevels.responseBreached} response and ${s.serviceLevels.resolutionBreached} resolution targets breached, ${s.serviceLevels.atRisk} open calls at risk`,
    `  escalations       ${counts(s.serviceLevels.escalations)}`,
    `  planned work      ${s.planned.calls} calls from ${counts(s.planned.requests)} (${s.planned.readings} readings, ${s.planned.alarms} alarms); refused: ${counts(s.planned.refused)}; ${s.planned.waiting} waiting for an agent`,
    `  blocked steps     ${counts(s.intake.blockedSteps)} (a customer blocked while their calls were open)`,
    ...(s.administration.renewedContracts + s.administration.serviceLevelsPublished > 0
      ? [
          `  year-end work     ${s.administration.renewedContracts} contracts renewed, ${s.administration.serviceLevelsPublished} service-level rule sets published for the new year`,
        ]
      : []),
    `  work booked       ${s.work.hoursBooked} h, ${s.work.materials} material items, costs ${money}`,
    `  knowledge         ${knowledgeLine(s.knowledge)}`,
    `  billing           ${s.billing.invoices} invoices issued, ${s.billing.nothingToInvoice} calls fully covered, ${s.billing.notReady} not ready; ${amounts(s.billing.amounts)}`,
    ...(Object.keys(s.unexpected).length > 0
      ? [`  unexpected        ${counts(s.unexpected)}`]
      : []),
    '',
    `Next: callstream board --db ${db} · callstream log C-000001 --db ${db} · callstream replay --db ${db}`,
  ].join('\n');
}
