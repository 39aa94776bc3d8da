import { z } from 'zod';
import {
  bookedCost,
  day,
  givenUuid,
  id,
  instant,
  cost,
  phoneWithDigits,
  shortText,
  text,
  workText,
  type CommandsOf,
  type PayloadOf,
} from '../shared/schema.js';
import type { CallCommandContext, CommandExtras } from './command-context.js';
import { itemSchema, reporterSchema, subjectSchema } from './events.js';
import { services } from '../contract/state.js';
import { holdKinds } from '../service-level/rules.js';
import { intakeModes, labourTypes } from './state.js';
import { channels } from '../shared/channels.js';
import { attachmentId, attachmentInput, attachmentInputs } from '../shared/attachments.js';
import { diagnosisCodesSchema } from '../knowledge/schemas.js';

/**
 * What can be asked of a call: the payload of every command, as the boundary validates it.
 * Objects are strict: a misspelt field is an error, not silently ignored.
 */

/** Who reported it, as a command gives them: a phone number to reach them by has digits (A7). */
const reporterInput = reporterSchema.extend({ phone: phoneWithDigits.optional() }).strict();
const transferId = z.string().regex(/^T\d+$/, 'A transfer id such as T1');
const bookingId = z.string().regex(/^B\d+$/, 'A booking id such as B1');
const destination = {
  supportCentre: id.optional(),
  group: id.optional(),
  engineer: id.optional(),
};
const booking = {
  workDate: day.optional(),
  /** B4: the customer pays for this work, confirmed; needed where the call's cover does not reach it. */
  chargeable: z.boolean().optional().meta({
    description:
      'true confirms the customer pays for this work: needed when the call was taken on as covered but nothing covers this work on its day (the contract ended, or does not cover this service); without it such a booking is refused (ChargeableWorkNotConfirmed)',
  }),
  engineer: id.optional(),
  group: id.optional(),
  note: text.optional(),
  transferId: transferId.optional(),
};
/** A call's priority: 1 (most urgent) to 9. */
export const priority = z.number().int().min(1).max(9);
/** Book a visit although something is in the way (another visit, an absence, time off): why. Recorded in the event. */
const visitOverrideRequest = z.strictObject({ reason: workText }).optional();

/**
 * Material is priced by the thousandth of a unit (a gram of a kilo, a millimetre of a metre):
 * a quantity finer than that would be invoiced as another one (1.2345 as 1.235), or as
 * nothing at all (0.0004), so it is refused here.
 */
const materialQuantity = z
  .number()
  .positive()
  .max(1_000_000)
  .refine((quantity) => Math.abs(quantity * 1000 - Math.round(quantity * 1000)) < 1e-6, {
    error: 'at most three decimals: material is priced by the thousandth of a unit',
  });

