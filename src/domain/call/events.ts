import { z } from 'zod';
import { day, email, id, instant, money, personName, phone, shortText, text } from '../shared/schema.js';
import { channels, intakeModes, labourTypes, productCategories } from './state.js';

/**
 * Every fact a call can record, as zod schemas. Stored events are forever: a schema here
 * only ever changes by adding a new version and an upcaster (see upcasters.ts).
 */

const callRef = z.object({ callId: z.uuid(), number: z.string() });

export const reporterSchema = z.object({
  name: personName.optional(),
  email: email.optional(),
  phone: phone.optional(),
});

export const subjectSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('customer'), customerId: id, siteId: id.optional(), contactId: id.optional() }),
  z.object({ kind: z.literal('product'), productId: id, category: z.enum(productCategories) }),
]);

export const itemSchema = z.object({
  installation: shortText.optional(),
  item: shortText.optional(),
  serialNumber: shortText.optional(),
});

const transferId = z.string().regex(/^T\d+$/);
const bookingId = z.string().regex(/^B\d+$/);

const booked = {
  at: instant,
  bookingId,
  by: id,
  engineer: id.optional(),
  group: id.optional(),
  workDate: day,
  note: text.optional(),
  transferId: transferId.optional(),
};

export const callEventSchemas = {
  CallLogged: z.object({
    callId: z.uuid(),
    number: z.string(),
    at: instant,
    reportedAt: instant,
    intake: z.object({ mode: z.enum(intakeModes), channel: z.enum(channels) }),
    reporter: reporterSchema,
    subject: subjectSchema,
    item: itemSchema,
    customerReference: shortText.optional(),
    description: text,
    emergency: z.boolean(),
    possibleDuplicates: z.array(z.string()),
    reopenedFrom: callRef.optional(),
    badFix: z.boolean(),
  }),
  FollowUpAdded: z.object({ at: instant, followUpId: z.string().regex(/^F\d+$/), by: id, text }),
  InternalNoteAdded: z.object({ at: instant, noteId: z.string().regex(/^N\d+$/), by: id, text }),
  CallDetailsCorrected: z.object({
    at: instant,
    reason: text,
    description: text.optional(),
    customerReference: shortText.optional(),
    reporter: reporterSchema.optional(),
    item: itemSchema.optional(),
  }),
  CallEvaluated: z.object({
    at: instant,
    by: id,
    category: shortText.optional(),
    impact: z.enum(['low', 'medium', 'high']).optional(),
    urgency: z.enum(['low', 'medium', 'high']).optional(),
    summary: text.optional(),
  }),
  PrioritySet: z.object({
    at: instant,
    priority: z.number().int(),
    responseDueAt: instant,
    resolutionDueAt: instant,
    policy: z.string(),
    emergency: z.boolean(),
    reason: text.optional(),
  }),
  CallAssigned: z.object({
    at: instant,
    supportCentre: id.optional(),
    group: id.optional(),
    engineer: id.optional(),
    reason: text.optional(),
  }),
  WorkStarted: z.object({ at: instant, engineer: id }),
  DiagnosisRecorded: z.object({
    at: instant,
    symptom: text.optional(),
    cause: text.optional(),
    solution: text.optional(),
  }),
  CallPutOnHold: z.object({ at: instant, reason: text }),
  CallReleasedFromHold: z.object({ at: instant }),
  TransferredToSecondLine: z.object({ at: instant, transferId, supportCentre: id, reason: text }),
  SecondLineReturned: z.object({ at: instant, transferId, outcome: text }),
  OnSiteVisitScheduled: z.object({
    at: instant,
    transferId,
    engineer: id,
    siteId: id.optional(),
    plannedStart: instant,
    plannedEnd: instant,
  }),
  OnSiteVisitRescheduled: z.object({ at: instant, transferId, plannedStart: instant, plannedEnd: instant, reason: text }),
  OnSiteVisitStarted: z.object({ at: instant, transferId }),
  OnSiteVisitCompleted: z.object({ at: instant, transferId, report: text }),
  RmaAuthorised: z.object({
    at: instant,
    transferId,
    rmaNumber: shortText,
    depot: id,
    item: shortText.optional(),
    serialNumber: shortText.optional(),
  }),
  RmaItemReceived: z.object({ at: instant, transferId }),
  RmaItemRepaired: z.object({ at: instant, transferId, report: text }),
  RmaItemShipped: z.object({ at: instant, transferId, trackingNumber: shortText.optional() }),
  SubcontractOrdered: z.object({
    at: instant,
    transferId,
    subcontractor: id,
    orderReference: shortText,
    agreedCost: money,
  }),
  SubcontractCompleted: z.object({ at: instant, transferId, actualCost: money, report: text.optional() }),
  TransferCancelled: z.object({ at: instant, transferId, reason: text }),
  TimeBooked: z.object({ ...booked, labourType: z.enum(labourTypes), minutes: z.number().int().positive() }),
  MaterialBooked: z.object({
    ...booked,
    item: shortText,
    serialNumber: shortText.optional(),
    quantity: z.number().positive(),
  }),
  CostBooked: z.object({
    ...booked,
    category: z.enum(['expense', 'subcontract', 'freight', 'other']),
    description: text,
    amount: money,
  }),
  BookingCancelled: z.object({ at: instant, bookingId, by: id, reason: text }),
  CallResolved: z.object({ at: instant, by: id, solution: text }),
  SolutionAccepted: z.object({ at: instant, by: id, note: text.optional() }),
  SolutionRejected: z.object({ at: instant, by: id, reason: text }),
  CallClosed: z.object({ at: instant, by: id }),
  CallCancelled: z.object({ at: instant, by: id, reason: text }),
  CallArchived: z.object({ at: instant }),
  CallReopened: z.object({ at: instant, by: id, successor: callRef, reason: text }),
} as const;

export type CallEventType = keyof typeof callEventSchemas;
export type CallEventData<T extends CallEventType> = z.output<(typeof callEventSchemas)[T]>;
export type CallEvent = { [T in CallEventType]: { readonly type: T; readonly data: CallEventData<T> } }[CallEventType];
export type CallEventOf<T extends CallEventType> = Extract<CallEvent, { type: T }>;

export const callEventTypes = Object.keys(callEventSchemas) as CallEventType[];
