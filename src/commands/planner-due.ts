import { entryOf } from '../domain/shared/objects.js';
import {
  counterReadings,
  dueOccurrences,
  type EquipmentState,
  type Meters,
  type Occurrence,
  type OccurrenceNote,
} from '../domain/index.js';
import type { ReadModelStore } from '../projections/types.js';
import type { EventStore } from '../store/port.js';
import { indexedPlans, serialNumbersOf } from './planner-index.js';
import { equipmentOf, metersOf } from './planner-orders.js';

export interface DueWork {
  readonly until: Date;
  readonly occurrences: ReadonlyArray<
    Occurrence & { readonly plan: string; readonly task: string }
  >;
  /** Tasks that cannot be judged (a usage task without its counter) and plans naming unknown equipment. */
  readonly notes: readonly OccurrenceNote[];
}

/**
 * Every occurrence of every indexed plan's tasks, on the equipment each applies to, due by
 * `until`, in due order (the planner's index caught up first).
 */
export async function dueWork(
  store: EventStore,
  readModels: ReadModelStore,
  until: Date,
  timeZone: string,
  dueTime: string,
): Promise<DueWork> {
  const occurrences: Array<DueWork['occurrences'][number]> = [];
  const notes: OccurrenceNote[] = [];
  const equipment = new Map<string, EquipmentState>();
  const meters = new Map<string, Meters>();
  for (const plan of indexedPlans(readModels)) {
    const serials =
      'serialNumber' in plan.scope
        ? [plan.scope.serialNumber]
        : serialNumbersOf(readModels, plan.scope.item);
    for (const serialNumber of serials) {
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
      const usage = Object.values(plan.tasks).some((task) => task.usage);
      if (usage && !meters.has(serialNumber))
        meters.set(serialNumber, await metersOf(store, serialNumber));
      const counters = meters.get(serialNumber);
      const found = dueOccurrences(plan, unit, {
        until,
        timeZone,
        dueTime,
        readings: (meterId) => (counters ? counterReadings(counters, meterId) : undefined),
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
  occurrences.sort(
    (a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  return { until, occurrences, notes };
}
