import type { CommandContext } from '../shared/command.js';
import type { Organisation } from '../organisation/organisation.js';
import type { Contract } from '../contract/state.js';
import type { Coverage } from '../intake/coverage.js';
import type { AppliedServiceLevels, ServiceLevelVersion } from '../service-level/rules.js';
import type { Conflict } from '../agenda/schemas.js';
import type { CustomerState } from '../customer/state.js';
import type { KnowledgeCatalogue } from '../knowledge/codes.js';
import type { CallRouting } from './routing.js';
import type { MaterialPrices } from './material-price.js';
import type { WorkCoverContext } from './work-cover.js';
import type { CallStatus } from './state.js';
import type { EngineerState } from '../engineer/state.js';

/**
 * What a call command's decision reads besides its payload: the envelope's context, and what
 * the pipeline resolves for each command type (the organisation, the rule set, the invoice,
 * the contract) so that the decider stays pure.
 */

/** What a call command carries beyond when and by whom. */
export interface CallCommandContext extends CommandContext {
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
    /** The engineer `assignTo` names, as master data knows them (null: not defined). */
    readonly engineerRecord?: EngineerState;
  };
  ReturnFromSecondLine: {
    readonly organisation?: Organisation;
    readonly routing?: CallRouting;
    /** The engineer `assignTo` names, as master data knows them (null: not defined). */
    readonly engineerRecord?: EngineerState;
  };
  /** Cancelling a second-line transfer returns the call to the first line: routed as returned. */
  CancelTransfer: {
    readonly organisation?: Organisation;
    readonly routing?: CallRouting;
  };
  /** The engineer named, as master data knows them (null: not defined): an unknown one is refused. */
  AssignCall: { readonly organisation?: Organisation; readonly engineerRecord?: EngineerState };
  /** Who starts must be known to the organisation and a member of the call's group (C2). */
  StartWork: { readonly organisation?: Organisation; readonly engineerRecord?: EngineerState };
  /** The knowledge catalogue, when the diagnosis gives codes. */
  RecordDiagnosis: { readonly knowledge?: KnowledgeCatalogue };
  TransferToSecondLine: { readonly organisation?: Organisation };
  ClassifyCall: { readonly organisation?: Organisation };
  /** The contract to charge, as master data knows it on the call's day, and that day. */
  /** And the call's invoice: once issued, it stays charged to the contract it names. */
  ChangeContract: {
    readonly contract: Contract | null;
    readonly day: string;
    readonly invoiced?: Invoiced;
    /**
     * The call's equipment and units in for depot repair, as billing will read them: given
     * when the call was taken on as covered, to find booked work the new contract does not cover.
     */
    readonly cover?: Omit<WorkCoverContext, 'call' | 'contract'>;
  };
  /**
   * A corrected item is judged again (B4): the contract the call is charged to, as master data
   * knows it, the corrected serial number's equipment and the units in for depot repair; given
   * when the call's coverage was judged. And the call's invoice: what it priced stays.
   */
  CorrectCallDetails: {
    readonly cover?: Omit<WorkCoverContext, 'call'>;
    readonly invoiced?: Invoiced;
  };
  /** The version the call already counts by. */
  SetPriority: { readonly serviceLevels: ServiceLevelVersion };
  PutOnHold: { readonly serviceLevels: ServiceLevelVersion };
  ReleaseHold: { readonly serviceLevels: ServiceLevelVersion };
  EscalateServiceLevel: { readonly serviceLevels: ServiceLevelVersion };
  CloseCall: { readonly acceptanceRequired: boolean };
  BookTime: BookingContext;
  /** And the price list billing will use, when the call's billing policy names a published one. */
  BookMaterial: BookingContext & { readonly prices?: MaterialPrices };
  /** And the currency the call is invoiced in, when its billing policy's price list is published. */
  BookCost: BookingContext & { readonly billingCurrency?: string };
  OrderSubcontract: { readonly billingCurrency?: string };
  CancelBooking: { readonly invoiced?: Invoiced };
  ReopenCall: {
    readonly successor: { readonly callId: string; readonly number: string };
    /** A call an earlier reopening logged, still open: the customer's problem is handled there. */
    readonly openSuccessor?: {
      readonly callId: string;
      readonly number: string;
      readonly status: CallStatus;
    };
  };
  ScheduleOnSiteVisit: {
    /** What stands in the engineer's way (agenda/conflicts.ts); absent: the engineer is not in master data. */
    readonly conflicts?: readonly Conflict[];
    /** The call's customer as master data knows it, when the visit names a site: it must be theirs. */
    readonly customer?: CustomerState;
    /** The organisation, and the engineer as master data knows them (null: not defined): C2's check. */
    readonly organisation?: Organisation;
    readonly engineerRecord?: EngineerState;
  };
  RescheduleOnSiteVisit: { readonly conflicts?: readonly Conflict[] };
}

/**
 * What a booking reads besides its call: the organisation's calendar day at the command's
 * instant (work is dated in local time), the call's invoice, and, when the booking names a
 * group or an engineer, the organisation (the group must be one of its active ones, the
 * engineer one it knows, on staff on the work's day).
 */
interface BookingContext {
  readonly today?: string;
  readonly invoiced?: Invoiced;
  readonly organisation?: Organisation;
  /** The engineer the booking names, as master data knows them (null: not defined). */
  readonly engineerRecord?: EngineerState;
  /**
   * The contract the call is charged to (null: gone from master data), its equipment and its
   * units in for depot repair, as billing will read them: given when the call was taken on as covered and the booking is
   * not confirmed as chargeable, to find work that nothing covers on its day.
   */
  readonly cover?: Omit<WorkCoverContext, 'call'>;
}
