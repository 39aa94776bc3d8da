import { by, type CallSoFar } from './call-plan.js';
import { secondLine } from './organisation.js';
import { bookRemote, close, dispatch, resolve, type CallPlanning } from './plan-handling.js';
import { on } from './plan-timeline.js';
import { solutionWords } from './knowledge.js';

/** Fixed remotely by the first line: at once by an agent who knows the trade, else after dispatch. */
export function planFirstLineFix(planning: CallPlanning): void {
  const { random, timeline, parties, intake } = planning;
  const { agent, symptom, cause, solution, knowledge } = parties;
  const knowledgeable = intake.mode === 'knowledgeable';
  if (knowledgeable)
    timeline.after(
      random.int(3, 20),
      on('RecordDiagnosis', agent, { symptom, cause, solution, codes: knowledge.codes }),
    );
  else dispatch(planning);
  bookRemote(planning, random.int(10, 45));
  resolve(planning, { coded: knowledgeable });
  close(planning);
}

/**
 * The first line hands the call to an expert support centre, whose answer comes back with the
 * call; routing sends the returned call to a first-line engineer (issue 21), who applies it.
 */
export function planSecondLine(planning: CallPlanning): void {
  const { random, timeline, parties } = planning;
  const { agent, engineer, solution, knowledge } = parties;
  dispatch(planning);
  bookRemote(planning, random.int(15, 60));
  timeline.after(
    random.int(10, 60),
    on('TransferToSecondLine', engineer, {
      supportCentre: random.pick(secondLine),
      reason: 'Needs an expert',
    }),
  );
  timeline.after(
    random.int(60, 6 * 60),
    on('ReturnFromSecondLine', agent, { transferId: 'T1', outcome: solution }),
  );
  timeline.after(
    30,
    on('RecordDiagnosis', engineer, { solution, codes: { solution: knowledge.codes.solution } }),
  );
  timeline.after(
    1,
    on('BookTime', engineer, { labourType: 'remote', minutes: random.int(30, 120) }),
  );
  timeline.after(random.int(5, 30), on('ResolveCall', engineer, { solution }));
  close(planning);
}

/** A first solution the customer rejects, then the real fix, which the customer accepts. */
export function planRejectedThenFixed(planning: CallPlanning): void {
  const { random, timeline, parties } = planning;
  const { engineer, customerActor, symptom, cause, solution, knowledge } = parties;
  dispatch(planning);
  bookRemote(planning, random.int(10, 30));
  tryWrongFix(planning);
  timeline.after(
    random.int(60, 12 * 60),
    on('RejectSolution', customerActor, { reason: `Still: ${symptom.toLowerCase()}` }),
  );
  timeline.after(
    random.int(10, 60),
    on('RecordDiagnosis', engineer, { cause, solution, codes: knowledge.codes }),
  );
  bookRemote(planning, random.int(20, 60));
  resolve(planning, { coded: true });
  close(planning, true);
}

/** A plausible fix that is not the right one, coded and resolved: it will not hold. */
function tryWrongFix({ random, timeline, parties }: CallPlanning): void {
  const { engineer, knowledge } = parties;
  const wrong = knowledge.wrongSolution;
  timeline.after(
    random.int(10, 60),
    on('RecordDiagnosis', engineer, { codes: { solution: wrong } }),
  );
  timeline.after(
    random.int(5, 30),
    on('ResolveCall', engineer, { solution: solutionWords(wrong) }),
  );
}

/** On hold until the customer sends what the engineer asked for. */
export function planOnHold(planning: CallPlanning): void {
  const { random, timeline, parties } = planning;
  const { engineer, customerActor } = parties;
  dispatch(planning);
  timeline.after(
    random.int(10, 60),
    on('PutOnHold', engineer, {
      reason: 'Waiting for the customer to send logs',
      kind: 'waiting-for-customer',
    }),
  );
  timeline.after(
    random.int(60, 24 * 60),
    on('AddFollowUp', customerActor, {
      text: 'Logs attached to the e-mail, the error happens every morning',
    }),
  );
  timeline.after(random.int(10, 60), on('ReleaseHold', engineer));
  bookRemote(planning, random.int(20, 60));
  resolve(planning);
  close(planning);
}

/** The customer says it was a duplicate; the agent cancels the call. */
export function planCancelled({ random, timeline, parties }: CallPlanning): void {
  timeline.after(
    random.int(5, 60),
    on('AddFollowUp', parties.customerActor, {
      text: 'Sorry, this is a duplicate of my other request',
    }),
  );
  timeline.after(
    random.int(5, 60),
    on('CancelCall', parties.agent, { reason: 'Duplicate request' }),
  );
}

/** Closed without the customer's word, reopened days later; the successor is solved again. */
export function planReopened(planning: CallPlanning): void {
  const { random, timeline, parties } = planning;
  const { agent, group, engineer, customerActor, symptom, cause, solution, knowledge } = parties;
  dispatch(planning);
  bookRemote(planning, random.int(10, 40));
  tryWrongFix(planning);
  close(planning, false);
  timeline.after(
    random.int(2 * 24 * 60, 6 * 24 * 60),
    on('ReopenCall', customerActor, {
      reason: `The problem is back: ${symptom.toLowerCase()}`,
    }),
  );
  // Routing sent the successor somewhere (issue 21); the dispatcher gives it back to whoever
  // worked the call, as customers expect of a problem that came back.
  const workedIt = (call: CallSoFar) => call.callEngineer ?? parties.drawnEngineer.id;
  timeline.after(
    random.int(10, 60),
    Object.assign(
      by(agent, (reference, call = {}) => ({
        type: 'AssignCall',
        actor: agent,
        call: reference,
        group,
        engineer: workedIt(call),
      })),
      { unless: (call: CallSoFar) => call.engineer === workedIt(call) },
    ),
    'successor',
  );
  timeline.after(random.int(10, 60), on('StartWork', engineer), 'successor');
  timeline.after(
    random.int(10, 60),
    on('RecordDiagnosis', engineer, { symptom, cause, solution, codes: knowledge.codes }),
    'successor',
  );
  timeline.after(
    1,
    on('BookTime', engineer, { labourType: 'remote', minutes: random.int(20, 60) }),
    'successor',
  );
  timeline.after(random.int(10, 60), on('ResolveCall', engineer, { solution }), 'successor');
  close(planning, random.chance(0.7), 'successor');
}

/**
 * The part is ordered and the call waits on hold (the clock stops only where the rules say so)
 * until it arrives, one to three weeks later.
 */
export function planWaitingForParts(planning: CallPlanning): void {
  const { random, timeline, parties } = planning;
  const { engineer, unit } = parties;
  dispatch(planning);
  timeline.after(
    random.int(10, 120),
    on('PutOnHold', engineer, {
      reason: 'Parts ordered, waiting for delivery',
      kind: 'waiting-for-parts',
    }),
  );
  if (random.chance(0.5))
    timeline.after(
      random.int(2 * 24 * 60, 5 * 24 * 60),
      on('AddInternalNote', engineer, { text: 'Supplier confirmed the delivery date' }),
    );
  timeline.after(random.int(7 * 24 * 60, 21 * 24 * 60), on('ReleaseHold', engineer));
  timeline.after(
    random.int(10, 120),
    on('BookMaterial', engineer, { item: `spare-${unit.item}`, quantity: 1 }),
  );
  bookRemote(planning, random.int(20, 60));
  resolve(planning);
  close(planning);
}
