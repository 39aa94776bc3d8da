import type { CliCommand } from '../shared/command.js';
import {
  displayZone,
  instantOption,
  numberOption,
  openExisting,
  stringOption,
  utcOption,
} from '../shared/context.js';
import { UsageError } from '../shared/errors.js';
import { qualityText, solutionsTable } from '../shared/solutions-table.js';

export const suggest: CliCommand = {
  name: 'suggest',
  summary:
    'C1: solutions for a call from its item, problem and description; --evaluate: their quality',
  usage:
    'callstream suggest NUMBER [--limit N] [--language LANG] | callstream suggest --evaluate [--from INSTANT] [--to INSTANT] [--utc]',
  options: {
    limit: { type: 'string', description: 'at most N solutions (default 5)' },
    language: { type: 'string', description: 'titles in this language (default en)' },
    evaluate: {
      type: 'boolean',
      description:
        'for each call resolved in the period, suggest with only what was known when it was logged: how often was its solution in the top three?',
    },
    from: { type: 'string', description: 'with --evaluate: calls resolved from this instant' },
    to: { type: 'string', description: 'with --evaluate: calls resolved before this instant' },
    ...utcOption,
  },
  positionals: 1,
  async run(ctx) {
    const reference = ctx.positionals[0];
    const evaluate = ctx.values.evaluate === true;
    if (evaluate === (reference !== undefined))
      throw new UsageError('Name one call (callstream suggest C-000042), or give --evaluate');
    const from = instantOption(ctx, 'from');
    const to = instantOption(ctx, 'to');
    if ((from === undefined) !== (to === undefined))
      throw new UsageError(
        '--from and --to go together (default: the week up to the latest resolution)',
      );
    const limit = numberOption(ctx, 'limit', 5, { min: 1, max: 100 });
    const language = stringOption(ctx, 'language');
    const callstream = await openExisting(ctx.options);
    try {
      if (reference === undefined) {
        const quality = callstream.suggestionQuality(from && to ? { from, to } : undefined);
        const zone = await displayZone(ctx, callstream);
        ctx.out.result({ quality: quality ?? null }, () => qualityText(quality, zone));
        return;
      }
      const { call, suggestions } = await callstream.suggest(reference, {
        limit,
        ...(language === undefined ? {} : { language }),
      });
      const about = {
        number: call.number,
        status: call.status,
        item: call.item.item ?? null,
        product: call.product ?? null,
        problem: call.diagnosis.codes?.problem ?? null,
      };
      ctx.out.result({ call: about, suggestions }, () =>
        [
          `${call.number} (${call.status}): item ${about.item ?? '-'}, product ${about.product ?? '-'}, problem ${about.problem ?? '-'}`,
          solutionsTable(suggestions),
        ].join('\n'),
      );
    } finally {
      await callstream.close();
    }
  },
};
