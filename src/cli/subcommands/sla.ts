import { readFileSync } from 'node:fs';
import { nameUuid } from '../../streams/index.js';
import {
  statisticsDimensions,
  type StatisticsDimension,
} from '../../projections/service-level-stats.js';
import type { CliCommand } from '../shared/command.js';
import {
  actorOption,
  displayZone,
  instantOption,
  numberOption,
  openExisting,
  openOrCreate,
  requiredOption,
  stringOption,
  utcOptionOf,
} from '../shared/context.js';
import { UsageError } from '../shared/errors.js';
import { page, table, time } from '../shared/output.js';

const actions = ['publish', 'escalate', 'what-if', 'stats'] as const;

export const sla: CliCommand = {
  name: 'sla',
  summary: 'Service levels: publish rule sets, run escalation, what-if replays, breach statistics',
  usage: 'callstream sla ACTION [options]',
  actions: [
    {
      name: 'publish',
      summary: 'Publish a version of a rule set (priorities, targets, calendars)',
      usage:
        'callstream sla publish --rule-set ID --file FILE [--effective-from INSTANT] [--default] [--utc]',
    },
    {
      name: 'escalate',
      summary: 'Run the escalation process: judge every open call as of an instant',
      usage: 'callstream sla escalate [--as-of INSTANT] [--utc]',
    },
    {
      name: 'what-if',
      summary: 'Re-judge history under another rule-set version, without changing it',
      usage:
        'callstream sla what-if --rule-set ID --version N [--as-of INSTANT] [--from INSTANT] [--to INSTANT] [--utc]',
    },
    {
      name: 'stats',
      summary: 'Breach statistics per priority, group, customer or contract',
      usage:
        'callstream sla stats [--by priority|group|customer|contract] [--as-of INSTANT] [--from INSTANT] [--to INSTANT]',
    },
  ],
  options: {
    'rule-set': { type: 'string', description: 'publish/what-if: the rule set id' },
    file: {
      type: 'string',
      description:
        'publish: the rules as JSON (see "callstream schema --command PublishServiceLevels")',
    },
    'effective-from': {
      type: 'string',
      description: 'publish: when the new version takes effect (default: now)',
    },
    default: {
      type: 'boolean',
      description: 'publish: also make this rule set the company default',
    },
    version: { type: 'string', description: 'what-if: the version to judge history by' },
    'as-of': {
      type: 'string',
      description: 'escalate/what-if/stats: the instant to judge at (default: now)',
    },
    from: {
      type: 'string',
      description: 'what-if/stats: calls reported from this instant (read by month, by index)',
    },
    to: { type: 'string', description: 'what-if/stats: calls reported before this instant' },
    by: {
      type: 'string',
      description: `stats: ${statisticsDimensions.join(', ')} (default priority)`,
    },
    actor: {
      type: 'string',
      description:
        'publish/escalate: who acts, ID:ROLE (default operator:supervisor; escalation: service-level-escalation:system)',
    },
    ...utcOptionOf('publish/escalate/what-if'),
  },
  positionals: 1,
  async run(ctx) {
    const action = ctx.positionals[0] as (typeof actions)[number] | undefined;
    if (!action || !actions.includes(action)) throw new UsageError(`Which? ${actions.join(', ')}`);
    const asOf = instantOption(ctx, 'as-of') ?? new Date();
    // As route what-if: which rules to judge by is asked, never taken to be version 1.
    if (action === 'what-if' && stringOption(ctx, 'version') === undefined)
      throw new UsageError('Which version? callstream sla what-if --rule-set ID --version N');
    if (action === 'publish') {
      const ruleSetId = requiredOption(ctx, 'rule-set');
      let rules: unknown;
      try {
        rules = JSON.parse(readFileSync(requiredOption(ctx, 'file'), 'utf8'));
      } catch (error) {
        throw new UsageError(`Cannot read the rules: ${(error as Error).message}`);
      }
      const callstream = await openOrCreate(ctx.options);
      try {
        const actor = actorOption(ctx, 'operator:supervisor');
        const effectiveFrom = (instantOption(ctx, 'effective-from') ?? new Date()).toISOString();
        // The rules come from a file: validated by the command's schema like any JSON input.
        const published = await callstream.executeJson({
          type: 'PublishServiceLevels',
          commandId: nameUuid(`cli/sla/${ruleSetId}/${effectiveFrom}/${JSON.stringify(rules)}`),
          actor,
          ruleSetId,
          effectiveFrom,
          rules,
        });
        if (ctx.values.default)
          await callstream.execute({
            type: 'SetDefaultServiceLevels',
            commandId: nameUuid(`cli/sla-default/${ruleSetId}/${effectiveFrom}`),
            actor,
            ruleSetId,
          });
        const version = (published.events[0]?.data as { version?: number } | undefined)?.version;
        const zone = await displayZone(ctx, callstream);
        ctx.out.result(
          {
            ruleSetId,
            version,
            effectiveFrom,
            default: ctx.values.default === true,
            duplicate: published.duplicate,
          },
          () =>
            `Published ${ruleSetId} version ${version}, effective from ${time(effectiveFrom, zone)}${ctx.values.default ? ', the company default' : ''}.`,
        );
      } finally {
        await callstream.close();
      }
      return;
    }
    const callstream = await openExisting(ctx.options);
    try {
      const zone = await displayZone(ctx, callstream);
      if (action === 'escalate') {
        const report = await callstream.escalate(
          asOf,
          actorOption(ctx, 'service-level-escalation:system'),
        );
        ctx.out.result(report, () =>
          report.escalations.length === 0
            ? `Judged ${report.calls} open call(s) as of ${time(report.asOf, zone)}${overtaken(report.overtaken)}: nothing newly escalated.`
            : `Judged ${report.calls} open call(s) as of ${time(report.asOf, zone)}${overtaken(report.overtaken)}; escalated:\n${table(
                ['Call', 'Target', 'Level', 'Share used'],
                report.escalations.map((e) => [
                  e.number,
                  e.target,
                  e.level,
                  `${Math.round(e.share * 100)} %`,
                ]),
              )}`,
        );
      } else if (action === 'what-if') {
        const from = instantOption(ctx, 'from');
        const to = instantOption(ctx, 'to');
        const report = await callstream.whatIf(
          requiredOption(ctx, 'rule-set'),
          numberOption(ctx, 'version', 1, { min: 1 }),
          { asOf, ...(from ? { from } : {}), ...(to ? { to } : {}) },
        );
        ctx.out.result(report, () =>
          [
            `${report.calls} call(s) judged under ${report.alternative} as of ${time(report.asOf, zone)}: ${report.differences.length} verdict(s) differ.`,
            report.differences.length === 0
              ? ''
              : table(
                  ['Call', 'Customer', 'Target', 'Recorded rules', 'Alternative'],
                  report.differences.map((d) => [
                    d.number,
                    d.customerId,
                    d.target,
                    d.recorded,
                    d.alternative,
                  ]),
                ),
            Object.keys(report.byCustomer).length === 0
              ? ''
              : `\nPer customer:\n${table(
                  ['Customer', 'Breaches gained', 'Breaches lost'],
                  Object.entries(report.byCustomer).map(([c, t]) => [c, t.gained, t.lost]),
                )}`,
          ]
            .filter(Boolean)
            .join('\n'),
        );
      } else {
        const by = (stringOption(ctx, 'by') ?? 'priority') as StatisticsDimension;
        if (!statisticsDimensions.includes(by))
          throw new UsageError(`--by takes ${statisticsDimensions.join(', ')}`);
        const from = instantOption(ctx, 'from');
        const to = instantOption(ctx, 'to');
        const range = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
        const rows = Object.entries(await callstream.serviceLevelStatistics(asOf, by, range))
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([key, tally]) => ({ key, ...tally }));
        const period = {
          from: from?.toISOString() ?? null,
          to: to?.toISOString() ?? null,
        };
        ctx.out.result(
          { asOf: asOf.toISOString(), by, ...period, ...page(rows, rows.length) },
          () =>
            table(
              [
                by,
                'Calls',
                'Response breached',
                'Resolution breached',
                'At risk',
                'Resolved in time',
              ],
              rows.map((t) => [
                t.key,
                t.calls,
                t.responseBreached,
                t.resolutionBreached,
                t.atRisk,
                t.met,
              ]),
            ),
        );
      }
    } finally {
      await callstream.close();
    }
  },
};

const overtaken = (n: number): string => (n > 0 ? ` (${n} changed since, left as they are)` : '');
