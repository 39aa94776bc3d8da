import type { Service } from '../contract/state.js';
import type { CalendarSchedule, Season, UsageSchedule } from './schedule.js';
import type { PlanScope } from './plan-schemas.js';

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
