import type { z } from 'zod';
import { DomainError } from '../shared/errors.js';
import { entryOf, strip } from '../shared/objects.js';
import type { Role } from '../shared/schema.js';
import type {
  MaintenanceCommand,
  MaintenanceCommandType,
  MaintenanceEvent,
  maintenanceTaskInput,
  maintenanceTaskSchema,
} from './plan-schemas.js';
import type { MaintenancePlan, MaintenancePlanState } from './plan-state.js';

/** Plans are the manufacturer's and the contract's: supervisors keep them, the system imports them. */
export const maintenancePermissions: Readonly<Record<MaintenanceCommandType, readonly Role[]>> = {
  DefineMaintenancePlan: ['supervisor', 'system'],
  AddMaintenanceTask: ['supervisor', 'system'],
  RetireMaintenanceTask: ['supervisor', 'system'],
  EndMaintenancePlan: ['supervisor', 'system'],
};

type TaskInput = z.output<typeof maintenanceTaskInput>;

export function decideMaintenance(
  command: MaintenanceCommand,
  state: MaintenancePlanState,
): MaintenanceEvent[] {
  const { at } = command;
  if (command.type === 'DefineMaintenancePlan') {
    if (state)
      throw new DomainError(
        'MaintenancePlanAlreadyDefined',
        `Maintenance plan ${state.id} is already defined`,
        { planId: state.id },
      );
    const { planId, name, manufacturer, scope, from, until, tasks } = command;
    if (until !== undefined && until < from)
      throw new DomainError(
        'InvalidPeriod',
        `Maintenance plan ${planId} cannot end (${until}) before it starts (${from})`,
        { from, until },
      );
    const seen = new Set<string>();
    for (const task of tasks) {
      if (seen.has(task.taskId))
        throw new DomainError(
          'MaintenanceTaskAlreadyExists',
          `Maintenance plan ${planId} lists task ${task.taskId} twice`,
          { planId, taskId: task.taskId },
        );
      seen.add(task.taskId);
      ensureTaskWithin(planId, from, until, task);
    }
    return [
      {
        type: 'MaintenancePlanDefined',
        data: strip({
          at,
          planId,
          name,
          manufacturer,
          scope,
          from,
          until,
          tasks: tasks.map(recordedTask),
        }),
      },
    ];
  }
  const plan = existing(state, command.planId);
  switch (command.type) {
    case 'AddMaintenanceTask': {
      ensureNotEnded(plan);
      if (entryOf(plan.tasks, command.task.taskId)) {
        throw new DomainError(
          'MaintenanceTaskAlreadyExists',
          `Maintenance plan ${plan.id} already has a task ${command.task.taskId}`,
          { planId: plan.id, taskId: command.task.taskId },
        );
      }
      ensureTaskWithin(plan.id, plan.from, plan.until, command.task);
      return [{ type: 'MaintenanceTaskAdded', data: { at, task: recordedTask(command.task) } }];
    }
    case 'RetireMaintenanceTask': {
      const task = entryOf(plan.tasks, command.taskId);
      if (!task) {
        throw new DomainError(
          'UnknownMaintenanceTask',
          `Maintenance plan ${plan.id} has no task ${command.taskId}; tasks: ${Object.keys(plan.tasks).join(', ')}`,
          { planId: plan.id, taskId: command.taskId },
        );
      }
      if (task.until !== undefined) {
        throw new DomainError(
          'MaintenanceTaskAlreadyRetired',
          `Task ${command.taskId} of maintenance plan ${plan.id} was already retired after ${task.until}`,
          { planId: plan.id, taskId: command.taskId, until: task.until },
        );
      }
      const first = task.from ?? plan.from;
      if (command.until < first) {
        throw new DomainError(
          'InvalidPeriod',
          `Task ${command.taskId} applies from ${first}: it cannot be retired after ${command.until}`,
          { from: first, until: command.until },
        );
      }
      return [
        {
          type: 'MaintenanceTaskRetired',
          data: strip({ at, taskId: command.taskId, until: command.until, reason: command.reason }),
        },
      ];
    }
    case 'EndMaintenancePlan': {
      ensureNotEnded(plan);
      if (command.until < plan.from) {
        throw new DomainError(
          'InvalidPeriod',
          `Maintenance plan ${plan.id} starts on ${plan.from}: it cannot end on ${command.until}`,
          { from: plan.from, until: command.until },
        );
      }
      if (plan.until !== undefined && command.until >= plan.until) {
        throw new DomainError(
          'PlanEndNotEarlier',
          `Maintenance plan ${plan.id} already ends on ${plan.until}: it can only be ended earlier`,
          { planId: plan.id, until: plan.until },
        );
      }
      return [
        {
          type: 'MaintenancePlanEnded',
          data: { at, until: command.until, reason: command.reason },
        },
      ];
    }
  }
}

function existing(state: MaintenancePlanState, planId: string): MaintenancePlan {
  if (!state)
    throw new DomainError('MaintenancePlanNotFound', `No maintenance plan ${planId}`, { planId });
  return state;
}

function ensureNotEnded(plan: MaintenancePlan): void {
  if (plan.ended)
    throw new DomainError(
      'MaintenancePlanEnded',
      `Maintenance plan ${plan.id} ended on ${plan.ended.until} (${plan.ended.reason})`,
      { planId: plan.id, until: plan.ended.until },
    );
}

/** Fixed dates outside the plan's days could never fall due: a mistake worth saying at once. */
function ensureTaskWithin(
  planId: string,
  from: string,
  until: string | undefined,
  task: TaskInput,
): void {
  const start = task.from ?? from;
  if (task.from !== undefined && (task.from < from || (until !== undefined && task.from > until))) {
    throw new DomainError(
      'TaskOutsidePlan',
      `Task ${task.taskId} cannot start on ${task.from}, outside maintenance plan ${planId} (${from} – ${until ?? 'open'})`,
      { planId, taskId: task.taskId, from: task.from },
    );
  }
  if (task.calendar?.kind !== 'dates') return;
  const outside = task.calendar.dates.filter(
    (d) => d < start || (until !== undefined && d > until),
  );
  if (outside.length > 0) {
    throw new DomainError(
      'TaskOutsidePlan',
      `Task ${task.taskId} names dates outside maintenance plan ${planId} (${start} – ${until ?? 'open'}): ${outside.join(', ')}`,
      { planId, taskId: task.taskId, dates: outside },
    );
  }
}

function recordedTask(task: TaskInput): z.output<typeof maintenanceTaskSchema> {
  return strip({ ...task, service: task.service ?? 'preventive-maintenance' });
}
