import { describe, expect, it } from 'vitest';
import {
  decideMaintenance,
  evolveMaintenance,
  initialMaintenancePlanState,
  maintenanceCommandSchemas,
  type Actor,
  type MaintenanceCommand,
  type MaintenanceEvent,
} from '../../../src/domain/index.js';
import { outcome } from '../../support/outcome.js';
import { inheritedNames } from '../../../src/domain/index.js';

/** Fixed facts for specifications: the domain never reads a clock, neither do its tests. */
const AT = new Date('2026-01-05T09:00:00.000Z');
const sam: Actor = { id: 'sam', role: 'supervisor' };

type Input = { type: MaintenanceCommand['type'] } & Record<string, unknown>;

/**
 * given(events).when(command).then(events) — or .refuses(code). The command passes its
 * boundary schema first (defaults applied, as the pipeline does); every decided event must
 * survive the store's way: JSON, then its schema, unchanged.
 */
function given(...history: MaintenanceEvent[]) {
  const state = history.reduce(evolveMaintenance, initialMaintenancePlanState());
  const decide = ({ type, ...payload }: Input) =>
    decideMaintenance(
      {
        type,
        at: AT,
        actor: sam,
        ...maintenanceCommandSchemas[type].parse(payload),
      } as MaintenanceCommand,
      state,
    );
  return {
    state,
    when(command: Input) {
      return outcome(command.type, () => decide(command));
    },
  };
}

const inspection = {
  taskId: 'inspection',
  name: 'Quarterly inspection',
  calendar: { kind: 'interval', every: 3, unit: 'month', first: '2026-01-15' },
} as const;
const defined: MaintenanceEvent = {
  type: 'MaintenancePlanDefined',
  data: {
    at: AT,
    planId: 'ext',
    name: 'Fire extinguishers',
    scope: { item: 'extinguisher-6kg' },
    from: '2026-01-01',
    tasks: [{ ...inspection, service: 'preventive-maintenance' }],
  },
};

