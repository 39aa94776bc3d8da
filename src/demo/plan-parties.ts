import type { Actor } from '../domain/index.js';
import { assignedEngineer, type Scenario, type Worker } from './call-plan.js';
import {
  agents,
  customers,
  equipment,
  groupMembers,
  groupOfItemGroup,
  type groups,
  itemGroupOf,
  type DemoCustomer,
  type DemoEquipment,
} from './organisation.js';
import type { Random } from './random.js';
import { drawProblem, type DrawnProblem } from './knowledge.js';
import { demoEngineers, regionOfSite } from './engineers.js';

/** Who and what a planned call is about: drawn first, before any step, from the seed. */
export interface CallParties {
  readonly unit: DemoEquipment;
  readonly customer: DemoCustomer;
  readonly customerActor: Actor;
  /** Someone who is no customer of ours writes in. */
  readonly stranger: boolean;
  readonly scenario: Scenario;
  readonly symptom: string;
  readonly cause: string;
  readonly solution: string;
  /** The knowledge codes of the problem, its cause and its real solution, and a wrong fix. */
  readonly knowledge: DrawnProblem;
  readonly agent: Actor;
  readonly group: (typeof groups)[number];
  /** Who works the call: the engineer routing assigned it to, known when a step runs. */
  readonly engineer: Worker;
  /** A member of the group, drawn: who takes the call when the dispatcher assigns it by hand. */
  readonly drawnEngineer: Actor;
  readonly service: 'on-site-repair' | 'depot-repair' | 'remote-support';
}

/** The group that looks after an item: its item group's (servers and UPS, copiers, routers, or the rest). */
const groupFor = (item: string): (typeof groups)[number] => groupOfItemGroup[itemGroupOf(item)];

export function drawParties(random: Random, arrival: Date): CallParties {
  const unit = random.pick(equipment);
  const customer = customers.find((c) => c.id === unit.customerId)!;
  // Who will be refused is known from the master data: Lemaire's contract ended in October,
  // Studio Verdi is blocked from 9 November; and now and then a stranger writes in.
  const stranger = random.chance(0.02);
  const refused =
    stranger ||
    customer.id === 'lemaire' ||
    (customer.id === 'verdi' && arrival.getTime() >= Date.parse('2026-11-09T00:00:00Z'));
  const scenario: Scenario = refused
    ? 'refused'
    : random.weighted<Scenario>([
        ['first-line-fix', 30],
        ['second-line', 10],
        ['on-site', 14],
        ['depot-repair', 10],
        ['subcontract', 5],
        ['rejected-then-fixed', 7],
        ['on-hold', 7],
        ['cancelled', 4],
        ['reopened', 5],
        ['waiting-for-parts', 8],
      ]);
  const knowledge = drawProblem(random, unit.item);
  const { symptom, cause, solution } = knowledge;
  const agent = random.pick(agents);
  const group = groupFor(unit.item);
  // One draw, as ever: among the group's members who serve the unit's region.
  const region = regionOfSite(unit.siteId);
  const serving = groupMembers[group].filter((m) =>
    demoEngineers.some((e) => e.id === m.id && region !== undefined && e.regions.includes(region)),
  );
  const drawnEngineer = random.pick(serving.length > 0 ? serving : groupMembers[group]);
  const customerActor: Actor = {
    id: customer.contact.id,
    role: 'customer',
    name: customer.contact.name,
    customerId: customer.id,
  };
  const service =
    scenario === 'on-site'
      ? 'on-site-repair'
      : scenario === 'depot-repair'
        ? 'depot-repair'
        : 'remote-support';
  return {
    unit,
    customer,
    customerActor,
    stranger,
    scenario,
    symptom,
    cause,
    solution,
    knowledge,
    agent,
    group,
    engineer: assignedEngineer(drawnEngineer),
    drawnEngineer,
    service,
  };
}
