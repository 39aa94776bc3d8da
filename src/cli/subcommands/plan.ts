import type { PlannerOptions } from '../../commands/planner.js';
import { checkPlannerOptions } from '../../process-input.js';
import type { CliCommand } from '../shared/command.js';
import {
  actorOption,
  displayZone,
  instantOption,
  openExisting,
  stringOption,
  utcOptionOf,
  type Invocation,
} from '../shared/context.js';
import { UsageError } from '../shared/errors.js';
import { page, table, time } from '../shared/output.js';
import { describeWork } from '../shared/work-report.js';

/**
 * Planned work from the command line (E1, E3). Plans are master data: record them with
 * "callstream exec" (DefineMaintenancePlan). This command runs the planner until an instant
 * (and the device work waiting: readings and alarms), previews what is due and lists the
 * plans; "callstream meter" records readings and alarms.
 */

/** The planner's options, checked as the library checks them, before the file is opened. */
function plannerOptions(ctx: Invocation, subject: string): PlannerOptions {
  const timeZone = stringOption(ctx, 'time-zone');
  const dueTime = stringOption(ctx, 'due-time');
  const options = {
    actor: actorOption(ctx, 'planner:system'),
    ...(timeZone ? { timeZone } : {}),
    ...(dueTime ? { dueTime } : {}),
    ...(ctx.values['from-start'] === true ? { fromStart: true } : {}),
  };
  checkPlannerOptions(options, subject);
  return options;
}

const planActions = ['run', 'due', 'list'] as const;

export const plan: CliCommand = {
  name: 'plan',
  summary: 'Maintenance plans: run the planner until an instant, preview what is due, list plans',
  usage: 'callstream plan ACTION [options]',
  actions: [
    {
      name: 'run',
      summary: 'Run the planner: every occurrence due by an instant becomes a request, then a call',
      usage:
        'callstream plan run --until INSTANT [--time-zone ZONE] [--due-time HH:MM] [--from-start] [--utc]',
    },
    {
      name: 'due',
      summary:
        'Preview what falls due by an instant and is not planned yet, recording nothing (no event is written; read models may catch up)',
      usage:
        'callstream plan due --until INSTANT [--time-zone ZONE] [--due-time HH:MM] [--from-start] [--utc]',
    },
    {
      name: 'list',
      summary: 'The maintenance plans and their tasks',
      usage: 'callstream plan list',
    },
  ],
  options: {
    until: {
      type: 'string',
      description:
        'run/due: occurrences due by this instant; a run goes at most a quarter of an hour ahead of the clock (work is requested dated as it falls due), a preview as far as asked',
    },
    'time-zone': {
      type: 'string',
      description:
        'run/due: the zone of the plans’ days (default: the organisation’s, callstream policy time-zone; UTC when none is recorded)',
    },
    'due-time': {
      type: 'string',
      description: 'run/due: the local time an occurrence falls due on its day (default 08:00)',
    },
    actor: {
      type: 'string',
      description: 'run: who submits and accepts, ID:ROLE (default planner:system)',
    },
    'from-start': {
      type: 'boolean',
      description:
        'run/due: every occurrence since the plans began, not only those after the last run',
    },
    ...utcOptionOf('run/due'),
  },
  positionals: 1,
  async run(ctx) {
    const action = ctx.positionals[0] as (typeof planActions)[number] | undefined;
    if (!action || !planActions.includes(action))
      throw new UsageError(`Which? ${planActions.join(', ')}`);
    const until = action === 'list' ? undefined : instantOption(ctx, 'until');
    if (action !== 'list' && !until)
      throw new UsageError(
        '--until is required: the planner runs until a given instant, never on a clock of its own',
      );
    const options = plannerOptions(ctx, action === 'run' ? 'planner run' : 'planner dry run');
    // A run goes no further than the clock allows any command (a typo's year would leave calls
    // dated then, refusing every change until it comes); a preview (due) looks as far as asked.
    const callstream = await openExisting(ctx.options, 'inline');
    try {
      // Times are read on the organisation's clock; --time-zone decides the plans' days only.
      const zone = await displayZone(ctx, callstream);
      if (action === 'run') {
        const report = await callstream.runPlanner(until!, options);
        ctx.out.result(report, () =>
          [
            `Planner run until ${time(report.until, zone)}: ${describeWork(report, zone)}`,
            report.devices.handled > 0
              ? `Readings and alarms: ${describeWork(report.devices, zone)}`
              : '',
            ...report.notes.map((n) => `Note: plan ${n.planId}, task ${n.taskId}: ${n.note}`),
          ]
            .filter(Boolean)
            .join('\n'),
        );
        return report.devices.failed > 0 ? 1 : 0;
      }
      if (action === 'due') {
        const due = await callstream.duePlannedWork(until!, options);
        ctx.out.result(due, () =>
          due.occurrences.length === 0
            ? `Nothing is due by ${time(until, zone)} that the planner has not planned yet (--from-start: every occurrence).`
            : table(
                ['Due', 'Plan', 'Task', 'Serial', 'Customer', 'Site', 'Trigger'],
                due.occurrences.map((o) => [
                  time(o.dueAt, zone),
                  o.planId,
                  o.taskId,
                  o.serialNumber,
                  o.customerId,
                  o.siteId,
                  o.trigger.kind === 'usage'
                    ? `${o.trigger.meterId} ${o.trigger.mark}`
                    : 'calendar',
                ]),
              ),
        );
        return 0;
      }
      const plans = await callstream.maintenancePlans();
      ctx.out.result(page(plans, plans.length), () =>
        plans.length === 0
          ? 'No maintenance plans (define one with "callstream exec": DefineMaintenancePlan).'
          : table(
              ['Plan', 'Name', 'Applies to', 'From', 'Until', 'Tasks'],
              plans.map((p) => [
                p.id,
                p.name,
                'item' in p.scope ? `item ${p.scope.item}` : `serial ${p.scope.serialNumber}`,
                p.from,
                p.until,
                Object.keys(p.tasks).join(', '),
              ]),
            ),
      );
      return 0;
    } finally {
      await callstream.close();
    }
  },
};
