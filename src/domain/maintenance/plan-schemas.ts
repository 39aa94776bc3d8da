import { z } from 'zod';
import { services } from '../contract/state.js';
import {
  day,
  id,
  shortText,
  storedInstant,
  text,
  workText,
  type CommandsOf,
  type EventsOf,
} from '../shared/schema.js';
import { calendarScheduleSchema, seasonSchema, usageScheduleSchema } from './schedule.js';

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
    reason: workText.optional(),
  }),
  /** The plan's last day, earlier than it was: nothing of it is due after `until`. */
  EndMaintenancePlan: z.strictObject({ planId: id, until: day, reason: workText }),
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
