import {
  alarmKey,
  describeAlarm,
  describeOccurrence,
  describeThresholdCrossing,
  equipmentStreamName,
  localDateOf,
  placementOn,
  thresholdCrossingKey,
  type EquipmentState,
  type MaintenancePlan,
  type MeterEvent,
  type Occurrence,
} from '../domain/index.js';
import type { EventStore } from '../store/port.js';
import { equipmentAggregate } from './aggregates.js';
import type { WorkOrder } from './automatic-work.js';
import { loadStream } from '../streams/index.js';

/**
 * The work a threshold crossing or an alarm asks for: an alarm whose episode has a request
 * that answers for it (`answeredBy`) asks for none.
 */
export async function deviceOrder(
  store: EventStore,
  serialNumber: string,
  event: MeterEvent,
  timeZone: string,
  /** For an alarm that repeats an episode: its alarm whose request answers for the episode. */
  answeredBy: string | undefined,
): Promise<WorkOrder | undefined> {
  if (event.type === 'ThresholdCrossed') {
    const crossed = event.data;
    return {
      key: thresholdCrossingKey(serialNumber, crossed),
      channel: 'meter',
      dueAt: crossed.readAt,
      serialNumber,
      ...(await whereAndWhose(store, serialNumber, crossed.readAt, timeZone)),
      service: crossed.service,
      ...(crossed.priority === undefined ? {} : { priority: crossed.priority }),
      ...describeThresholdCrossing(serialNumber, crossed),
      from: `Meter ${crossed.meterId} of ${serialNumber}`,
    };
  }
  if (event.type === 'AlarmRaised' && answeredBy === undefined) {
    const raised = event.data;
    return {
      key: alarmKey(serialNumber, raised.alarmId),
      channel: 'alarm',
      dueAt: raised.raisedAt,
      serialNumber,
      ...(await whereAndWhose(store, serialNumber, raised.raisedAt, timeZone)),
      service: raised.service,
      ...(raised.priority === undefined ? {} : { priority: raised.priority }),
      ...describeAlarm(serialNumber, raised.alarmId, raised),
      from: `Device ${serialNumber}`,
    };
  }
  return undefined;
}

/** The equipment's item, and whose it is and where it stands on the day of `at`. */
async function whereAndWhose(
  store: EventStore,
  serialNumber: string,
  at: Date,
  timeZone: string,
): Promise<{ item?: string; customerId?: string; siteId?: string }> {
  const equipment = await equipmentOf(store, serialNumber);
  const placement = equipment ? placementOn(equipment, localDateOf(timeZone, at)) : undefined;
  return {
    ...(equipment ? { item: equipment.item } : {}),
    ...(placement ? { customerId: placement.customerId, siteId: placement.siteId } : {}),
  };
}

export async function equipmentOf(
  store: EventStore,
  serialNumber: string,
): Promise<EquipmentState> {
  return (await loadStream(store, equipmentStreamName(serialNumber), equipmentAggregate.decider))
    .state;
}

/** The work a plan's due occurrence asks for. */
export function plannedOrder(plan: MaintenancePlan, occurrence: Occurrence): WorkOrder {
  const { key, dueAt, serialNumber, item, customerId, siteId, service, priority } = occurrence;
  return {
    key,
    channel: 'planner',
    dueAt,
    serialNumber,
    item,
    customerId,
    siteId,
    service,
    ...(priority === undefined ? {} : { priority }),
    ...describeOccurrence(plan, occurrence),
    from: `Maintenance planner (${plan.name})`.slice(0, 200),
  };
}
