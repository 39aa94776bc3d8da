import { analyticsDimensions, type AnalyticsDimension } from '../../projections/analytics.js';
import type { CliCommand } from '../shared/command.js';
import { instantOption, openExisting, stringOption } from '../shared/context.js';
import { UsageError } from '../shared/errors.js';
import { costsCell, page, rightAligned, table } from '../shared/output.js';

export const analytics: CliCommand = {
  name: 'analytics',
  summary:
    'Calls, time and cost per purpose, product, contract, customer, engineer or group, the share under warranty, the calls resolved',
  usage:
    'callstream analytics [--by purpose|product|contract|customer|engineer|group] [--from INSTANT] [--to INSTANT]',
  options: {
    by: {
      type: 'string',
      description:
        'purpose, product, contract or customer of the call; engineer or group the work was booked by (default purpose)',
    },
    from: { type: 'string', description: 'calls reported from this instant' },
    to: { type: 'string', description: 'calls reported before this instant' },
  },
  async run(ctx) {
    const by = (stringOption(ctx, 'by') ?? 'purpose') as AnalyticsDimension;
    if (!analyticsDimensions.includes(by))
      throw new UsageError(`--by takes ${analyticsDimensions.join(', ')}`);
    const from = instantOption(ctx, 'from');
    const to = instantOption(ctx, 'to');
    const callstream = await openExisting(ctx.options);
    try {
      // The library's query, not the projection: it refuses a period that ends before it begins.
      const rows = Object.entries(
        callstream.analytics(by, {
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
        }),
      )
        .sort((a, b) => b[1].calls - a[1].calls)
        .map(([key, row]) => ({ key, ...row }));
      ctx.out.result({ by, ...page(rows, rows.length) }, () =>
        table(
          [
            by,
            'Calls',
            'Hours',
            'Hours by labour',
            'Costs',
            'Under warranty',
            'Not covered',
            'Resolved',
          ],
          rows.map((r) => [
            r.key,
            r.calls,
            hours(r.minutes),
            labourCell(r.minutesByLabour),
            costsCell(r.costs),
            rightAligned(`${r.underWarranty} (${Math.round(r.warrantyShare * 100)} %)`),
            r.notCovered,
            r.resolved,
          ]),
        ),
      );
    } finally {
      await callstream.close();
    }
  },
};

const hours = (minutes: number): number => Math.round(minutes / 6) / 10;

/** Most hours first: `on-site 3.5, travel 1`. */
const labourCell = (minutesByLabour: Readonly<Record<string, number>>): string =>
  Object.entries(minutesByLabour)
    .sort((a, b) => b[1] - a[1])
    .map(([labour, minutes]) => `${labour} ${hours(minutes)}`)
    .join(', ');
