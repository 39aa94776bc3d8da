import { entryOf } from '../shared/objects.js';
import { civilMs, MINUTE_MS, minutesOfClock } from '../calendar/civil.js';
import { localDateOf, zoneOffsetAt } from '../calendar/zone.js';
import type { Service } from '../contract/state.js';
import { placementOn, type Equipment } from '../equipment/state.js';
import type { MaintenancePlan, MaintenanceTask } from './plan.js';
import { calendarDueDays, usageCrossings, type UsagePoint } from './schedule.js';

/**
 * The occurrences of a plan's tasks on one piece of equipment that are due by an instant.
 * An occurrence's key names it forever — plan, task, serial number and due day, or the
 * usage mark reached — so the planner derives its request from it, and running the planner
 * again, or twice at once, finds the same occurrence instead of making another.
 */

export interface OccurrenceOptions {
  /** Due by this instant: calendar occurrences whose due instant is not later, readings not later. */
  readonly until: Date;
  /**
   * Only occurrences due after this instant: a planner that handled everything due by then
   * asks for what fell due since, at the cost of those days alone.
   */
  readonly after?: Date;
  /** The zone whose calendar days the plan speaks of. */
  readonly timeZone: string;
  /** The local time (HH:MM) a calendar occurrence falls due on its day. */
  readonly dueTime: string;
  /** The readings of a counter of this equipment, in time order (for usage tasks); undefined when it has no such counter. */
  readonly readings?: (meterId: string) => readonly UsagePoint[] | undefined;
}

export type OccurrenceTrigger =
  | { readonly kind: 'calendar' }
  | {
      readonly kind: 'usage';
      readonly meterId: string;
      readonly every: number;
      readonly mark: number;
      readonly skipped: number;
      readonly total: number;
    };

export interface Occurrence {
  /** Unique and stable: the same occurrence has the same key in every run. */
  readonly key: string;
  readonly planId: string;
  readonly taskId: string;
  readonly serialNumber: string;
  readonly item: string;
  readonly dueDay: string;
  readonly dueAt: Date;
  readonly trigger: OccurrenceTrigger;
  readonly service: Service;
  readonly priority?: number;
  /** Whose equipment it is on the due day, and where it stands. */
  readonly customerId: string;
  readonly siteId: string;
}

/** Why a task yields nothing on a piece of equipment, when that is worth telling. */
export interface OccurrenceNote {
  readonly planId: string;
  readonly taskId: string;
  readonly serialNumber: string;
  readonly note: string;
}

export function calendarOccurrenceKey(
  planId: string,
  taskId: string,
  serialNumber: string,
  dueDay: string,
): string {
  return JSON.stringify(['maintenance', planId, taskId, serialNumber, dueDay]);
}

export function usageOccurrenceKey(
  planId: string,
  taskId: string,
  serialNumber: string,
  mark: number,
): string {
  return JSON.stringify(['maintenance', planId, taskId, serialNumber, 'usage', mark]);
}

/** The plan applies to this equipment: its serial number, or its item. */
export function planAppliesTo(plan: MaintenancePlan, equipment: Equipment): boolean {
  return 'serialNumber' in plan.scope
    ? plan.scope.serialNumber === equipment.serialNumber
    : plan.scope.item === equipment.item;
}

/**
 * The days a task applies to the equipment: from the latest of the plan's first day, the
 * task's first day and the installation, through the earliest of the plan's last day, the
 * task's last day and the day of `until`.
 */
export function taskWindow(
  plan: MaintenancePlan,
  task: MaintenanceTask,
  equipment: Equipment,
  untilDay: string,
): { start: string; until: string } {
  const installed = equipment.placements[0]?.from ?? plan.from;
  const start = [plan.from, task.from ?? plan.from, installed].reduce((a, b) => (a > b ? a : b));
  const until = [plan.until, task.until, untilDay]
    .filter((d): d is string => d !== undefined)
    .reduce((a, b) => (a < b ? a : b));
  return { start, until };
}

/**
 * Every occurrence of the plan on the equipment due by `options.until`, in due order (then
 * by key), with the notes that explain tasks that cannot be judged (a usage task on
 * equipment without that counter).
 */
