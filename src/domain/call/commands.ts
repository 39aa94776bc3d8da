import type { CallRouting } from './routing.js';
import { z } from 'zod';
import {
  bookedCost,
  day,
  givenUuid,
  id,
  instant,
  cost,
  shortText,
  text,
  workText,
  type CommandsOf,
  type PayloadOf,
} from '../shared/schema.js';
import type { CommandContext } from '../shared/command.js';
import { itemSchema, reporterSchema, subjectSchema } from './events.js';
import type { Organisation } from '../organisation/organisation.js';
import { services, type Contract } from '../contract/state.js';
import type { Coverage } from '../intake/coverage.js';
import {
  holdKinds,
  type AppliedServiceLevels,
  type ServiceLevelVersion,
} from '../service-level/rules.js';
import { intakeModes, labourTypes } from './state.js';
import { channels } from '../shared/channels.js';
import { attachmentId, attachmentInput, attachmentInputs } from '../shared/attachments.js';
import type { Conflict } from '../agenda/schemas.js';
import type { CustomerState } from '../customer/state.js';
import type { WorkCoverContext } from './work-cover.js';
import { diagnosisCodesSchema } from '../knowledge/schemas.js';
import type { KnowledgeCatalogue } from '../knowledge/codes.js';

/**
 * What can be asked of a call: the payload of every command, as the boundary validates it.
 * Objects are strict: a misspelt field is an error, not silently ignored.
 */

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
    reporter: reporterSchema.strict().default({}),
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
    reporter: reporterSchema.strict().optional(),
    item: itemSchema.strict().optional(),
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
  ChangeContract: z.strictObject({ contractId: id, reason: workText }),
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

/** What a call command carries beyond when and by whom. */
export interface CallCommandContext extends CommandContext {
  /** When the call's last event occurred: the log runs forward, so a command is not dated before it. */
  readonly previousAt?: Date;
  /** An administrative block in force on the customer today, if any: it stops the work's progress. */
  readonly block?: {
    readonly blockId: string;
    readonly reason: string;
    readonly from: string;
    readonly until?: string;
    readonly note?: string;
  };
}

/** The call's invoice as billing recorded it: once issued, what is booked after it would never be billed. */
export interface Invoiced {
  readonly status: string;
  readonly invoiceNumber?: string;
}

/** What the pipeline resolves before the decision, so the decider stays pure. */
export interface CommandExtras {
  LogCall: {
    readonly callId: string;
    readonly number: string;
    /** Numbers of open calls for the same customer and serial number: a warning, not a refusal. */
    readonly possibleDuplicates: readonly string[];
    /** The rule-set version the call will count by, and its source (contract, customer, company). */
    readonly serviceLevels: AppliedServiceLevels;
    /** Routing: the default destination and the known groups (absent: nothing to check). */
    readonly organisation?: Organisation;
    /** The customer validation's verdict (B1–B4), when customers are validated. */
    readonly coverage?: Coverage;
    /** Factors master data knows for the customer and the installation; those given with the call win. */
    readonly knownFactors?: Readonly<Record<string, number>>;
    readonly reopenedFrom?: { readonly callId: string; readonly number: string };
    readonly badFix?: boolean;
    /** The routing rules in force and the engineers they may choose (absent: none published). */
    readonly routing?: CallRouting;
  };
  ReturnFromSecondLine: {
    readonly organisation?: Organisation;
    readonly routing?: CallRouting;
  };
  /** Cancelling a second-line transfer returns the call to the first line: routed as returned. */
  CancelTransfer: {
    readonly organisation?: Organisation;
    readonly routing?: CallRouting;
  };
  AssignCall: { readonly organisation?: Organisation };
  /** The knowledge catalogue, when the diagnosis gives codes. */
  RecordDiagnosis: { readonly knowledge?: KnowledgeCatalogue };
  TransferToSecondLine: { readonly organisation?: Organisation };
  ClassifyCall: { readonly organisation?: Organisation };
  /** The contract to charge, as master data knows it on the call's day, and that day. */
  ChangeContract: { readonly contract: Contract | null; readonly day: string };
  /** The version the call already counts by. */
  SetPriority: { readonly serviceLevels: ServiceLevelVersion };
  PutOnHold: { readonly serviceLevels: ServiceLevelVersion };
  ReleaseHold: { readonly serviceLevels: ServiceLevelVersion };
  EscalateServiceLevel: { readonly serviceLevels: ServiceLevelVersion };
  CloseCall: { readonly acceptanceRequired: boolean };
  BookTime: BookingContext;
  BookMaterial: BookingContext;
  /** And the currency the call is invoiced in, when its billing policy's price list is published. */
  BookCost: BookingContext & { readonly billingCurrency?: string };
  OrderSubcontract: { readonly billingCurrency?: string };
  CancelBooking: { readonly invoiced?: Invoiced };
  ReopenCall: { readonly successor: { readonly callId: string; readonly number: string } };
  /** What stands in the engineer's way (agenda/conflicts.ts); absent: the engineer is not in master data. */
  /** And the call's customer as master data knows it, when the visit names a site: it must be theirs. */
  ScheduleOnSiteVisit: {
    readonly conflicts?: readonly Conflict[];
    readonly customer?: CustomerState;
  };
  RescheduleOnSiteVisit: { readonly conflicts?: readonly Conflict[] };
}

/**
 * What a booking reads besides its call: the organisation's calendar day at the command's
 * instant (work is dated in local time), the call's invoice, and, when the booking names a
 * group, the organisation (the group must be one of its active ones).
 */
interface BookingContext {
  readonly today?: string;
  readonly invoiced?: Invoiced;
  readonly organisation?: Organisation;
  /**
   * The contract the call is charged to (null: gone from master data), its equipment and its
   * units in for depot repair, as billing will read them: given when the call was taken on as covered and the booking is
   * not confirmed as chargeable, to find work that nothing covers on its day.
   */
  readonly cover?: Omit<WorkCoverContext, 'call'>;
}

/** Every call command: payload, context and what the pipeline resolved for it. */
export type CallCommand = CommandsOf<typeof callCommandSchemas, CallCommandContext, CommandExtras>;
export type CallCommandOf<T extends CallCommandType> = Extract<CallCommand, { type: T }>;

export const callCommandTypes = Object.keys(callCommandSchemas) as CallCommandType[];
