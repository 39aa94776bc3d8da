import { z } from 'zod';
import {
  day,
  email,
  id,
  money,
  personal,
  personalText,
  personName,
  phone,
  shortText,
  storedInstant,
  text,
  type EventsOf,
} from '../shared/schema.js';
import { escalationLevels, holdKinds, targetKinds, targetSources } from '../service-level/rules.js';
import { coverageSchema } from '../intake/coverage.js';
import { intakeModes, labourTypes } from './state.js';
import { channels, productCategories } from '../shared/channels.js';
import { attachmentId, attachmentList, attachmentSchema } from '../shared/attachments.js';
import { diagnosisCodesSchema } from '../knowledge/schemas.js';
import { routingOccasions } from '../routing/rule-set.js';
import { transferEventSchemas, transferId } from './transfer-events.js';

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
  z.object({
    kind: z.literal('customer'),
    customerId: id,
    siteId: id.optional(),
    contactId: id.optional(),
  }),
  z.object({ kind: z.literal('product'), productId: id, category: z.enum(productCategories) }),
]);

export const itemSchema = z.object({
  installation: shortText.optional(),
  item: shortText.optional(),
  serialNumber: shortText.optional(),
});

const destination = { supportCentre: id.optional(), group: id.optional(), engineer: id.optional() };
const bookingId = z.string().regex(/^B\d+$/);

const booked = {
  at: storedInstant,
  bookingId,
  by: id,
  engineer: id.optional(),
  group: id.optional(),
  workDate: day,
  note: text.optional(),
  transferId: transferId.optional(),
  /** Confirmed as the customer's to pay when booked (B4). */
  chargeable: z.literal(true).optional(),
};

