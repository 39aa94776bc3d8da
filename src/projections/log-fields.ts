import type { CallEventData, CallEventType } from '../domain/index.js';

/**
 * Where the transaction log shows each field of each call event. The log is the difference
 * between the call's states before and after an event, so a field shows as the path the
 * state keeps it at (`{name}` stands for a value of the event: `transfers.{transferId}.status`;
 * `{list.*.key}` for each element's). What the state does not keep is the entry's own when,
 * who or why, names an entry in the other fields' paths, or is excluded with the reason.
 * The mapped type makes a field added to an event's schema a compile error here until
 * someone decides (test/projections/log-fields.test.ts holds the paths to the state).
 */
export type FieldShown =
  | string
  | { readonly column: 'at' | 'actor' | 'reason' }
  | { readonly key: true }
  | { readonly excluded: string };

type Shown<T extends CallEventType> = { readonly [F in keyof CallEventData<T>]-?: FieldShown };

/** The entry's instant, its actor (`by` is always the actor's id), its reason. */
const when = { column: 'at' } as const;
const who = { column: 'actor' } as const;
const why = { column: 'reason' } as const;
/** An id that names the entry the other fields' paths lead to (`transfers.T1.…`). */
const key = { key: true } as const;

const attached = 'attachments.{attachments.*.attachmentId}';

const transfer = (field: string) => `transfers.{transferId}.${field}`;

const booking = (field: string) => `bookings.{bookingId}.${field}`;

const booked = {
  at: booking('bookedAt'),
  bookingId: key,
  by: booking('bookedBy'),
  engineer: booking('engineer'),
  group: booking('group'),
  workDate: booking('workDate'),
  note: booking('note'),
  transferId: booking('transferId'),
  chargeable: booking('chargeable'),
};

