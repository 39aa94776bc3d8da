import type { CliCommand } from '../shared/command.js';
import { instantOption, numberOption, openExisting, stringOption } from '../shared/context.js';
import { UsageError } from '../shared/errors.js';
import { solutionsTable } from '../shared/solutions-table.js';

export const solutions: CliCommand = {
  name: 'solutions',
  summary: 'C1: the solutions that worked for an item, product, problem code or words, best first',
  usage:
    'callstream solutions [--item ITEM] [--product ID] [--problem CODE] [--text WORDS] [--as-of INSTANT] [--limit N] [--language LANG]',
  options: {
    item: { type: 'string', description: 'calls about this item (product model)' },
    product: { type: 'string', description: 'calls classified with this product' },
    problem: { type: 'string', description: 'calls diagnosed with this problem code' },
    text: { type: 'string', description: 'calls whose diagnosis or codes have these words' },
    'as-of': { type: 'string', description: 'only what was known at this instant' },
    limit: { type: 'string', description: 'at most N solutions (default 5)' },
    language: { type: 'string', description: 'titles in this language (default en)' },
  },
  details:
    'Ranked by how often a solution solved a call and stayed solved: a rejected solution or a reopened call counts against it. Each past call counts by how closely it matches (problem 3, words up to 2, item 1, product 1).',
  async run(ctx) {
    const query = {
      ...optional('item', stringOption(ctx, 'item')),
      ...optional('product', stringOption(ctx, 'product')),
      ...optional('problem', stringOption(ctx, 'problem')),
      ...optional('text', stringOption(ctx, 'text')),
      ...optional('asOf', instantOption(ctx, 'as-of')),
      ...optional('language', stringOption(ctx, 'language')),
      limit: numberOption(ctx, 'limit', 5, { min: 1, max: 100 }),
    };
    if (!query.item && !query.product && !query.problem && !query.text?.trim())
      throw new UsageError(
        'Name what to find solutions for: --item, --product, --problem or --text',
      );
    const callstream = await openExisting(ctx.options);
    try {
      const found = callstream.solutions(query);
      ctx.out.result({ query, solutions: found }, () => solutionsTable(found));
    } finally {
      await callstream.close();
    }
  },
};

const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
