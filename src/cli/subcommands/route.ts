import type { CliCommand } from '../shared/command.js';
import { instantOption, numberOption, openExisting, stringOption } from '../shared/context.js';
import { UsageError } from '../shared/errors.js';
import { table } from '../shared/output.js';

/** The decision recorded on the call that `Went to` shows (issue 21), if any. */
const recordedNote = (
  recorded: { ruleVersion: number; rule: string | null; explicit: boolean } | undefined,
): string =>
  recorded === undefined
    ? ''
    : recorded.explicit
      ? ` (by hand, v${recorded.ruleVersion} in force)`
      : ` (${recorded.rule ?? 'default'}, v${recorded.ruleVersion})`;

export const route: CliCommand = {
  name: 'route',
  summary: 'Routing rules: how history would have been routed under a version',
  usage: 'callstream route what-if --version N [--from INSTANT] [--to INSTANT] [--json]',
  actions: [
    {
      name: 'what-if',
      summary:
        'Route every call (or those reported from --from to --to) under routing rules version N, beside the routing decision recorded on it (else where it went); writes nothing',
      usage: 'callstream route what-if --version N [--from INSTANT] [--to INSTANT] [--json]',
    },
  ],
  options: {
    version: { type: 'string', description: 'what-if: the routing rules version to route by' },
    from: {
      type: 'string',
      description: 'what-if: calls reported from this instant (read by month, by index)',
    },
    to: { type: 'string', description: 'what-if: calls reported before this instant' },
  },
  positionals: 1,
  async run(ctx) {
    if (ctx.positionals[0] !== 'what-if')
      throw new UsageError('Which action? callstream route what-if --version N');
    if (stringOption(ctx, 'version') === undefined)
      throw new UsageError('Which version? callstream route what-if --version N');
    const version = numberOption(ctx, 'version', 1, { min: 1 });
    const from = instantOption(ctx, 'from');
    const to = instantOption(ctx, 'to');
    const callstream = await openExisting(ctx.options);
    try {
      const report = await callstream.routeWhatIf(version, {
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
      });
      const where = (group: string | null | undefined, engineer: string | null | undefined) =>
        [group, engineer].filter(Boolean).join(' / ') || '—';
      ctx.out.result(report, () =>
        [
          `Routing rules v${report.version}: ${report.calls} calls, ${report.differing} would go elsewhere` +
            (report.byLoadOnly > 0
              ? `; ${report.byLoadOnly} more to another engineer of the same rule by today's open work (least-loaded: not counted)`
              : ''),
          table(
            ['Rule', 'Calls'],
            report.byRule.map((r) => [r.ruleId, String(r.calls)]),
          ),
          '',
          report.differing === 0
            ? `No call would go elsewhere under v${report.version}.`
            : table(
                [
                  'Call',
                  'Went to (recorded decision, else now)',
                  `v${report.version} sends to`,
                  'Rule',
                ],
                report.rows
                  .filter((r) => r.differs)
                  .slice(0, 50)
                  .map((r) => [
                    r.number,
                    where(r.actual.group, r.actual.engineer) + recordedNote(r.recorded),
                    r.routed.toDefault
                      ? 'default destination'
                      : where(r.routed.group, r.routed.engineer),
                    r.routed.ruleId ?? '(default)',
                  ]),
              ),
          report.differing > 50 ? `(first 50 of ${report.differing}; --json for all)` : '',
        ].join('\n'),
      );
    } finally {
      await callstream.close();
    }
  },
};
