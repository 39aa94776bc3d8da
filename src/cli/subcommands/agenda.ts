import { isoWeek } from '../../domain/index.js';
import type { CliCommand } from '../shared/command.js';
import { displayZone, openExisting, stringOption, utcOption } from '../shared/context.js';
import { UsageError } from '../shared/errors.js';
import { table, time } from '../shared/output.js';

export const agenda: CliCommand = {
  name: 'agenda',
  summary: 'An engineer’s week: visits, absences, open calls and free working time',
  usage: 'callstream agenda --engineer ID --week YYYY-Www [--utc] [--json]',
  options: {
    engineer: { type: 'string', description: 'the engineer (an id, e.g. eve)' },
    week: {
      type: 'string',
      description: "the ISO week, e.g. 2026-W48 (Monday to Sunday in the organisation's zone)",
    },
    ...utcOption,
  },
  async run(ctx) {
    const engineer = stringOption(ctx, 'engineer');
    const week = stringOption(ctx, 'week');
    if (!engineer || !week)
      throw new UsageError('Whose week? e.g. callstream agenda --engineer eve --week 2026-W48');
    // A week that does not exist (2025-W53) is the option's fault as much as 2026-w45 is.
    if (!/^\d{4}-W\d{2}$/.test(week) || !isIsoWeek(week))
      throw new UsageError(`--week is an ISO week such as 2026-W48, not ${week}`);
    const callstream = await openExisting(ctx.options);
    try {
      const shown = await callstream.agenda(engineer, week);
      // Its week is the organisation's whatever the option, as report's: --utc prints its times in UTC.
      const zone = await displayZone(ctx, callstream);
      const weekZone = shown.timeZone === 'UTC' ? '' : ` in ${shown.timeZone}`;
      const times = zone === shown.timeZone && zone === 'UTC' ? '' : `; times in ${zone}`;
      ctx.out.result(shown, () =>
        [
          `${engineer}, week ${week}${weekZone} (${shown.calendar ? `calendar ${shown.calendar}` : 'not on staff'}${times})`,
          '',
          shown.visits.length === 0
            ? 'Visits: none.'
            : `Visits:\n${table(
                ['Start', 'End', 'Call', 'Visit', 'Override'],
                shown.visits.map((v) => [
                  time(v.start, zone),
                  time(v.end, zone),
                  v.callNumber ?? '',
                  v.transferId ?? '',
                  v.override ?? '',
                ]),
              )}`,
          shown.absences.length === 0
            ? 'Absences: none.'
            : `Absences:\n${table(
                ['From', 'Until', 'Absence', 'Kind'],
                shown.absences.map((a) => [
                  time(a.start, zone),
                  time(a.end, zone),
                  a.absenceId ?? '',
                  a.absence ?? '',
                ]),
              )}`,
          shown.calls.length === 0
            ? 'Open calls: none.'
            : `Open calls:\n${table(
                ['Call', 'Status', 'Priority', 'Customer', 'Item'],
                shown.calls.map((c) => [
                  c.number,
                  c.status,
                  String(c.priority ?? ''),
                  c.customerId ?? '',
                  c.item ?? '',
                ]),
              )}`,
          shown.freeSlots.length === 0
            ? 'Free working time: none.'
            : `Free working time:\n${table(
                ['From', 'Until'],
                shown.freeSlots.map((s) => [time(s.start, zone), time(s.end, zone)]),
              )}`,
        ].join('\n'),
      );
    } finally {
      await callstream.close();
    }
  },
};

function isIsoWeek(week: string): boolean {
  try {
    isoWeek(week);
    return true;
  } catch {
    return false;
  }
}
