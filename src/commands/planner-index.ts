import {
  EQUIPMENT_STREAM_PREFIX,
  evolveMaintenance,
  MAINTENANCE_PLAN_STREAM_PREFIX,
  METER_STREAM_PREFIX,
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
import { ALARMS, EPISODES, episodeEventTypes, indexEpisodes } from './planner-episodes.js';
import { COUNTERS, indexReadings, READINGS, readingEventTypes } from './planner-readings.js';

/**
 * What the planner must find without reading the whole log on every run: every maintenance
 * plan (its own state, folded with its own evolve), the serial numbers of each item in
 * the installed base, for plans that apply to a product, counters' readings
 * (planner-readings.ts), and what answers for each alarm episode (planner-episodes.ts).
 * Each document of plans, equipment and meters keeps the position
 * of the last event that changed what the planner derives from it (`changedAt`): a plan,
 * a piece of equipment's placements, a meter's readings. A planner that planned through
 * some position knows from it which plans and equipment to plan again from their start
 * (planner-horizon.ts). Equipment is only indexed here; its placements are read from its
 * stream when an occurrence needs them.
 */
export const PLANNED_WORK_PROJECTION = 'planned-work';

/** The position of the last event that changed a document, as a decimal string (JSON). */
interface Changed extends Document {
  changedAt: string;
}

export interface IndexedEquipment extends Changed {
  serialNumber: string;
  item: string;
}

interface PlanDocument extends Changed {
  plan: MaintenancePlan;
}

/** A plan, and the position of the last event that changed it. */
export interface IndexedPlan {
  readonly plan: MaintenancePlan;
  readonly changedAt: bigint;
}

const planTypes: ReadonlySet<string> = new Set(Object.keys(maintenanceEventSchemas));
const placementTypes: ReadonlySet<string> = new Set([
  'EquipmentRegistered',
  'EquipmentMoved',
  'EquipmentOwnerChanged',
]);

export const plannedWorkProjection: Projection = {
  name: PLANNED_WORK_PROJECTION,
  // 3: alarm episodes and the alarms whose requests answer for them (planner-episodes.ts).
  // 4: counters and their readings (planner-readings.ts).
  version: 4,
  collections: {
    plans: {},
    equipment: { indexes: ['item'] },
    meters: {},
    [ALARMS]: {},
    [EPISODES]: {},
    [COUNTERS]: {},
    [READINGS]: {},
  },
  eventTypes: new Set([
    ...planTypes,
    ...placementTypes,
    ...readingEventTypes,
    ...episodeEventTypes,
  ]),
  apply({ event, streamName, position }: ProjectedEvent, documents: Documents): void {
    if (indexEpisodes(event, streamName, position, documents)) return;
    const changedAt = String(position);
    if (event.type === 'ReadingRecorded') {
      const serialNumber = streamName.slice(METER_STREAM_PREFIX.length);
      documents.put('meters', serialNumber, { changedAt } satisfies Changed);
    }
    if (indexReadings(event, streamName, position, documents)) return;
    if (event.type === 'EquipmentRegistered') {
      const serialNumber = streamName.slice(EQUIPMENT_STREAM_PREFIX.length);
      documents.put('equipment', serialNumber, {
        serialNumber,
        item: event.data.item,
        changedAt,
      } satisfies IndexedEquipment);
      return;
    }
    if (placementTypes.has(event.type)) {
      const serialNumber = streamName.slice(EQUIPMENT_STREAM_PREFIX.length);
      const equipment = documents.get<IndexedEquipment>('equipment', serialNumber);
      if (equipment) documents.put('equipment', serialNumber, { ...equipment, changedAt });
      return;
    }
    if (!planTypes.has(event.type)) return;
    const planId = streamName.slice(MAINTENANCE_PLAN_STREAM_PREFIX.length);
    const before = documents.get<PlanDocument>('plans', planId)?.plan ?? null;
    const after = evolveMaintenance(before, event as MaintenanceEvent);
    if (after) documents.put('plans', planId, { plan: after, changedAt } satisfies PlanDocument);
  },
};

/** Every plan, by id, with where it last changed. */
export function indexedPlans(readModels: ReadModelStore): IndexedPlan[] {
  return [...readModels.all<PlanDocument>(PLANNED_WORK_PROJECTION, 'plans')].map(
    ([, { plan, changedAt }]) => ({ plan, changedAt: BigInt(changedAt) }),
  );
}

/** The equipment a plan applies to, in serial-number order, with where its placements last changed; a serial number outside the installed base has none. */
export function equipmentOfPlan(
  readModels: ReadModelStore,
  plan: MaintenancePlan,
): Array<{ readonly serialNumber: string; readonly changedAt?: bigint }> {
  if ('serialNumber' in plan.scope) {
    const { serialNumber } = plan.scope;
    const equipment = readModels.get<IndexedEquipment>(
      PLANNED_WORK_PROJECTION,
      'equipment',
      serialNumber,
    );
    return [equipment ? changed(equipment) : { serialNumber }];
  }
  return equipmentOfItem(readModels, plan.scope.item);
}

/** An item's equipment in the installed base, in serial-number order, on the item index. */
export function equipmentOfItem(
  readModels: ReadModelStore,
  item: string,
): Array<{ readonly serialNumber: string; readonly changedAt: bigint }> {
  return readModels
    .find<IndexedEquipment>(PLANNED_WORK_PROJECTION, 'equipment', { item })
    .map(changed)
    .sort((a, b) =>
      a.serialNumber < b.serialNumber ? -1 : a.serialNumber > b.serialNumber ? 1 : 0,
    );
}

const changed = ({ serialNumber, changedAt }: IndexedEquipment) => ({
  serialNumber,
  changedAt: BigInt(changedAt),
});

/** Where a piece of equipment's readings last changed; undefined when it has none. */
export function readingsChangedAt(
  readModels: ReadModelStore,
  serialNumber: string,
): bigint | undefined {
  const meters = readModels.get<Changed>(PLANNED_WORK_PROJECTION, 'meters', serialNumber);
  return meters && BigInt(meters.changedAt);
}
