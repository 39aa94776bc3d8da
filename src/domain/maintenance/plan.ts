import { inTimeOrder } from '../shared/time-order.js';
import type { Decider } from '../shared/decider.js';
import { decideMaintenance } from './plan-decide.js';
import { evolveMaintenance } from './plan-evolve.js';
import type { MaintenanceCommand, MaintenanceEvent } from './plan-schemas.js';
import { initialMaintenancePlanState, type MaintenancePlanState } from './plan-state.js';

export * from './plan-decide.js';
export * from './plan-evolve.js';
export * from './plan-schemas.js';
export * from './plan-state.js';

/** A maintenance plan's rules as one value: it starts as null (never defined). */
export const maintenancePlanDecider: Decider<
  MaintenancePlanState,
  MaintenanceCommand,
  MaintenanceEvent
> = {
  initialState: initialMaintenancePlanState,
  decide: inTimeOrder(decideMaintenance, 'the maintenance plan'),
  evolve: evolveMaintenance,
};
