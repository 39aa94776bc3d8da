import type { CliCommand } from '../shared/command.js';
import {
  displayZone,
  numberOption,
  openExisting,
  stringOption,
  utcOption,
} from '../shared/context.js';
import { countHistory } from '../../projections/history.js';
import {
  costsCell,
  countedPage,
  countOnly,
  cutNote,
  day,
  table,
  TOTAL_CAP,
} from '../shared/output.js';

export const history: CliCommand = {
  name: 'history',
  summary: 'Archived calls with resolution, time and cost totals and reopen links',
  usage: 'callstream history [--customer ID] [--serial SERIAL] [--limit N] [--utc]',
  options: {
    customer: { type: 'string', description: 'only this customer' },
    serial: { type: 'string', description: 'only this serial number' },
    limit: { type: 'string', description: 'at most N calls (default 50; 0: only count them)' },
    ...utcOption,
  },
  async run(ctx) {
    const customerId = stringOption(ctx, 'customer');
    const serialNumber = stringOption(ctx, 'serial');
    const limit = numberOption(ctx, 'limit', 50);
    const callstream = await openExisting(ctx.options);
    try {
      const query = {
        ...(customerId ? { customerId } : {}),
        ...(serialNumber ? { serialNumber } : {}),
      };
      const shown = countedPage(
        callstream.readModels,
        limit,
        () => callstream.history({ ...query, limit }),
        () => countHistory(callstream.readModels, query, TOTAL_CAP),
        TOTAL_CAP,
      );
      const rows = shown.rows;
      // The day a call was archived is the organisation's, as its other days are.
      const zone = await displayZone(ctx, callstream);
      ctx.out.result(shown, () =>
        shown.total === 0
          ? 'No archived calls.'
          : rows.length === 0
            ? countOnly(shown, 'archived calls')
            : table(
                [
                  'Number',
                  'Customer',
                  'Serial',
                  'Archived',
                  'Solution',
                  'Minutes',
                  'Costs',
                  'Links',
                ],
                rows.map((r) => [
                  r.number,
                  r.customerId ?? r.productId,
                  r.serialNumber,
                  day(r.archivedAt, zone),
                  r.cancelled ? '(cancelled)' : (r.solution ?? '').slice(0, 40),
                  r.minutes,
                  costsCell(r.costs),
                  [
                    r.reopenedFrom ? `from ${r.reopenedFrom}` : '',
                    ...r.reopenedAs.map((n) => `reopened as ${n}`),
                  ]
                    .filter(Boolean)
                    .join('; '),
                ]),
              ) + cutNote(shown, 'archived calls'),
      );
    } finally {
      await callstream.close();
    }
  },
};
