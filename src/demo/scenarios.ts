import type { CallPlan, Scenario } from './call-plan.js';
import {
  planCancelled,
  planFirstLineFix,
  planOnHold,
  planRejectedThenFixed,
  planReopened,
  planSecondLine,
  planWaitingForParts,
} from './desk-scenarios.js';
import { planDepotRepair, planOnSite, planSubcontract } from './field-scenarios.js';
import { classify, type CallPlanning } from './plan-handling.js';
import { planIntake, planRefusal } from './plan-intake.js';
import { drawParties } from './plan-parties.js';
import { PlanTimeline } from './plan-timeline.js';
import type { Random } from './random.js';
import { VisitBoard } from './visit-board.js';

export {
  scenarios,
  type CallPlan,
  type PlannedStep,
  type Scenario,
  type Target,
} from './call-plan.js';

/** The steps after classification, for each scenario of a call the company takes on. */
const scenarioSteps: Readonly<
  Record<Exclude<Scenario, 'refused'>, (planning: CallPlanning) => void>
> = {
  'first-line-fix': planFirstLineFix,
  'second-line': planSecondLine,
  'on-site': planOnSite,
  'depot-repair': planDepotRepair,
  subcontract: planSubcontract,
  'rejected-then-fixed': planRejectedThenFixed,
  'on-hold': planOnHold,
  cancelled: planCancelled,
  reopened: planReopened,
  'waiting-for-parts': planWaitingForParts,
};

/**
 * Writes a call's whole life as timed commands, from the seed alone. What a step draws when
 * it runs (the intake's channel and reference, an e-mail's body) comes from `later`. On-site
 * visits go into free slots of `board`, the run's agendas (pass one board for every call).
 */
export function planCall(
  random: Random,
  arrival: Date,
  index: number,
  later: Random = random,
  board: VisitBoard = new VisitBoard(arrival.getUTCFullYear()),
): CallPlan {
  const parties = drawParties(random, arrival);
  const { scenario } = parties;
  const timeline = new PlanTimeline(arrival);
  const intake = planIntake(random, later, timeline, parties, index);
  if (scenario === 'refused') {
    planRefusal(random, timeline, parties, intake);
    return { scenario, steps: timeline.steps };
  }
  const planning: CallPlanning = { random, timeline, parties, intake, board };
  classify(planning);
  scenarioSteps[scenario](planning);
  return { scenario, steps: timeline.steps };
}