export function dueOccurrences(
  plan: MaintenancePlan,
  equipment: Equipment,
  options: OccurrenceOptions,
): { occurrences: Occurrence[]; notes: OccurrenceNote[] } {
  const occurrences: Occurrence[] = [];
  const notes: OccurrenceNote[] = [];
  if (!planAppliesTo(plan, equipment)) return { occurrences, notes };
  const untilDay = localDateOf(options.timeZone, options.until);
  const after = options.after?.getTime() ?? Number.NEGATIVE_INFINITY;
  // A due day before the day of `after` falls due before it, whatever the due time.
  const fromDay = options.after && localDateOf(options.timeZone, options.after);
  const serialNumber = equipment.serialNumber;
  for (const task of Object.values(plan.tasks)) {
    const window = taskWindow(plan, task, equipment, untilDay);
    const base = {
      planId: plan.id,
      taskId: task.taskId,
      serialNumber,
      item: equipment.item,
      service: task.service,
      ...(task.priority === undefined ? {} : { priority: task.priority }),
    };
    if (task.calendar) {
      for (const dueDay of calendarDueDays(task.calendar, window, task.season, fromDay)) {
        const dueAt = localInstant(dueDay, options.dueTime, options.timeZone);
        if (dueAt.getTime() > options.until.getTime() || dueAt.getTime() <= after) continue;
        const placement = placementOn(equipment, dueDay);
        if (!placement) continue;
        occurrences.push({
          ...base,
          key: calendarOccurrenceKey(plan.id, task.taskId, serialNumber, dueDay),
          dueDay,
          dueAt,
          trigger: { kind: 'calendar' },
          customerId: placement.customerId,
          siteId: placement.siteId,
        });
      }
    }
    if (task.usage) {
      const { meterId, every } = task.usage;
      const readings = options.readings?.(meterId);
      if (!readings) {
        notes.push({
          planId: plan.id,
          taskId: task.taskId,
          serialNumber,
          note: `No counter ${meterId} is registered on ${serialNumber}: the usage schedule cannot be judged`,
        });
        continue;
      }
      for (const crossing of usageCrossings(readings, every)) {
        const { reading } = crossing;
        if (reading.at.getTime() > options.until.getTime()) break;
        if (reading.at.getTime() <= after) continue;
        const dueDay = localDateOf(options.timeZone, reading.at);
        if (dueDay < window.start || dueDay > window.until) continue;
        const placement = placementOn(equipment, dueDay);
        if (!placement) continue;
        occurrences.push({
          ...base,
          key: usageOccurrenceKey(plan.id, task.taskId, serialNumber, crossing.mark),
          dueDay,
          dueAt: reading.at,
          trigger: {
            kind: 'usage',
            meterId,
            every,
            mark: crossing.mark,
            skipped: crossing.skipped,
            total: reading.total,
          },
          customerId: placement.customerId,
          siteId: placement.siteId,
        });
      }
    }
  }
  occurrences.sort(inDueOrder);
  return { occurrences, notes };
}

/** Due order: by due instant, then by key. */
export const inDueOrder = (a: Occurrence, b: Occurrence): number =>
  a.dueAt.getTime() - b.dueAt.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * The instant through which usage occurrences on a counter were planned, when a planner
 * planned everything due by `until` knowing `readings` and readings were recorded since.
 * Readings come in time order, so those recorded since are the ones after the last it knew:
 * the marks they reach are due from then on, however long ago they were read. Undefined
 * (plan it all) when a counter had no reading then.
 */
export function usagePlannedThrough(
  until: Date,
  readings: ReadonlyArray<readonly UsagePoint[] | undefined>,
): Date | undefined {
  let through = until;
  for (const known of readings) {
    const last = known?.[known.length - 1];
    if (!last) return undefined;
    if (last.at < through) through = last.at;
  }
  return through;
}

/**
 * The instant the local clock in `timeZone` shows `clock` (HH:MM) on `isoDay`. A time the
 * clock shows twice (clocks going back) is its later showing; a time skipped by clocks going
 * forward moves on by the gap, also when the gap is at midnight: it stays on its day.
 */
export function localInstant(isoDay: string, clock: string, timeZone: string): Date {
  const wall =
    civilMs(Number(isoDay.slice(0, 4)), Number(isoDay.slice(5, 7)), Number(isoDay.slice(8, 10))) +
    minutesOfClock(clock) * MINUTE_MS;
  // The offsets either side: no zone changes its offset twice within a day.
  const before = zoneOffsetAt(timeZone, new Date(wall - HALF_DAY_MS));
  const after = zoneOffsetAt(timeZone, new Date(wall + HALF_DAY_MS));
  const shows = (offset: number) => zoneOffsetAt(timeZone, new Date(wall - offset)) === offset;
  if (shows(after)) return new Date(wall - after);
  // Shown only before the change; or never (a gap): the offset before it moves on past the gap.
  return new Date(wall - before);
}

const HALF_DAY_MS = 12 * 60 * MINUTE_MS;

/** The due day in words, for the request a planned occurrence becomes. */
export function describeOccurrence(
  plan: MaintenancePlan,
  occurrence: Occurrence,
): { summary: string; body: string } {
  const task = entryOf(plan.tasks, occurrence.taskId)!;
  const { trigger } = occurrence;
  const due =
    trigger.kind === 'calendar'
      ? `due on ${occurrence.dueDay}`
      : `due at ${trigger.mark} on counter ${trigger.meterId} (every ${trigger.every}; read ${trigger.total} on ${occurrence.dueDay}${trigger.skipped > 0 ? `, ${trigger.skipped} earlier mark(s) reached by the same reading` : ''})`;
  const summary = `Planned maintenance: ${task.name} on ${occurrence.serialNumber}, ${due}`.slice(
    0,
    200,
  );
  const body = [
    `Maintenance plan: ${plan.name} (${plan.id})${plan.manufacturer ? `, manufacturer ${plan.manufacturer}` : ''}`,
    `Task: ${task.name} (${task.taskId})`,
    `Due: ${occurrence.dueDay}${trigger.kind === 'usage' ? ` (usage mark ${trigger.mark} of counter ${trigger.meterId})` : ''}`,
    `Equipment: ${occurrence.serialNumber} (${occurrence.item}) at site ${occurrence.siteId}`,
    `Service: ${occurrence.service}`,
    ...(task.instructions ? ['', task.instructions] : []),
  ].join('\n');
  return { summary, body };
}
