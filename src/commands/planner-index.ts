import {
  EQUIPMENT_STREAM_PREFIX,
  evolveMaintenance,
  MAINTENANCE_PLAN_STREAM_PREFIX,
  maintenanceEventSchemas,
  type MaintenanceEvent,
  type MaintenancePlan,
} from '../domain/index.js';
import type {
  Document,
  Documents,
  ProjectedEvent,
  Projection,
  ReadModelStore,
} from '../projections/types.js';

/**
 * What the planner must find without reading the whole log on every run: every maintenance
 * plan (its own state, folded with its own evolve) and the serial numbers of each item in
 * the installed base, for plans that apply to a product. Equipment is only indexed here;
 * its placements are read from its stream when an occurrence needs them.
 */
export const PLANNED_WORK_PROJECTION = 'planned-work';

export interface IndexedEquipment extends Document {
  serialNumber: string;
  item: string;
}

/** A plan as its document holds it (plain JSON: strings, records, arrays). */
type PlanDocument = MaintenancePlan & Document;

const planTypes: ReadonlySet<string> = new Set(Object.keys(maintenanceEventSchemas));

export const plannedWorkProjection: Projection = {
  name: PLANNED_WORK_PROJECTION,
  version: 1,
  collections: { plans: {}, equipment: { indexes: ['item'] } },
  eventTypes: new Set([...planTypes, 'EquipmentRegistered']),
  apply({ event, streamName }: ProjectedEvent, documents: Documents): void {
    if (event.type === 'EquipmentRegistered') {
      const serialNumber = streamName.slice(EQUIPMENT_STREAM_PREFIX.length);
      documents.put('equipment', serialNumber, {
        serialNumber,
        item: event.data.item,
      } satisfies IndexedEquipment);
      return;
    }
    if (!planTypes.has(event.type)) return;
    const planId = streamName.slice(MAINTENANCE_PLAN_STREAM_PREFIX.length);
    const before = documents.get<PlanDocument>('plans', planId) ?? null;
    const after = evolveMaintenance(before, event as MaintenanceEvent);
    if (after) documents.put('plans', planId, { ...after });
  },
};

/** Every plan, by id. */
export function indexedPlans(readModels: ReadModelStore): MaintenancePlan[] {
  return [...readModels.all<PlanDocument>(PLANNED_WORK_PROJECTION, 'plans')].map(
    ([, plan]) => plan,
  );
}

/** The serial numbers of an item's equipment, in order. */
export function serialNumbersOf(readModels: ReadModelStore, item: string): string[] {
  return readModels
    .find<IndexedEquipment>(PLANNED_WORK_PROJECTION, 'equipment', { item })
    .map((equipment) => equipment.serialNumber)
    .sort();
}
