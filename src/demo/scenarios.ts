import type { Actor } from '../domain/index.js';
import {
  agents,
  customers,
  depots,
  electronicChannels,
  equipment,
  groupMembers,
  groups,
  humanChannels,
  secondLine,
  staff,
  subcontractors,
  symptoms,
} from './organisation.js';
import { duringOfficeHours } from './office-hours.js';
import type { Random } from './random.js';

/** How a call's life goes in the demo; each exercises a different part of the flow. */
export const scenarios = [
  'refused',
  'first-line-fix',
  'second-line',
  'on-site',
  'depot-repair',
  'subcontract',
  'rejected-then-fixed',
  'on-hold',
  'cancelled',
  'reopened',
  'waiting-for-parts',
] as const;
export type Scenario = (typeof scenarios)[number];

export type Target = 'call' | 'successor' | 'request';

/** One command of a plan: when, on which call, and the command without its id. */
export interface PlannedStep {
  readonly at: Date;
  readonly target: Target;
  readonly command: (reference: string) => Record<string, unknown>;
  /** Skipped when the request was already accepted (by the system, at once). */
  readonly unlessAccepted?: boolean;
}

export interface CallPlan {
  readonly scenario: Scenario;
  readonly steps: readonly PlannedStep[];
}

const MINUTE = 60_000;
/** An on-site visit's planned window: two hours, within office hours. */
const VISIT = 2 * 60 * MINUTE;

/** A step's command, with who does it (drawn lazily: its random choices happen when it runs). */
type StepCommand = ((reference: string) => Record<string, unknown>) & { readonly by?: Actor };

const by = (actor: Actor, command: (reference: string) => Record<string, unknown>): StepCommand =>
  Object.assign(command, { by: actor });

/**
 * Writes a call's whole life as timed commands, from the seed alone. What a step draws when
 * it runs (the intake's channel and reference, an e-mail's body) comes from `later`.
 */
