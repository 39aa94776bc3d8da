import type { CliCommand } from '../shared/command.js';
import { numberOption, openExisting, stringOption } from '../shared/context.js';
import { countHistory } from '../../projections/history.js';
import { costsCell, cutNote, page, table, TOTAL_CAP } from '../shared/output.js';

export const history: CliCommand = {
  name: 'history',
  summary: 'Archived calls with resolution, time and cost totals and reopen links',
  usage: 'callstream history [--customer ID] [--serial SERIAL] [--limit N]',
  options: {
    customer: { type: 'string', description: 'only this customer' },
    serial: { type: 'string', description: 'only this serial number' },
    limit: { type: 'string', description: 'at most N calls (default 50)' },
  },
  async run(ctx) {
    const customerId = stringOption(ctx, 'customer');
    const serialNumber = stringOption(ctx, 'serial');
    const limit = numberOption(ctx, 'limit', 50, { min: 1 });
    const callstream = await openExisting(ctx.options);
    try {
      const query = {
        ...(customerId ? { customerId } : {}),
        ...(serialNumber ? { serialNumber } : {}),
      };
      const rows = callstream.history({ ...query, limit });
      const shown = page(
        rows,
        rows.length < limit ? rows.length : countHistory(callstream.readModels, query, TOTAL_CAP),
        TOTAL_CAP,
      );
      ctx.out.result(shown, () =>
        rows.length === 0
          ? 'No archived calls.'
          : table(
              ['Number', 'Customer', 'Serial', 'Archived', 'Solution', 'Minutes', 'Costs', 'Links'],
              rows.map((r) => [
                r.number,
                r.customerId ?? r.productId,
                r.serialNumber,
                r.archivedAt?.slice(0, 10),
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