describe('maintenance plans (E1)', () => {
  it('defines a plan for a product, its tasks’ service defaulting to preventive maintenance', () => {
    given()
      .when({
        type: 'DefineMaintenancePlan',
        planId: 'ext',
        name: 'Fire extinguishers',
        scope: { item: 'extinguisher-6kg' },
        from: '2026-01-01',
        tasks: [inspection],
      })
      .then(defined);
  });

  it('defines a plan for one piece of equipment, by usage and by calendar within a season', () => {
    const tasks = [
      {
        taskId: 'kit',
        name: 'Service kit',
        usage: { meterId: 'copies', every: 50_000 },
        service: 'on-site-repair',
        priority: 4,
      },
      {
        taskId: 'boiler',
        name: 'Boiler check',
        calendar: { kind: 'interval', every: 1, unit: 'month' },
        season: { from: '10-01', until: '03-31' },
      },
    ];
    given()
      .when({
        type: 'DefineMaintenancePlan',
        planId: 'cop-1',
        name: 'COP-1',
        manufacturer: 'Sharp',
        scope: { serialNumber: 'COP-1' },
        from: '2026-01-01',
        until: '2027-12-31',
        tasks,
      })
      .then({
        type: 'MaintenancePlanDefined',
        data: {
          at: AT,
          planId: 'cop-1',
          name: 'COP-1',
          manufacturer: 'Sharp',
          scope: { serialNumber: 'COP-1' },
          from: '2026-01-01',
          until: '2027-12-31',
          tasks: [
            {
              taskId: 'kit',
              name: 'Service kit',
              usage: { meterId: 'copies', every: 50_000 },
              service: 'on-site-repair',
              priority: 4,
            },
            {
              taskId: 'boiler',
              name: 'Boiler check',
              calendar: { kind: 'interval', every: 1, unit: 'month' },
              season: { from: '10-01', until: '03-31' },
              service: 'preventive-maintenance',
            },
          ],
        },
      });
  });

  it('refuses plans that could never be due as meant', () => {
    const plan = {
      type: 'DefineMaintenancePlan',
      planId: 'ext',
      name: 'X',
      scope: { item: 'x' },
      from: '2026-01-01',
    } as const;
    given(defined)
      .when({ ...plan, tasks: [inspection] })
      .refuses('MaintenancePlanAlreadyDefined');
    given()
      .when({ ...plan, until: '2025-12-31', tasks: [inspection] })
      .refuses('InvalidPeriod');
    given()
      .when({ ...plan, tasks: [inspection, inspection] })
      .refuses('MaintenanceTaskAlreadyExists');
    given()
      .when({
        ...plan,
        until: '2026-12-31',
        tasks: [
          {
            taskId: 'once',
            name: 'Once',
            calendar: { kind: 'dates', dates: ['2026-05-01', '2027-05-01'] },
          },
        ],
      })
      .refuses('TaskOutsidePlan', /2027-05-01/);
    given()
      .when({
        ...plan,
        tasks: [
          {
            taskId: 'late',
            name: 'Late',
            from: '2025-01-01',
            calendar: { kind: 'yearly', dates: ['06-30'] },
          },
        ],
      })
      .refuses('TaskOutsidePlan');
  });

  it('checks tasks at the boundary: a schedule, a real day of the year, a season only with a calendar', () => {
    const task = (fields: Record<string, unknown>) =>
      maintenanceCommandSchemas.AddMaintenanceTask.safeParse({
        planId: 'ext',
        task: { taskId: 't', name: 'T', ...fields },
      }).success;
    expect(task({})).toBe(false);
    expect(task({ calendar: { kind: 'yearly', dates: ['02-30'] } })).toBe(false);
    expect(task({ calendar: { kind: 'yearly', dates: ['02-29'] } })).toBe(true);
    expect(
      task({ usage: { meterId: 'hours', every: 250 }, season: { from: '10-01', until: '03-31' } }),
    ).toBe(false);
    expect(task({ calendar: { kind: 'interval', every: 0, unit: 'day' } })).toBe(false);
    expect(task({ calendar: { kind: 'interval', every: 2, unit: 'week' }, bogus: true })).toBe(
      false,
    );
  });

  it('adds and retires tasks, and ends the plan earlier only', () => {
    given(defined)
      .when({
        type: 'AddMaintenanceTask',
        planId: 'ext',
        task: {
          taskId: 'service',
          name: 'Yearly service',
          calendar: { kind: 'yearly', dates: ['06-30'] },
        },
      })
      .then({
        type: 'MaintenanceTaskAdded',
        data: {
          at: AT,
          task: {
            taskId: 'service',
            name: 'Yearly service',
            calendar: { kind: 'yearly', dates: ['06-30'] },
            service: 'preventive-maintenance',
          },
        },
      });
    given(defined)
      .when({ type: 'AddMaintenanceTask', planId: 'ext', task: inspection })
      .refuses('MaintenanceTaskAlreadyExists');
    given()
      .when({ type: 'AddMaintenanceTask', planId: 'ext', task: inspection })
      .refuses('MaintenancePlanNotFound');

    given(defined)
      .when({
        type: 'RetireMaintenanceTask',
        planId: 'ext',
        taskId: 'inspection',
        until: '2026-06-30',
      })
      .then({
        type: 'MaintenanceTaskRetired',
        data: { at: AT, taskId: 'inspection', until: '2026-06-30' },
      });
    given(defined)
      .when({ type: 'RetireMaintenanceTask', planId: 'ext', taskId: 'nope', until: '2026-06-30' })
      .refuses('UnknownMaintenanceTask');
    for (const taskId of inheritedNames)
      given(defined)
        .when({ type: 'RetireMaintenanceTask', planId: 'ext', taskId, until: '2026-06-30' })
        .refuses('UnknownMaintenanceTask');
    const retired: MaintenanceEvent = {
      type: 'MaintenanceTaskRetired',
      data: { at: AT, taskId: 'inspection', until: '2026-06-30' },
    };
    given(defined, retired)
      .when({
        type: 'RetireMaintenanceTask',
        planId: 'ext',
        taskId: 'inspection',
        until: '2026-05-30',
      })
      .refuses('MaintenanceTaskAlreadyRetired');

    const ended: MaintenanceEvent = {
      type: 'MaintenancePlanEnded',
      data: { at: AT, until: '2026-09-30', reason: 'Replaced' },
    };
    given(defined)
      .when({ type: 'EndMaintenancePlan', planId: 'ext', until: '2026-09-30', reason: 'Replaced' })
      .then(ended);
    given(defined)
      .when({ type: 'EndMaintenancePlan', planId: 'ext', until: '2025-09-30', reason: 'Replaced' })
      .refuses('InvalidPeriod');
    given(defined, ended)
      .when({ type: 'EndMaintenancePlan', planId: 'ext', until: '2026-08-30', reason: 'Again' })
      .refuses('MaintenancePlanEnded');
    given(defined, ended)
      .when({ type: 'AddMaintenanceTask', planId: 'ext', task: { ...inspection, taskId: 'more' } })
      .refuses('MaintenancePlanEnded');
  });

  it('folds into a plan of days only, which survives JSON unchanged', () => {
    const { state } = given(
      defined,
      {
        type: 'MaintenanceTaskRetired',
        data: { at: AT, taskId: 'inspection', until: '2026-06-30', reason: 'New schedule' },
      },
      { type: 'MaintenancePlanEnded', data: { at: AT, until: '2026-09-30', reason: 'Replaced' } },
    );
    expect(state).toEqual({
      id: 'ext',
      name: 'Fire extinguishers',
      scope: { item: 'extinguisher-6kg' },
      from: '2026-01-01',
      until: '2026-09-30',
      ended: { until: '2026-09-30', reason: 'Replaced' },
      tasks: {
        inspection: {
          ...inspection,
          service: 'preventive-maintenance',
          until: '2026-06-30',
          retiredBecause: 'New schedule',
        },
      },
    });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});
