import type { CliCommand } from '../shared/command.js';
import {
  displayZone,
  instantOption,
  openExisting,
  stringOption,
  utcOption,
} from '../shared/context.js';
import { requireOutputFile, writeOutput } from '../shared/database-file.js';
import { UsageError } from '../shared/errors.js';
import { fieldLabel, logPage, type TimelineEntry } from '../shared/html.js';
import { page, table, time } from '../shared/output.js';

export const log: CliCommand = {
  name: 'log',
  summary: 'The transaction log of a call: when, which field, who, old and new value',
  usage:
    'callstream log NUMBER [--audience internal|customer] [--as-of INSTANT] [--html FILE] [--utc]',
  options: {
    audience: {
      type: 'string',
      description: 'internal (everything, default) or customer (what the customer may see)',
    },
    'as-of': { type: 'string', description: 'the log as it stood at this instant' },
    html: { type: 'string', description: 'also write a self-contained HTML page to FILE' },
    ...utcOption,
  },
  positionals: 1,
  async run(ctx) {
    const reference = ctx.positionals[0];
    if (!reference) throw new UsageError('Which call? e.g. callstream log C-000042');
    const audience = stringOption(ctx, 'audience') ?? 'internal';
    if (audience !== 'internal' && audience !== 'customer')
      throw new UsageError('--audience is internal or customer');
    const asOf = instantOption(ctx, 'as-of');
    const html = stringOption(ctx, 'html');
    if (html) requireOutputFile(html, ctx.options.db);
    const callstream = await openExisting(ctx.options);
    try {
      const call = await callstream.call(reference, asOf);
      const zone = await displayZone(ctx, callstream);
      const entries: readonly TimelineEntry[] =
        audience === 'customer'
          ? await callstream.log(call.id, { audience: 'customer', ...(asOf ? { asOf } : {}) })
          : await callstream.log(call.id, asOf ? { asOf } : {});
      if (html) {
        const title =
          audience === 'customer'
            ? `Your service call ${call.number}`
            : `Transaction log of call ${call.number}`;
        const subtitle = `${call.description}${asOf ? ` — as of ${time(asOf, zone)}` : ''}`;
        writeOutput(html, logPage(title, subtitle, entries, zone));
      }
      ctx.out.result(
        {
          number: call.number,
          callId: call.id,
          audience,
          ...(asOf ? { asOf: asOf.toISOString() } : {}),
          ...(html ? { html } : {}),
          ...page(entries, entries.length),
        },
        () =>
          table(
            ['At', 'Who', 'Field', 'Old', 'New', 'Event', 'Reason'],
            entries.map((e) => [
              time(e.at, zone),
              e.actor.label ?? e.actor.name ?? `${e.actor.id} (${e.actor.role})`,
              fieldLabel(e.field),
              value(e.old, zone, e.instant),
              value(e.new, zone, e.instant),
              e.eventType,
              e.reason === undefined ? '' : short(e.reason),
            ]),
          ) + (html ? `\n\nWrote ${html}` : ''),
      );
    } finally {
      await callstream.close();
    }
  },
};

/** An old or new value: an instant on the wall clock of `zone`, as in the At column. */
const value = (changed: unknown, zone: string, instant = false): string =>
  changed === null
    ? '—'
    : short(instant && typeof changed === 'string' ? time(changed, zone) : plain(changed));

/** Text on one line, cut to fit its column. */
function short(text: string): string {
  const line = text.replace(/\s*\n\s*/g, ' ⏎ ');
  return line.length > 48 ? `${line.slice(0, 47)}…` : line;
}

/** A value as text: a list item by item, an object as JSON, never "[object Object]"; a text as written. */
function plain(value: unknown): string {
  if (Array.isArray(value)) return value.map(plain).join(', ');
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}