export const callEventSchemas = {
  CallLogged: z.object({
    callId: z.uuid(),
    number: z.string(),
    at: storedInstant,
    reportedAt: storedInstant,
    intake: z.object({ mode: z.enum(intakeModes), channel: z.enum(channels) }),
    reporter: reporterSchema,
    subject: subjectSchema,
    item: itemSchema,
    customerReference: shortText.optional(),
    /** The requester's own words: their personal data. */
    description: personalText,
    emergency: z.boolean(),
    possibleDuplicates: z.array(z.string()),
    reopenedFrom: callRef.optional(),
    badFix: z.boolean(),
    /** The site the caller named, when the installed base places the item at another one on the call's day: the call is at the installed base's (`subject.siteId`). */
    namedSiteId: id.optional(),
    /** Likewise the item the caller named, when the installed base knows the serial number as another item: the call's `item.item` is the installed base's. Added later: absent on older events. */
    namedItem: shortText.optional(),
    /** Added later (issue 20), like every `attachments` below: absent on older events. */
    attachments: attachmentList,
  }),
  FollowUpAdded: z.object({
    at: storedInstant,
    followUpId: z.string().regex(/^F\d+$/),
    by: id,
    text: personalText,
    /** The request the text arrived as (a conversation, A2): its sender, not `by`, wrote it. */
    requestId: id.optional(),
    attachments: attachmentList,
  }),
  InternalNoteAdded: z.object({
    at: storedInstant,
    noteId: z.string().regex(/^N\d+$/),
    by: id,
    text: personalText,
  }),
  CallDetailsCorrected: z.object({
    at: storedInstant,
    reason: text,
    description: personalText.optional(),
    customerReference: shortText.optional(),
    reporter: reporterSchema.optional(),
    item: itemSchema.optional(),
    /** v2: the call's coverage judged again for the corrected item (absent: unchanged, or in v1 never judged). */
    coverage: coverageSchema.optional(),
    /** B4: the bookings nothing covers for the corrected item, confirmed as the customer's to pay. */
    chargeableBookings: z.array(z.object({ bookingId, chargeable: z.literal(true) })).optional(),
  }),
  CallEvaluated: z.object({
    at: storedInstant,
    by: id,
    category: shortText.optional(),
    impact: z.enum(['low', 'medium', 'high']).optional(),
    urgency: z.enum(['low', 'medium', 'high']).optional(),
    summary: text.optional(),
  }),
  /** v2: the rule-set version, its source, factors and allowed working time (v1: wall-clock targets only). */
  PrioritySet: z.object({
    at: storedInstant,
    priority: z.number().int(),
    actualPriority: z.number(),
    factors: z.record(z.string(), z.number()),
    ruleSetId: z.string(),
    version: z.number().int(),
    source: z.enum(targetSources),
    calendar: z.string(),
    /** Absent on upcasted v1 events: their allowed time was the wall time to the due instant. */
    responseAllowedMs: z.number().int().nonnegative().optional(),
    resolutionAllowedMs: z.number().int().nonnegative().optional(),
    responseDueAt: storedInstant.optional(),
    resolutionDueAt: storedInstant.optional(),
    emergency: z.boolean(),
    reason: text.optional(),
  }),
  ServiceLevelTargetsMoved: z.object({
    at: storedInstant,
    reason: text,
    responseDueAt: storedInstant.optional(),
    resolutionDueAt: storedInstant.optional(),
  }),
  ServiceLevelEscalated: z.object({
    at: storedInstant,
    target: z.enum(targetKinds),
    level: z.enum(escalationLevels),
    share: z.number(),
  }),
  CallAssigned: z.object({
    at: storedInstant,
    supportCentre: id.optional(),
    group: id.optional(),
    engineer: id.optional(),
    /** The supervisor, team lead or agent who dispatches the call (the default destination). */
    owner: id.optional(),
    reason: text.optional(),
  }),
  /** Routing's decision (issue 21): rule and version (rule null: default), or explicit; replay reads it, never the rules. */
  CallRouted: z.object({
    at: storedInstant,
    occasion: z.enum(routingOccasions),
    ruleVersion: z.number().int().positive(),
    rule: id.nullable(),
    explicit: z.boolean(),
    destination: z.object({ ...destination, owner: id.optional() }),
    /**
     * v2: the facts the rules read (the occasion aside), as they stood when the call was
     * routed, so an account of history (the what-if) reads them, not the call as it is now.
     * Absent on v1 events: routed before the facts were recorded.
     */
    facts: z
      .object({
        channel: z.string().optional(),
        purpose: id.optional(),
        product: z.string().optional(),
        itemGroup: z.string().optional(),
        siteId: id.optional(),
        region: id.optional(),
        customerId: id.optional(),
        priority: z.number().int().optional(),
      })
      .optional(),
  }),
  CallClassified: z.object({ at: storedInstant, purpose: id, product: id.optional() }),
  CallAcknowledged: z.object({
    at: storedInstant,
    notificationId: z.uuid(),
    channel: z.enum(['email', 'sms']),
    /** The requester's address, or the contact's when it went to one (`contactId`). */
    to: personal(z.string()),
    /**
     * When it went to a contact of the customer standing in for a reporter who could not be
     * reached: whose address `to` is. Absent otherwise, and on acknowledgements recorded
     * before it existed (their `to` stays the requester's: docs/privacy.md).
     */
    customerId: id.optional(),
    contactId: id.optional(),
  }),
  /** The customer validation's verdict, recorded: replaying later gives the same verdict (B4). */
  CoverageDetermined: z.object({ at: storedInstant, coverage: coverageSchema }),
  ContractChanged: z.object({
    at: storedInstant,
    contractId: id,
    previous: id.optional(),
    reason: text,
    /** B4: the bookings the new contract does not cover, confirmed as the customer's to pay. */
    chargeableBookings: z.array(z.object({ bookingId, chargeable: z.literal(true) })).optional(),
    /** v2: the call's coverage judged again under the new contract (absent in v1, and without master data). */
    coverage: coverageSchema.optional(),
  }),
  WorkStarted: z.object({ at: storedInstant, engineer: id }),
  DiagnosisRecorded: z.object({
    at: storedInstant,
    symptom: text.optional(),
    cause: text.optional(),
    solution: text.optional(),
    attachments: attachmentList,
    /** Added with the knowledge catalogue (C1): older diagnoses have none. */
    codes: diagnosisCodesSchema.optional(),
  }),
  /** kind, holdId and pausesClock were added later: older holds read as "other", not pausing. */
  CallPutOnHold: z.object({
    at: storedInstant,
    reason: text,
    kind: z.enum(holdKinds).optional(),
    holdId: z
      .string()
      .regex(/^H\d+$/)
      .optional(),
    pausesClock: z.boolean().optional(),
  }),
  CallReleasedFromHold: z.object({ at: storedInstant, holdId: z.string().optional() }),
  ...transferEventSchemas,
  TimeBooked: z.object({
    ...booked,
    labourType: z.enum(labourTypes),
    minutes: z.number().int().positive(),
  }),
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
  BookingCancelled: z.object({ at: storedInstant, bookingId, by: id, reason: text }),
  CallResolved: z.object({ at: storedInstant, by: id, solution: text }),
  SolutionAccepted: z.object({ at: storedInstant, by: id, note: text.optional() }),
  SolutionRejected: z.object({ at: storedInstant, by: id, reason: text }),
  CallClosed: z.object({ at: storedInstant, by: id }),
  CallCancelled: z.object({ at: storedInstant, by: id, reason: text }),
  CallArchived: z.object({ at: storedInstant }),
  CallReopened: z.object({ at: storedInstant, by: id, successor: callRef, reason: text }),
  /** A file attached to the call on its own, later than the fact it belongs to (issue 20). */
  AttachmentAdded: z.object({ at: storedInstant, by: id, attachment: attachmentSchema }),
  AttachmentVisibilityChanged: z.object({
    at: storedInstant,
    by: id,
    attachmentId,
    customerVisible: z.boolean(),
    reason: text.optional(),
  }),
  /** The reference stays in the history; the call no longer offers the file (a wrong file, a privacy slip). */
  AttachmentWithdrawn: z.object({ at: storedInstant, by: id, attachmentId, reason: text }),
} as const;

export type CallEventType = keyof typeof callEventSchemas;
export type CallEventData<T extends CallEventType> = z.output<(typeof callEventSchemas)[T]>;
export type CallEvent = EventsOf<typeof callEventSchemas>;
export type CallEventOf<T extends CallEventType> = Extract<CallEvent, { type: T }>;

export const callEventTypes = Object.keys(callEventSchemas) as CallEventType[];
