import { entryOf } from '../domain/shared/objects.js';
import {
  dueOccurrences,
  inDueOrder,
  usagePlannedThrough,
  type EquipmentState,
  type MaintenancePlan,
  type Occurrence,
  type OccurrenceNote,
} from '../domain/index.js';
import type { ReadModelStore } from '../projections/types.js';
import type { EventStore } from '../store/port.js';
import type { Horizon } from './planner-horizon.js';
import {
  equipmentOfPlan,
  indexedPlans,
  PLANNED_WORK_PROJECTION,
  readingsChangedAt,
} from './planner-index.js';
import { equipmentOf } from './planner-orders.js';
import { counterReadingAt, counterReadingsSince } from './planner-readings.js';

export interface DueWork {
  readonly until: Date;
  readonly occurrences: ReadonlyArray<
    Occurrence & { readonly plan: string; readonly task: string }
  >;
  /** Tasks that cannot be judged (a usage task without its counter) and plans naming unknown equipment. */
  readonly notes: readonly OccurrenceNote[];
}

/** What a walk of the plans found, and which plan and equipment it walked from the start. */
export interface PlansWalked {
  readonly due: DueWork;
  /** `planAndEquipment(planId, serialNumber)` of every pair walked from the start. */
  readonly fromStart: ReadonlySet<string>;
}

export const planAndEquipment = (planId: string, serialNumber: string): string =>
  JSON.stringify([planId, serialNumber]);

/**
 * Every occurrence of every indexed plan's tasks, on the equipment each applies to, due by
 * `until`, in due order (the planner's index caught up first). Given the planner's
 * horizon, only what it did not plan yet: on a plan and equipment unchanged since, what
 * fell due after the horizon's instant; on a plan or equipment changed since (a task added
 * with a first day in the past, equipment registered as installed last year), everything,
 * as the first run did; readings recorded since count from the last reading it knew. Readings
 * come from the index (planner-readings.ts), as many as the marks due after that need.
 */
export async function dueWork(
  store: EventStore,
  readModels: ReadModelStore,
  until: Date,
  timeZone: string,
  dueTime: string,
  horizon?: Horizon,
): Promise<PlansWalked> {
  const occurrences: Array<DueWork['occurrences'][number]> = [];
  const notes: OccurrenceNote[] = [];
  const fromStart = new Set<string>();
  const equipment = new Map<string, EquipmentState>();
  for (const { plan, changedAt } of indexedPlans(readModels)) {
    const planUnchanged = horizon !== undefined && changedAt <= horizon.position;
    for (const { serialNumber, changedAt: placed } of equipmentOfPlan(readModels, plan)) {
      if (!equipment.has(serialNumber))
        equipment.set(serialNumber, await equipmentOf(store, serialNumber));
      const unit = equipment.get(serialNumber);
      if (!unit) {
        notes.push({
          planId: plan.id,
          taskId: '*',
          serialNumber,
          note: `Equipment ${serialNumber} is not in the installed base: register it to plan its maintenance`,
        });
        continue;
      }
      const unchanged = planUnchanged && placed !== undefined && placed <= horizon.position;
      const after = unchanged
        ? plannedThrough(readModels, serialNumber, usageMeters(plan), horizon)
        : undefined;
      if (!after) fromStart.add(planAndEquipment(plan.id, serialNumber));
      const found = dueOccurrences(plan, unit, {
        until,
        ...(after ? { after } : {}),
        timeZone,
        dueTime,
        // Only the readings the marks due after `after` are judged by, from the index.
        readings: (meterId) =>
          counterReadingsSince(readModels, PLANNED_WORK_PROJECTION, serialNumber, meterId, after),
      });
      occurrences.push(
        ...found.occurrences.map((o) => ({
          ...o,
          plan: plan.name,
          task: entryOf(plan.tasks, o.taskId)!.name,
        })),
      );
      notes.push(...found.notes);
    }
  }
  occurrences.sort(inDueOrder);
  return { due: { until, occurrences, notes }, fromStart };
}

/** The meters a plan's usage tasks count by. */
const usageMeters = (plan: MaintenancePlan): string[] =>
  Object.values(plan.tasks).flatMap((task) => (task.usage ? [task.usage.meterId] : []));

/**
 * The instant through which a plan on unchanged equipment was planned: the horizon's, or
 * earlier when readings were recorded since (usagePlannedThrough, by the last reading of
 * each counter the horizon knew).
 */
function plannedThrough(
  readModels: ReadModelStore,
  serialNumber: string,
  usage: readonly string[],
  horizon: Horizon,
): Date | undefined {
  const changed = readingsChangedAt(readModels, serialNumber);
  if (usage.length === 0 || changed === undefined || changed <= horizon.position)
    return horizon.until;
  return usagePlannedThrough(
    horizon.until,
    usage.map((meterId) => {
      const then = counterReadingAt(
        readModels,
        PLANNED_WORK_PROJECTION,
        serialNumber,
        meterId,
        horizon.position,
      );
      return then && [then];
    }),
  );
}