export const callCommandSchemas = {
  LogCall: z.strictObject({
    callId: givenUuid.optional(),
    reportedAt: instant.optional(),
    intake: z.strictObject({
      mode: z.enum(intakeModes).meta({
        description:
          'Follows from who logs (A1): electronic for a system or the customer, recording for a call-taker, knowledgeable for other staff; another pair is IntakeModeMismatch',
      }),
      channel: z.enum(channels),
    }),
    reporter: reporterInput.default({}),
    subject: subjectSchema,
    item: itemSchema.strict().default({}),
    customerReference: shortText.optional(),
    description: text,
    /** The service asked for, which coverage is judged on (default remote support). */
    service: z.enum(services).optional(),
    /** Uncovered work is only accepted as chargeable work, explicitly (B4). */
    chargeable: z.boolean().optional().meta({
      description:
        'true confirms the work the customer pays for: all of it when not covered, the share the contract leaves when partly covered (B4); without it such a call is refused (ChargeableWorkNotConfirmed)',
    }),
    priority: priority.optional(),
    /** Rating factors known at intake (problem type, …): they scale the service-level periods. */
    factors: z.record(id, z.number().positive().max(10)).optional(),
    emergency: z.boolean().default(false),
    assignTo: z.strictObject(destination).optional(),
    /** Files that came with the report (by reference: docs/attachments.md). */
    attachments: attachmentInputs.optional(),
  }),
  AddFollowUp: z.strictObject({
    text,
    attachments: attachmentInputs.optional(),
    /** A message that joined the call (A2): the request it came as, whose sender wrote the text. Set by the intake (role system) only. */
    requestId: id.optional(),
  }),
  AddInternalNote: z.strictObject({ text }),
  CorrectCallDetails: z.strictObject({
    reason: workText,
    description: text.optional(),
    customerReference: shortText.optional(),
    reporter: reporterInput.optional(),
    item: itemSchema.strict().optional(),
    /** B4: a corrected item that leaves the customer more to pay is confirmed as chargeable. */
    chargeable: z.boolean().optional(),
  }),
  EvaluateCall: z.strictObject({
    category: shortText.optional(),
    impact: z.enum(['low', 'medium', 'high']).optional(),
    urgency: z.enum(['low', 'medium', 'high']).optional(),
    summary: workText.optional(),
  }),
  SetPriority: z.strictObject({
    priority,
    emergency: z.boolean().optional(),
    factors: z.record(id, z.number().positive().max(10)).optional(),
    reason: workText.optional(),
  }),
  AssignCall: z.strictObject({ ...destination, reason: workText.optional() }),
  StartWork: z.strictObject({ engineer: id.optional() }),
  RecordDiagnosis: z.strictObject({
    symptom: workText.optional(),
    cause: workText.optional(),
    solution: workText.optional(),
    attachments: attachmentInputs.optional(),
    /** Codes from the knowledge catalogue (DefineKnowledgeCode), beside the free text. */
    codes: diagnosisCodesSchema.strict().optional(),
  }),
  PutOnHold: z.strictObject({ reason: workText, kind: z.enum(holdKinds).default('other') }),
  ReleaseHold: z.strictObject({}),
  TransferToSecondLine: z.strictObject({ supportCentre: id, reason: workText }),
  ReturnFromSecondLine: z.strictObject({
    transferId,
    outcome: text,
    /** Where the call goes back to, named by hand: wins over routing rules (issue 21). */
    assignTo: z.strictObject(destination).optional(),
  }),
  ScheduleOnSiteVisit: z.strictObject({
    engineer: id,
    siteId: id.optional(),
    plannedStart: instant,
    plannedEnd: instant,
    override: visitOverrideRequest,
  }),
  RescheduleOnSiteVisit: z.strictObject({
    transferId,
    plannedStart: instant,
    plannedEnd: instant,
    reason: workText,
    override: visitOverrideRequest,
  }),
  StartOnSiteVisit: z.strictObject({ transferId }),
  CompleteOnSiteVisit: z.strictObject({
    transferId,
    report: text,
    /** The signed visit report, photos of the work. */
    attachments: attachmentInputs.optional(),
  }),
  AuthoriseRma: z.strictObject({
    depot: id,
    rmaNumber: shortText.optional(),
    item: shortText.optional(),
    serialNumber: shortText.optional(),
  }),
  ReceiveRmaItem: z.strictObject({ transferId }),
  RecordRmaRepair: z.strictObject({ transferId, report: text }),
  ShipRmaItem: z.strictObject({ transferId, trackingNumber: shortText.optional() }),
  OrderSubcontract: z.strictObject({
    subcontractor: id,
    orderReference: shortText,
    agreedCost: cost,
  }),
  CompleteSubcontract: z.strictObject({
    transferId,
    actualCost: cost,
    report: text.optional(),
  }),
  CancelTransfer: z.strictObject({ transferId, reason: workText }),
  BookTime: z.strictObject({
    ...booking,
    labourType: z.enum(labourTypes),
    minutes: z
      .number()
      .int()
      .positive()
      .max(24 * 60),
  }),
  BookMaterial: z.strictObject({
    ...booking,
    item: shortText,
    serialNumber: shortText.optional(),
    quantity: materialQuantity,
  }),
  BookCost: z.strictObject({
    ...booking,
    category: z.enum(['expense', 'subcontract', 'freight', 'other']),
    description: text,
    amount: bookedCost,
  }),
  CancelBooking: z.strictObject({ bookingId, reason: workText }),
  ResolveCall: z.strictObject({ solution: workText }),
  AcceptSolution: z.strictObject({ note: text.optional() }),
  RejectSolution: z.strictObject({ reason: workText }),
  ClassifyCall: z.strictObject({ purpose: id, product: id.optional() }),
  /** A7: the acknowledgement with the call number went out to the customer. */
  RecordAcknowledgement: z.strictObject({
    notificationId: givenUuid,
    channel: z.enum(['email', 'sms']),
    to: z.string().min(3).max(320),
    /** Sent to a contact of the customer standing in for the reporter: whose address `to` is (both or neither). */
    customerId: id.optional(),
    contactId: id.optional(),
  }),
  /** C4: charge the call to another contract of its customer, with the reason. */
  ChangeContract: z.strictObject({
    contractId: id,
    reason: workText,
    chargeable: z.boolean().optional().meta({
      description:
        "true confirms the customer pays for the work booked on the call that the new contract does not cover, and for the larger share of the work the call's coverage judged again under it leaves them (B4); without it such a change is refused (ChargeableWorkNotConfirmed)",
    }),
  }),
  /** Run by the escalation process for an instant; escalates what has newly reached a level. */
  EscalateServiceLevel: z.strictObject({ asOf: instant }),
  CloseCall: z.strictObject({}),
  CancelCall: z.strictObject({ reason: workText }),
  ArchiveCall: z.strictObject({}),
  ReopenCall: z.strictObject({
    reason: workText,
    chargeable: z.boolean().optional().meta({
      description:
        'true confirms the work the customer pays for on the new call, when its cover is judged again and is less than the original had (B4); without it such a reopening is refused (ChargeableWorkNotConfirmed)',
    }),
  }),
  /** A file for the call on its own, after the fact (issue 20). A customer's is always visible to them. */
  AddAttachment: z.strictObject({ attachment: attachmentInput }),
  ChangeAttachmentVisibility: z.strictObject({
    attachmentId,
    customerVisible: z.boolean(),
    reason: workText.optional(),
  }),
  /** The reference stays in the history; the call no longer offers the file. */
  WithdrawAttachment: z.strictObject({ attachmentId, reason: workText }),
} as const;

export type CallCommandType = keyof typeof callCommandSchemas;
export type CallCommandPayload<T extends CallCommandType> = PayloadOf<
  (typeof callCommandSchemas)[T]
>;

export type { CallCommandContext, CommandExtras, Invoiced } from './command-context.js';

/** Every call command: payload, context and what the pipeline resolved for it. */
export type CallCommand = CommandsOf<typeof callCommandSchemas, CallCommandContext, CommandExtras>;
export type CallCommandOf<T extends CallCommandType> = Extract<CallCommand, { type: T }>;

export const callCommandTypes = Object.keys(callCommandSchemas) as CallCommandType[];