export function planCall(
  random: Random,
  arrival: Date,
  index: number,
  later: Random = random,
): CallPlan {
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
  const [symptom, cause, solution] = random.pick(symptoms[unit.item as keyof typeof symptoms]);
  const agent = random.pick(agents);
  const group =
    groups[
      ['server-r740', 'ups-3000'].includes(unit.item)
        ? 0
        : unit.item === 'copier-mx5'
          ? 2
          : unit.item === 'router-isr'
            ? 3
            : 1
    ];
  const engineer = random.pick(groupMembers[group]);
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

  let clock = arrival.getTime();
  const steps: PlannedStep[] = [];
  const step = (
    afterMinutes: number,
    command: StepCommand,
    target: Target = 'call',
    unlessAccepted = false,
  ) => {
    clock += Math.max(1, Math.round(afterMinutes)) * MINUTE;
    // Staff work office hours; customers write whenever they like.
    if (command.by && command.by.role !== 'customer') clock = duringOfficeHours(clock);
    steps.push({
      at: new Date(clock),
      target,
      command,
      ...(unlessAccepted ? { unlessAccepted } : {}),
    });
  };
  const on = (type: string, actor: Actor, fields: Record<string, unknown> = {}): StepCommand =>
    by(actor, (call: string) => ({ type, actor, call, ...fields }));

  // Intake: by phone to an agent who knows the trade (A1c) or to a call-taker who only
  // records (A1b), or electronically (A1a) as a request on a channel, into its inbox (A6).
  const intake = random.weighted([
    ['phone', 30],
    ['recorded', 15],
    ['email', 20],
    ['web-form', 10],
    ['chat', 25],
  ] as const);
  const priority = random.weighted([
    [1, 5],
    [2, 15],
    [3, 55],
    [4, 20],
    [5, 5],
  ] as const);
  const mode =
    intake === 'phone' ? 'knowledgeable' : intake === 'recorded' ? 'recording' : 'electronic';
  const description = `${symptom} (${unit.item} ${unit.serialNumber})`;
  const reporter = stranger
    ? { name: 'Alex Stranger', email: `alex${index}@unknown.example` }
    : { name: customer.contact.name, email: customer.contact.email, phone: customer.contact.phone };
  const requestId = `req-${index}`;
  if (intake === 'phone' || intake === 'recorded') {
    steps.push({
      at: new Date(clock),
      target: 'request', // the intake itself: it names no call yet
      command: () => ({
        type: 'LogCall',
        actor: intake === 'phone' ? agent : staff.rita,
        intake: { mode, channel: later.pick(humanChannels) },
        reporter,
        subject: {
          kind: 'customer',
          customerId: stranger ? 'unknown-caller' : customer.id,
          siteId: unit.siteId,
          contactId: customer.contact.id,
        },
        item: { installation: unit.siteId, item: unit.item, serialNumber: unit.serialNumber },
        ...(later.chance(0.4) ? { customerReference: `PO-${later.int(1000, 9999)}` } : {}),
        description,
        service,
        chargeable: true, // the agent agrees any uncovered work with the caller on the phone
        priority,
        emergency: priority === 1,
        ...(intake === 'recorded' ? { assignTo: { group: 'dispatch' } } : {}),
      }),
    });
  } else {
    const channel =
      intake === 'chat'
        ? random.pick(electronicChannels.filter((c) => c !== 'email' && c !== 'web-form'))
        : intake;
    steps.push({
      at: new Date(clock),
      target: 'request',
      command: () => ({
        type: 'SubmitRequest',
        actor: intake === 'web-form' ? staff.portal : staff.mail,
        requestId,
        channel,
        sender: reporter,
        summary: symptom,
        body: `${description}. ${later.pick(['Please help quickly.', 'It started this morning.', 'Our users cannot work.', 'Second time this month.'])}`,
        service,
        siteId: unit.siteId,
        item: unit.item,
        serialNumber: unit.serialNumber,
      }),
    });
    // An agent takes what waits in the inbox: requests from chats, and e-mails the system
    // could not accept on its own (uncovered work needs a person to agree it is chargeable).
    step(
      random.int(5, 90),
      by(agent, () => ({
        type: 'AcceptRequest',
        actor: agent,
        requestId,
        chargeable: true,
        priority,
      })),
      'request',
      true,
    );
  }
  if (scenario === 'refused') {
    // A refused request waits in its inbox until an agent declines it; a refused phone call was recorded as such at once.
    if (intake !== 'phone' && intake !== 'recorded')
      step(
        random.int(30, 240),
        by(agent, () => ({
          type: 'DeclineRequest',
          actor: agent,
          requestId,
          reason: stranger
            ? 'Not a customer of ours: answered with our sales contact'
            : 'Refused by the customer validation: informed the customer',
        })),
        'request',
      );
    return { scenario, steps };
  }
  step(
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

  const dispatch = () => {
    if (mode !== 'knowledgeable') {
      step(
        random.int(5, 40),
        on('EvaluateCall', agent, {
          category: unit.item.split('-')[0],
          impact: random.pick(['low', 'medium', 'high']),
          urgency: random.pick(['low', 'medium', 'high']),
        }),
      );
      // Escalated by the customer: one step more urgent than the planned (or default, 3) priority.
      if (priority > 1 && random.chance(0.15))
        step(
          2,
          on('SetPriority', staff.sam, {
            priority: Math.max(1, Math.min(priority, 3) - 1),
            reason: 'Customer escalation',
          }),
        );
    }
    step(random.int(2, 30), on('AssignCall', agent, { group, engineer: engineer.id }));
    step(random.int(5, 90), on('StartWork', engineer));
    step(random.int(5, 30), on('RecordDiagnosis', engineer, { symptom, cause }));
  };
  const bookRemote = (minutes: number) =>
    step(1, on('BookTime', engineer, { labourType: 'remote', minutes }));
  const resolve = () => step(random.int(5, 60), on('ResolveCall', engineer, { solution }));
  // Every call the company takes on is closed in the end, as a real service desk closes its calls (the customer accepts, or says nothing and the agent closes it); most are archived later.
  const close = (acceptance = random.chance(0.7), target: Target = 'call') => {
    if (acceptance)
      step(
        random.int(60, 24 * 60),
        on(
          'AcceptSolution',
          customerActor,
          random.chance(0.3) ? { note: 'Works again, thank you' } : {},
        ),
        target,
      );
    step(random.int(30, 8 * 60), on('CloseCall', agent), target);
    if (random.chance(0.6))
      step(random.int(24 * 60, 5 * 24 * 60), on('ArchiveCall', staff.sam), target);
  };

  switch (scenario) {
    case 'first-line-fix':
      if (mode === 'knowledgeable')
        step(random.int(3, 20), on('RecordDiagnosis', agent, { symptom, cause, solution }));
      else dispatch();
      bookRemote(random.int(10, 45));
      resolve();
      close();
      break;
    case 'second-line':
      dispatch();
      bookRemote(random.int(15, 60));
      step(
        random.int(10, 60),
        on('TransferToSecondLine', engineer, {
          supportCentre: random.pick(secondLine),
          reason: 'Needs an expert',
        }),
      );
      step(random.int(60, 6 * 60), on('RecordDiagnosis', staff.luca, { solution }));
      step(1, on('BookTime', staff.luca, { labourType: 'remote', minutes: random.int(30, 120) }));
      step(random.int(5, 30), on('ResolveCall', staff.luca, { solution }));
      close();
      break;
    case 'on-site': {
      dispatch();
      let visit = duringOfficeHours(clock + random.int(12, 48) * 60 * MINUTE, VISIT);
      const window = (from: number) => ({
        plannedStart: new Date(from).toISOString(),
        plannedEnd: new Date(from + VISIT).toISOString(),
      });
      step(
        random.int(5, 30),
        on('ScheduleOnSiteVisit', agent, {
          engineer: engineer.id,
          siteId: unit.siteId,
          ...window(visit),
        }),
      );
      if (random.chance(0.15)) {
        visit = duringOfficeHours(visit + 24 * 60 * MINUTE, VISIT);
        step(
          60,
          on('RescheduleOnSiteVisit', agent, {
            transferId: 'T1',
            ...window(visit),
            reason: 'Customer asked for the next day',
          }),
        );
      }
      clock = Math.max(clock, visit);
      step(random.int(1, 20), on('StartOnSiteVisit', engineer, { transferId: 'T1' }));
      step(
        random.int(40, 150),
        on('CompleteOnSiteVisit', engineer, { transferId: 'T1', report: solution }),
      );
      step(
        1,
        on('BookTime', engineer, {
          labourType: 'travel',
          minutes: random.int(20, 90),
          transferId: 'T1',
        }),
      );
      step(
        1,
        on('BookTime', engineer, {
          labourType: 'on-site',
          minutes: random.int(45, 180),
          transferId: 'T1',
        }),
      );
      if (random.chance(0.5))
        step(
          1,
          on('BookMaterial', engineer, {
            item: `spare-${unit.item}`,
            quantity: 1,
            transferId: 'T1',
          }),
        );
      resolve();
      close();
      break;
    }
    case 'depot-repair':
      dispatch();
      step(random.int(10, 60), on('AuthoriseRma', engineer, { depot: random.pick(depots) }));
      step(random.int(24 * 60, 3 * 24 * 60), on('ReceiveRmaItem', engineer, { transferId: 'T1' }));
      step(
        random.int(2 * 60, 2 * 24 * 60),
        on('RecordRmaRepair', engineer, { transferId: 'T1', report: solution }),
      );
      step(
        1,
        on('BookTime', engineer, {
          labourType: 'depot',
          minutes: random.int(30, 180),
          transferId: 'T1',
        }),
      );
      step(
        random.int(60, 24 * 60),
        on('ShipRmaItem', engineer, {
          transferId: 'T1',
          trackingNumber: `TRK${random.int(100000, 999999)}`,
        }),
      );
      step(random.int(24 * 60, 2 * 24 * 60), on('ResolveCall', engineer, { solution }));
      close();
      break;
    case 'subcontract': {
      dispatch();
      const agreed = random.int(80, 600) * 100;
      step(
        random.int(30, 120),
        on('OrderSubcontract', agent, {
          subcontractor: random.pick(subcontractors),
          orderReference: `SUB-${random.int(1000, 9999)}`,
          agreedCost: { amount: agreed, currency: 'EUR' },
        }),
      );
      step(
        random.int(24 * 60, 4 * 24 * 60),
        on('CompleteSubcontract', agent, {
          transferId: 'T1',
          actualCost: { amount: agreed + random.int(-20, 40) * 100, currency: 'EUR' },
          report: solution,
        }),
      );
      resolve();
      close();
      break;
    }
    case 'rejected-then-fixed':
      dispatch();
      bookRemote(random.int(10, 30));
      step(random.int(10, 60), on('ResolveCall', engineer, { solution: 'Restarted the device' }));
      step(
        random.int(60, 12 * 60),
        on('RejectSolution', customerActor, { reason: `Still: ${symptom.toLowerCase()}` }),
      );
      step(random.int(10, 60), on('RecordDiagnosis', engineer, { cause, solution }));
      bookRemote(random.int(20, 60));
      resolve();
      close(true);
      break;
    case 'on-hold':
      dispatch();
      step(
        random.int(10, 60),
        on('PutOnHold', engineer, {
          reason: 'Waiting for the customer to send logs',
          kind: 'waiting-for-customer',
        }),
      );
      step(
        random.int(60, 24 * 60),
        on('AddFollowUp', customerActor, {
          text: 'Logs attached to the e-mail, the error happens every morning',
        }),
      );
      step(random.int(10, 60), on('ReleaseHold', engineer));
      bookRemote(random.int(20, 60));
      resolve();
      close();
      break;
    case 'cancelled':
      step(
        random.int(5, 60),
        on('AddFollowUp', customerActor, {
          text: 'Sorry, this is a duplicate of my other request',
        }),
      );
      step(random.int(5, 60), on('CancelCall', agent, { reason: 'Duplicate request' }));
      break;
    case 'reopened':
      dispatch();
      bookRemote(random.int(10, 40));
      resolve();
      close(false);
      step(
        random.int(2 * 24 * 60, 6 * 24 * 60),
        on('ReopenCall', customerActor, {
          reason: `The problem is back: ${symptom.toLowerCase()}`,
        }),
      );
      step(
        random.int(10, 60),
        on('AssignCall', agent, { group, engineer: engineer.id }),
        'successor',
      );
      step(random.int(10, 60), on('StartWork', engineer), 'successor');
      step(
        random.int(10, 60),
        on('RecordDiagnosis', engineer, { symptom, cause, solution }),
        'successor',
      );
      step(
        1,
        on('BookTime', engineer, { labourType: 'remote', minutes: random.int(20, 60) }),
        'successor',
      );
      step(random.int(10, 60), on('ResolveCall', engineer, { solution }), 'successor');
      close(random.chance(0.7), 'successor');
      break;
    case 'waiting-for-parts':
      // The part is ordered and the call waits on hold (the clock stops only where the rules say so) until it arrives, one to three weeks later.
      dispatch();
      step(
        random.int(10, 120),
        on('PutOnHold', engineer, {
          reason: 'Parts ordered, waiting for delivery',
          kind: 'waiting-for-parts',
        }),
      );
      if (random.chance(0.5))
        step(
          random.int(2 * 24 * 60, 5 * 24 * 60),
          on('AddInternalNote', engineer, { text: 'Supplier confirmed the delivery date' }),
        );
      step(random.int(7 * 24 * 60, 21 * 24 * 60), on('ReleaseHold', engineer));
      step(
        random.int(10, 120),
        on('BookMaterial', engineer, { item: `spare-${unit.item}`, quantity: 1 }),
      );
      bookRemote(random.int(20, 60));
      resolve();
      close();
      break;
  }
  return { scenario, steps };
}