export const loggedFields: { readonly [T in CallEventType]: Shown<T> } = {
  CallLogged: {
    callId: 'id',
    number: 'number',
    at: 'loggedAt',
    reportedAt: 'reportedAt',
    intake: 'intake',
    reporter: 'reporter',
    subject: 'subject',
    item: 'item',
    customerReference: 'customerReference',
    description: 'description',
    emergency: 'emergency',
    possibleDuplicates: 'possibleDuplicates',
    reopenedFrom: 'reopenedFrom',
    badFix: 'badFix',
    namedSiteId: 'namedSiteId',
    namedItem: 'namedItem',
    attachments: attached,
  },
  FollowUpAdded: {
    at: 'followUps.{followUpId}.at',
    followUpId: key,
    by: 'followUps.{followUpId}.by',
    text: 'followUps.{followUpId}.text',
    requestId: 'followUps.{followUpId}.requestId',
    attachments: attached,
  },
  InternalNoteAdded: {
    at: 'notes.{noteId}.at',
    noteId: key,
    by: 'notes.{noteId}.by',
    text: 'notes.{noteId}.text',
  },
  CallDetailsCorrected: {
    at: when,
    reason: why,
    description: 'description',
    customerReference: 'customerReference',
    reporter: 'reporter',
    item: 'item',
    coverage: 'coverage',
    chargeableBookings: 'bookings.{chargeableBookings.*.bookingId}',
  },
  CallEvaluated: {
    at: 'evaluation.at',
    by: 'evaluation.by',
    category: 'evaluation.category',
    impact: 'evaluation.impact',
    urgency: 'evaluation.urgency',
    summary: 'evaluation.summary',
  },
  PrioritySet: {
    at: when,
    priority: 'serviceLevel.priority',
    actualPriority: 'serviceLevel.actualPriority',
    factors: 'serviceLevel.factors',
    ruleSetId: 'serviceLevel.ruleSetId',
    version: 'serviceLevel.version',
    source: 'serviceLevel.source',
    calendar: 'serviceLevel.calendar',
    responseAllowedMs: 'serviceLevel.responseAllowedMs',
    resolutionAllowedMs: 'serviceLevel.resolutionAllowedMs',
    responseDueAt: 'serviceLevel.responseDueAt',
    resolutionDueAt: 'serviceLevel.resolutionDueAt',
    emergency: 'emergency',
    reason: why,
  },
  ServiceLevelTargetsMoved: {
    at: when,
    reason: why,
    responseDueAt: 'serviceLevel.responseDueAt',
    resolutionDueAt: 'serviceLevel.resolutionDueAt',
  },
  ServiceLevelEscalated: {
    at: 'serviceLevel.escalations.{target}-{level}.at',
    target: key,
    level: key,
    share: 'serviceLevel.escalations.{target}-{level}.share',
  },
  CallAssigned: {
    at: when,
    supportCentre: 'dispatch.supportCentre',
    group: 'dispatch.group',
    engineer: 'dispatch.engineer',
    owner: 'dispatch.owner',
    reason: why,
  },
  CallRouted: {
    at: 'routing.at',
    occasion: 'routing.occasion',
    ruleVersion: 'routing.ruleVersion',
    rule: 'routing.rule',
    explicit: 'routing.explicit',
    destination: 'routing.destination',
    facts: 'routing.facts',
  },
  CallClassified: { at: when, purpose: 'purpose', product: 'product' },
  CallAcknowledged: {
    at: 'acknowledgements.{notificationId}.at',
    notificationId: key,
    channel: 'acknowledgements.{notificationId}.channel',
    to: 'acknowledgements.{notificationId}.to',
    customerId: 'acknowledgements.{notificationId}.customerId',
    contactId: 'acknowledgements.{notificationId}.contactId',
  },
  CoverageDetermined: { at: when, coverage: 'coverage' },
  ContractChanged: {
    at: when,
    contractId: 'contractId',
    previous: { excluded: 'the contractId entry shows it as its old value' },
    reason: why,
    chargeableBookings: 'bookings.{chargeableBookings.*.bookingId}',
    coverage: 'coverage',
  },
  // The first response also sets respondedAt; later ones are the entry's instant alone.
  WorkStarted: { at: when, engineer: 'dispatch.engineer' },
  DiagnosisRecorded: {
    at: when,
    symptom: 'diagnosis.symptom',
    cause: 'diagnosis.cause',
    solution: 'diagnosis.solution',
    attachments: attached,
    codes: 'diagnosis.codes',
  },
  CallPutOnHold: {
    at: 'holds.{holdId}.from',
    reason: 'holds.{holdId}.reason',
    kind: 'holds.{holdId}.kind',
    holdId: key,
    pausesClock: 'holds.{holdId}.pausesClock',
  },
  CallReleasedFromHold: { at: 'holds.{holdId}.to', holdId: key },
  TransferredToSecondLine: {
    at: transfer('openedAt'),
    transferId: key,
    supportCentre: transfer('supportCentre'),
    reason: transfer('reason'),
  },
  SecondLineReturned: { at: transfer('closedAt'), transferId: key, outcome: transfer('outcome') },
  OnSiteVisitScheduled: {
    at: transfer('openedAt'),
    transferId: key,
    engineer: transfer('engineer'),
    siteId: transfer('siteId'),
    plannedStart: transfer('plannedStart'),
    plannedEnd: transfer('plannedEnd'),
    override: transfer('override'),
  },
  OnSiteVisitRescheduled: {
    at: when,
    transferId: key,
    plannedStart: transfer('plannedStart'),
    plannedEnd: transfer('plannedEnd'),
    reason: why,
    override: transfer('override'),
  },
  OnSiteVisitStarted: { at: transfer('actualStart'), transferId: key },
  OnSiteVisitCompleted: {
    at: transfer('actualEnd'),
    transferId: key,
    report: transfer('report'),
    attachments: attached,
  },
  RmaAuthorised: {
    at: transfer('openedAt'),
    transferId: key,
    rmaNumber: transfer('rmaNumber'),
    depot: transfer('depot'),
    item: transfer('item'),
    serialNumber: transfer('serialNumber'),
  },
  RmaItemReceived: { at: transfer('receivedAt'), transferId: key },
  RmaItemRepaired: {
    at: transfer('repairedAt'),
    transferId: key,
    report: transfer('repairReport'),
  },
  RmaItemShipped: {
    at: transfer('shippedAt'),
    transferId: key,
    trackingNumber: transfer('trackingNumber'),
  },
  SubcontractOrdered: {
    at: transfer('openedAt'),
    transferId: key,
    subcontractor: transfer('subcontractor'),
    orderReference: transfer('orderReference'),
    agreedCost: transfer('agreedCost'),
  },
  SubcontractCompleted: {
    at: transfer('closedAt'),
    transferId: key,
    actualCost: transfer('actualCost'),
    report: transfer('report'),
  },
  TransferCancelled: { at: transfer('closedAt'), transferId: key, reason: why },
  TimeBooked: { ...booked, labourType: booking('labourType'), minutes: booking('minutes') },
  MaterialBooked: {
    ...booked,
    item: booking('item'),
    serialNumber: booking('serialNumber'),
    quantity: booking('quantity'),
  },
  CostBooked: {
    ...booked,
    category: booking('category'),
    description: booking('description'),
    amount: booking('amount'),
  },
  BookingCancelled: {
    at: 'bookings.{bookingId}.cancelled.at',
    bookingId: key,
    by: 'bookings.{bookingId}.cancelled.by',
    reason: 'bookings.{bookingId}.cancelled.reason',
  },
  CallResolved: { at: 'resolution.at', by: 'resolution.by', solution: 'resolution.solution' },
  SolutionAccepted: { at: 'acceptance.at', by: 'acceptance.by', note: 'acceptance.note' },
  // The rejected solution is dropped from the state; the rejection counts (`rejections`).
  SolutionRejected: { at: when, by: who, reason: why },
  CallClosed: { at: 'closure.at', by: 'closure.by' },
  CallCancelled: { at: 'closure.at', by: 'closure.by', reason: 'closure.reason' },
  CallArchived: { at: 'archivedAt' },
  CallReopened: {
    at: when,
    by: who,
    successor: 'reopenedAs.{successor.callId}',
    reason: why,
  },
  AttachmentAdded: {
    at: 'attachments.{attachment.attachmentId}.at',
    by: 'attachments.{attachment.attachmentId}.by',
    attachment: 'attachments.{attachment.attachmentId}',
  },
  AttachmentVisibilityChanged: {
    at: when,
    by: who,
    attachmentId: key,
    customerVisible: 'attachments.{attachmentId}.customerVisible',
    reason: why,
  },
  AttachmentWithdrawn: {
    at: 'attachments.{attachmentId}.withdrawn.at',
    by: 'attachments.{attachmentId}.withdrawn.by',
    attachmentId: key,
    reason: 'attachments.{attachmentId}.withdrawn.reason',
  },
};

/**
 * The state paths a field shows at, its placeholders filled from the event's data: none
 * when a value they name is absent, one per element for a list (`{attachments.*.id}`).
 */
export function pathsOf(template: string, data: unknown): string[] {
  let paths = [''];
  for (const part of template.split(/(\{[^}]+\})/)) {
    const name = /^\{(.+)\}$/.exec(part)?.[1];
    const values = name === undefined ? [part] : valuesAt(data, name.split('.'));
    paths = paths.flatMap((path) => values.map((value) => path + value));
  }
  return paths;
}

function valuesAt(value: unknown, parts: readonly string[]): string[] {
  if (parts.length === 0)
    return typeof value === 'string' || typeof value === 'number' ? [String(value)] : [];
  const [first, ...rest] = parts;
  if (first === '*') return Array.isArray(value) ? value.flatMap((v) => valuesAt(v, rest)) : [];
  if (value === null || typeof value !== 'object') return [];
  return valuesAt((value as Record<string, unknown>)[first!], rest);
}
