import { entryOf, strip } from '../shared/objects.js';
import type { MaintenanceEvent } from './plan-schemas.js';
import type { MaintenancePlanState } from './plan-state.js';

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
      const task = entryOf(state.tasks, event.data.taskId);
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
