import {
  DEFAULT_WEEKS,
  MAX_WEEKS,
  type ServiceLevelWeek,
  type ServiceReport,
} from '../../projections/service-report/index.js';
import { DomainError } from '../../domain/index.js';
import type { CliCommand } from '../shared/command.js';
import {
  displayZone,
  instantOption,
  numberOption,
  openExisting,
  stringOption,
  utcOption,
} from '../shared/context.js';
import { requireOutputFile, writeOutput } from '../shared/database-file.js';
import { UsageError } from '../shared/errors.js';
import { table } from '../shared/output.js';
import { reportPage } from '../shared/report-page.js';

export const report: CliCommand = {
  name: 'report',
  summary:
    'The weekly service report: backlog, calls by status and purpose, service levels by group, warranty and contract share of work',
  usage: 'callstream report [--html FILE] [--from INSTANT] [--to INSTANT] [--weeks N] [--utc]',
  options: {
    html: {
      type: 'string',
      description: 'write the report as a self-contained HTML page with charts to FILE',
    },
    from: { type: 'string', description: 'the first week shown is the one this instant falls in' },
    to: {
      type: 'string',
      description:
        'the last week shown is the one this instant falls in (default: the last week with calls)',
    },
    weeks: {
      type: 'string',
      description: `without --from, show N weeks up to the last (default ${DEFAULT_WEEKS})`,
    },
    ...utcOption,
  },
  async run(ctx) {
    const html = stringOption(ctx, 'html');
    if (html) requireOutputFile(html, ctx.options.db);
    const from = instantOption(ctx, 'from');
    const to = instantOption(ctx, 'to');
    const weeks = numberOption(ctx, 'weeks', DEFAULT_WEEKS, { min: 1, max: MAX_WEEKS });
    if (from && ctx.values.weeks !== undefined)
      throw new UsageError('Give --from or --weeks, not both');
    const callstream = await openExisting(ctx.options);
    try {
      let data: ServiceReport;
      try {
        data = callstream.serviceReport({
          ...(from ? { from } : { weeks }),
          ...(to ? { to } : {}),
        });
      } catch (error) {
        if (error instanceof DomainError && error.code === 'InvalidReportRange')
          throw new UsageError(error.message);
        throw error;
      }
      // Its weeks are the organisation's whatever the option: --utc reads the page's one instant.
      const zone = await displayZone(ctx, callstream);
      if (html) writeOutput(html, reportPage(data, { generatedAt: new Date(), zone }));
      ctx.out.result(
        { ...data, ...(html ? { html } : {}) },
        () => summary(data) + (html ? `\n\nWrote ${html}` : ''),
      );
    } finally {
      await callstream.close();
    }
  },
};

function summary(data: ServiceReport): string {
  if (data.backlog.length === 0) return 'No calls are recorded yet: there is nothing to report.';
  const serviceLevels = new Map(data.serviceLevels.map((w) => [w.week, w]));
  return [
    `Weeks ${data.from} to ${data.to} (Monday to Sunday, ${data.timeZone})`,
    '',
    table(
      [
        'Week',
        'Reported',
        'Closed',
        'Cancelled',
        'Open at end',
        'At risk',
        'Breached',
        'Escalations',
      ],
      data.backlog.map((w) => [
        w.isoWeek,
        w.reported,
        w.closed,
        w.cancelled,
        w.openAtEnd,
        serviceLevels.get(w.week)?.atRisk ?? 0,
        serviceLevels.get(w.week)?.breached ?? 0,
        escalationCount(serviceLevels.get(w.week)),
      ]),
    ),
  ].join('\n');
}

/** Every escalation of a week, whatever its target and level (the JSON output has them by both). */
const escalationCount = (week: ServiceLevelWeek | undefined): number =>
  week
    ? Object.values(week.escalations)
        .flatMap((levels) => Object.values(levels))
        .reduce((sum, n) => sum + n, 0)
    : 0;
