import type { CallSoFar, Target } from './call-plan.js';
import { staff } from './organisation.js';
import type { PlannedIntake } from './plan-intake.js';
import type { CallParties } from './plan-parties.js';
import { on, type PlanTimeline } from './plan-timeline.js';
import type { Random } from './random.js';
import type { VisitBoard } from './visit-board.js';

/** What a scenario's step builders write with: the seed, the clock, the parties, the intake. */
export interface CallPlanning {
  readonly random: Random;
  readonly timeline: PlanTimeline;
  readonly parties: CallParties;
  readonly intake: PlannedIntake;
  /** The engineers' agendas as planned so far, shared by every call of the run. */
  readonly board: VisitBoard;
}

/** The call is classified as soon as it is taken on. */
export function classify({ random, timeline, parties }: CallPlanning): void {
  const { unit, agent, scenario } = parties;
  timeline.after(
    random.int(1, 20),
    on('ClassifyCall', agent, {
      purpose: unit.warrantyUntil
        ? 'warranty-repair'
        : scenario === 'on-site'
          ? 'on-site-maintenance'
          : random.pick(['product-defect', 'user-question', 'user-error']),
      product: unit.item,
    }),
  );
}

/**
 * Dispatch: a call that was not taken by an agent who knows the trade is evaluated (and now and
 * then escalated by the customer) first; then started and diagnosed by the engineer routing
 * assigned it to when it came in (issue 21). The dispatcher assigns by hand only where a real
 * one would: an urgent call the dispatch desk took goes to a member of the item's group who
 * serves the site's region.
 */
export function dispatch({ random, timeline, parties, intake }: CallPlanning): void {
  const { unit, agent, group, engineer, drawnEngineer, symptom, cause, knowledge } = parties;
  const { mode, priority } = intake;
  if (mode !== 'knowledgeable') {
    timeline.after(
      random.int(5, 40),
      on('EvaluateCall', agent, {
        category: unit.item.split('-')[0],
        impact: random.pick(['low', 'medium', 'high']),
        urgency: random.pick(['low', 'medium', 'high']),
      }),
    );
    // Escalated by the customer: one step more urgent than the planned (or default, 3) priority.
    if (priority > 1 && random.chance(0.15))
      timeline.after(
        2,
        on('SetPriority', staff.sam, {
          priority: Math.max(1, Math.min(priority, 3) - 1),
          reason: 'Customer escalation',
        }),
      );
  }
  const assignAfter = random.int(2, 30);
  // An urgent call routing gave an engineer (it became urgent only once accepted) stays theirs.
  if (priority === 1)
    timeline.after(
      assignAfter,
      Object.assign(on('AssignCall', agent, { group, engineer: drawnEngineer.id }), {
        unless: (call: CallSoFar) => call.engineer !== undefined,
      }),
    );
  timeline.after(random.int(5, 90), on('StartWork', engineer));
  const { problem, cause: causeCode } = knowledge.codes;
  timeline.after(
    random.int(5, 30),
    on('RecordDiagnosis', engineer, { symptom, cause, codes: { problem, cause: causeCode } }),
  );
}

export function bookRemote({ timeline, parties }: CallPlanning, minutes: number): void {
  timeline.after(1, on('BookTime', parties.engineer, { labourType: 'remote', minutes }));
}

/** The solution, coded on the diagnosis (unless the diagnosis already has it), then the resolution. */
export function resolve({ random, timeline, parties }: CallPlanning, { coded = false } = {}): void {
  const { engineer, solution, knowledge } = parties;
  if (!coded)
    timeline.after(
      random.int(5, 60),
      on('RecordDiagnosis', engineer, { solution, codes: { solution: knowledge.codes.solution } }),
    );
  timeline.after(random.int(5, 60), on('ResolveCall', engineer, { solution }));
}

/**
 * Every call the company takes on is closed in the end, as a real service desk closes its calls
 * (the customer accepts, or says nothing and the agent closes it); most are archived later.
 */
export function close(
  planning: CallPlanning,
  acceptance = planning.random.chance(0.7),
  target: Target = 'call',
): void {
  const { random, timeline, parties } = planning;
  if (acceptance)
    timeline.after(
      random.int(60, 24 * 60),
      on(
        'AcceptSolution',
        parties.customerActor,
        random.chance(0.3) ? { note: 'Works again, thank you' } : {},
      ),
      target,
    );
  timeline.after(random.int(30, 8 * 60), on('CloseCall', parties.agent), target);
  if (random.chance(0.6))
    timeline.after(random.int(24 * 60, 5 * 24 * 60), on('ArchiveCall', staff.sam), target);
}
