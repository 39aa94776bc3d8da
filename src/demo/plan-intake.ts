import { demoFile } from './files.js';
import { by } from './call-plan.js';
import { electronicChannels, humanChannels, staff } from './organisation.js';
import type { CallParties } from './plan-parties.js';
import type { PlanTimeline } from './plan-timeline.js';
import type { Random } from './random.js';

/** How the call came in: by phone to an agent who knows the trade, to a call-taker, or electronically. */
export type IntakeMode = 'knowledgeable' | 'recording' | 'electronic';

export interface PlannedIntake {
  readonly kind: 'phone' | 'recorded' | 'email' | 'web-form' | 'chat';
  readonly mode: IntakeMode;
  readonly priority: 1 | 2 | 3 | 4 | 5;
  readonly requestId: string;
}

/**
 * Intake: by phone to an agent who knows the trade (A1c) or to a call-taker who only
 * records (A1b), or electronically (A1a) as a request on a channel, into its inbox (A6).
 * What the intake draws when it runs (its channel, reference and body) comes from `later`.
 */
export function planIntake(
  random: Random,
  later: Random,
  timeline: PlanTimeline,
  parties: CallParties,
  index: number,
): PlannedIntake {
  const { unit, customer, stranger, symptom, agent, service } = parties;
  const kind = random.weighted([
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
    kind === 'phone' ? 'knowledgeable' : kind === 'recorded' ? 'recording' : 'electronic';
  const description = `${symptom} (${unit.item} ${unit.serialNumber})`;
  const reporter = stranger
    ? { name: 'Alex Stranger', email: `alex${index}@unknown.example` }
    : { name: customer.contact.name, email: customer.contact.email, phone: customer.contact.phone };
  const requestId = `req-${index}`;
  if (kind === 'phone' || kind === 'recorded') {
    // The intake itself: it names no call yet.
    timeline.now(
      () => ({
        type: 'LogCall',
        actor: kind === 'phone' ? agent : staff.rita,
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
        // Where it goes is routing's (issue 21), whoever took the call.
        emergency: priority === 1,
      }),
      'request',
    );
    return { kind, mode, priority, requestId };
  }
  const channel =
    kind === 'chat'
      ? random.pick(electronicChannels.filter((c) => c !== 'email' && c !== 'web-form'))
      : kind;
  timeline.now(
    () => ({
      type: 'SubmitRequest',
      actor: kind === 'web-form' ? staff.portal : staff.mail,
      requestId,
      channel,
      sender: reporter,
      summary: symptom,
      body: `${description}. ${later.pick(['Please help quickly.', 'It started this morning.', 'Our users cannot work.', 'Second time this month.'])}`,
      service,
      siteId: unit.siteId,
      item: unit.item,
      serialNumber: unit.serialNumber,
      // A web form asks for a photo of the defect.
      ...(kind === 'web-form'
        ? { attachments: [demoFile(`requests/${requestId}`, 'defect.jpg', 'image/jpeg', true)] }
        : {}),
    }),
    'request',
  );
  // An agent takes what waits in the inbox: requests from chats, and e-mails the system
  // could not accept on its own (uncovered work needs a person to agree it is chargeable).
  timeline.after(
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
  return { kind, mode, priority, requestId };
}

/**
 * A refused request waits in its inbox until an agent declines it; a refused phone call was
 * recorded as such at once.
 */
export function planRefusal(
  random: Random,
  timeline: PlanTimeline,
  parties: CallParties,
  intake: PlannedIntake,
): void {
  if (intake.kind === 'phone' || intake.kind === 'recorded') return;
  const { agent, stranger } = parties;
  timeline.after(
    random.int(30, 240),
    by(agent, () => ({
      type: 'DeclineRequest',
      actor: agent,
      requestId: intake.requestId,
      reason: stranger
        ? 'Not a customer of ours: answered with our sales contact'
        : 'Refused by the customer validation: informed the customer',
    })),
    'request',
  );
}
