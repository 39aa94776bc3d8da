import type { CliCommand } from '../shared/command.js';
import { displayZone, instantOption, openExisting, utcOption } from '../shared/context.js';
import { UsageError } from '../shared/errors.js';
import { callCard } from '../shared/call-card.js';

export const show: CliCommand = {
  name: 'show',
  summary:
    'One call: its summary and its full state, rebuilt from its stream (optionally as of an instant)',
  usage: 'callstream show NUMBER [--as-of INSTANT] [--utc]',
  options: {
    'as-of': { type: 'string', description: 'the call as it stood at this instant' },
    ...utcOption,
  },
  positionals: 1,
  async run(ctx) {
    const reference = ctx.positionals[0];
    if (!reference) throw new UsageError('Which call? e.g. callstream show C-000042');
    const asOf = instantOption(ctx, 'as-of');
    const callstream = await openExisting(ctx.options);
    try {
      const call = await callstream.call(reference, asOf);
      // As of an instant too: one shape for scripts (`.summary.status`), the summary as it stood then.
      const summary = await callstream.summary(call.id, asOf);
      const zone = await displayZone(ctx, callstream);
      ctx.out.result({ ...(asOf ? { asOf: asOf.toISOString() } : {}), summary, call }, () =>
        callCard(call, summary, asOf, zone),
      );
    } finally {
      await callstream.close();
    }
  },
};
