import { z } from 'zod';
import { services, type Service } from '../contract/state.js';
import { DomainError } from '../shared/errors.js';
import { strip } from '../shared/objects.js';
import {
  day,
  id,
  shortText,
  storedInstant,
  text,
  type CommandsOf,
  type EventsOf,
  type Role,
} from '../shared/schema.js';
import {
  calendarScheduleSchema,
  seasonSchema,
  usageScheduleSchema,
  type CalendarSchedule,
  type Season,
  type UsageSchedule,
} from './schedule.js';
import type { Decider } from '../shared/decider.js';

/**
 * A maintenance plan (E1): the manufacturer's tasks for a product (every piece of equipment
 * of an item) or for one piece of equipment (by serial number), each due by the calendar
 * and/or by usage. The plan only says what is due when; the planner turns what is due into
 * requests, which pass the same customer and contract validation as any other (E3).
 * One stream per plan. A plan's days never move once recorded — tasks are added, retired,
 * the plan ended — so an occurrence, once due, stays the same occurrence.
 */
export const MAINTENANCE_PLAN_STREAM_PREFIX = 'maintenance-plan-';
export const maintenancePlanStreamName = (planId: string): string =>
  `${MAINTENANCE_PLAN_STREAM_PREFIX}${planId}`;

/** Every piece of equipment of an item, or one piece by its serial number. Strict members, so the two never blur. */
export const planScopeSchema = z.union([
  z.strictObject({ item: shortText }),
  z.strictObject({ serialNumber: shortText }),
]);
export type PlanScope = z.output<typeof planScopeSchema>;

const priority = z.number().int().min(1).max(9);

const taskShape = {
  taskId: id,
  name: shortText,
  instructions: text.optional(),
  calendar: calendarScheduleSchema.optional(),
  /** Calendar occurrences outside the season are not due (a heating season, a summer check). */
  season: seasonSchema.optional(),
  usage: usageScheduleSchema.optional(),
  /** The first day the task applies (default: the plan's first day). */
  from: day.optional(),
  priority: priority.optional(),
};

/** A task as a command states it: the service defaults to preventive maintenance. */
export const maintenanceTaskInput = z
  .strictObject({ ...taskShape, service: z.enum(services).optional() })
  .refine((task) => task.calendar !== undefined || task.usage !== undefined, {
    error: 'A task is due by the calendar, by usage, or both',
  })
  .refine((task) => task.season === undefined || task.calendar !== undefined, {
    error: 'A season restricts calendar occurrences: give the task a calendar schedule',
  });

/** A task as recorded: the service is always there. */
export const maintenanceTaskSchema = z.object({ ...taskShape, service: z.enum(services) });

export const maintenanceCommandSchemas = {
  DefineMaintenancePlan: z.strictObject({
    planId: id,
    name: shortText,
    manufacturer: shortText.optional(),
    scope: planScopeSchema,
    from: day,
    until: day.optional(),
    tasks: z.array(maintenanceTaskInput).min(1).max(50),
  }),
  AddMaintenanceTask: z.strictObject({ planId: id, task: maintenanceTaskInput }),
  /** The task's last day: nothing of it is due after `until`. */
  RetireMaintenanceTask: z.strictObject({
    planId: id,
    taskId: id,
    until: day,
    reason: text.optional(),
  }),
  /** The plan's last day, earlier than it was: nothing of it is due after `until`. */
  EndMaintenancePlan: z.strictObject({ planId: id, until: day, reason: text }),
} as const;

const at = storedInstant;
export const maintenanceEventSchemas = {
  MaintenancePlanDefined: z.object({
    at,
    planId: id,
    name: shortText,
    manufacturer: shortText.optional(),
    scope: planScopeSchema,
    from: day,
    until: day.optional(),
    tasks: z.array(maintenanceTaskSchema),
  }),
  MaintenanceTaskAdded: z.object({ at, task: maintenanceTaskSchema }),
  MaintenanceTaskRetired: z.object({ at, taskId: id, until: day, reason: text.optional() }),
  MaintenancePlanEnded: z.object({ at, until: day, reason: text }),
} as const;

type Schemas = typeof maintenanceCommandSchemas;
export type MaintenanceCommandType = keyof Schemas;
export type MaintenanceCommand = CommandsOf<Schemas>;
export type MaintenanceEvent = EventsOf<typeof maintenanceEventSchemas>;

export interface MaintenanceTask {
  readonly taskId: string;
  readonly name: string;
  readonly instructions?: string;
  readonly service: Service;
  readonly calendar?: CalendarSchedule;
  readonly season?: Season;
  readonly usage?: UsageSchedule;
  readonly from?: string;
  readonly priority?: number;
  /** The last day of a retired task. */
  readonly until?: string;
  readonly retiredBecause?: string;
}

/** Days only, never instants: plain JSON, so the planner's index keeps plans as they are. */
export interface MaintenancePlan {
  readonly id: string;
  readonly name: string;
  readonly manufacturer?: string;
  readonly scope: PlanScope;
  readonly from: string;
  /** The last day, as it stands after an end. */
  readonly until?: string;
  readonly tasks: Readonly<Record<string, MaintenanceTask>>;
  readonly ended?: { readonly until: string; readonly reason: string };
}

export type MaintenancePlanState = MaintenancePlan | null;
export const initialMaintenancePlanState = (): MaintenancePlanState => null;

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
      if (plan.tasks[command.task.taskId]) {
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
      const task = plan.tasks[command.taskId];
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

export function evolveMaintenance(
  state: MaintenancePlanState,
  event: MaintenanceEvent,
): MaintenancePlanState {
  if (event.type === 'MaintenancePlanDefined') {
    const { planId, name, manufacturer, scope, from, until, tasks } = event.data;
    return strip({
      id: planId,
      name,
      manufacturer,
      scope,
      from,
      until,
      tasks: Object.fromEntries(tasks.map((task) => [task.taskId, strip(task)])),
    });
  }
  if (state === null) return state; // nothing but MaintenancePlanDefined starts a plan
  switch (event.type) {
    case 'MaintenanceTaskAdded':
      return {
        ...state,
        tasks: { ...state.tasks, [event.data.task.taskId]: strip(event.data.task) },
      };
    case 'MaintenanceTaskRetired': {
      const task = state.tasks[event.data.taskId];
      if (!task) return state;
      return {
        ...state,
        tasks: {
          ...state.tasks,
          [event.data.taskId]: strip({
            ...task,
            until: event.data.until,
            retiredBecause: event.data.reason,
          }),
        },
      };
    }
    case 'MaintenancePlanEnded':
      return {
        ...state,
        until: event.data.until,
        ended: { until: event.data.until, reason: event.data.reason },
      };
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

/** A maintenance plan's rules as one value: it starts as null (never defined). */
export const maintenancePlanDecider: Decider<
  MaintenancePlanState,
  MaintenanceCommand,
  MaintenanceEvent
> = {
  initialState: initialMaintenancePlanState,
  decide: decideMaintenance,
  evolve: evolveMaintenance,
};
