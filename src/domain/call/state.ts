import { strip } from '../shared/objects.js';
import type { HoldKind, TargetSource } from '../service-level/rules.js';
import type { Coverage } from '../intake/coverage.js';
import type { Money } from '../shared/schema.js';
import type { Channel, ProductCategory } from '../shared/channels.js';

/**
 * The life cycle of the source system: Registered → Assigned → In Process → Transferred →
 * Solved → Accepted → Closed → Archived. On Hold, Emergency and Bad Fix are flags beside it.
 */
export const callStatuses = [
  'Registered',
  'Assigned',
  'InProcess',
  'Transferred',
  'Solved',
  'Accepted',
  'Closed',
  'Archived',
] as const;
export type CallStatus = (typeof callStatuses)[number];

export const intakeModes = ['electronic', 'recording', 'knowledgeable'] as const;
export type IntakeMode = (typeof intakeModes)[number];

export const labourTypes = ['remote', 'on-site', 'depot', 'travel'] as const;
export type LabourType = (typeof labourTypes)[number];

export interface Reporter {
  readonly name?: string;
  readonly email?: string;
  readonly phone?: string;
}

/** A customer call, or a generalist call about a product (A9). */
export type CallSubject =
  | {
      readonly kind: 'customer';
      readonly customerId: string;
      readonly siteId?: string;
      readonly contactId?: string;
    }
  | { readonly kind: 'product'; readonly productId: string; readonly category: ProductCategory };

/** What the call is about physically: installation, item and serial number, as far as known. */
export interface CallItem {
  readonly installation?: string;
  readonly item?: string;
  readonly serialNumber?: string;
}

export interface Entry {
  readonly at: Date;
  readonly by: string;
  readonly text: string;
}

export interface Evaluation {
  readonly at: Date;
  readonly by: string;
  readonly category?: string;
  readonly impact?: 'low' | 'medium' | 'high';
  readonly urgency?: 'low' | 'medium' | 'high';
  readonly summary?: string;
}

export interface Diagnosis {
  readonly symptom?: string;
  readonly cause?: string;
  readonly solution?: string;
}

export interface Dispatch {
  readonly supportCentre?: string;
  readonly group?: string;
  readonly engineer?: string;
  /** Who dispatches it: the default destination (supervisor, team lead or agent). */
  readonly owner?: string;
}

export interface SecondLineTransfer {
  readonly kind: 'second-line';
  readonly status: 'open' | 'returned' | 'cancelled';
  readonly openedAt: Date;
  readonly supportCentre: string;
  readonly reason: string;
  readonly outcome?: string;
  readonly closedAt?: Date;
  /** The dispatch (group, engineer) before the call went to second line: it comes back to it. */
  readonly returnTo?: Dispatch;
}

export interface OnSiteTransfer {
  readonly kind: 'on-site';
  readonly status: 'scheduled' | 'started' | 'completed' | 'cancelled';
  readonly openedAt: Date;
  readonly engineer: string;
  readonly siteId?: string;
  readonly plannedStart: Date;
  readonly plannedEnd: Date;
  readonly actualStart?: Date;
  readonly actualEnd?: Date;
  readonly report?: string;
  readonly closedAt?: Date;
}

export interface DepotRepairTransfer {
  readonly kind: 'depot-repair';
  readonly status: 'authorised' | 'received' | 'repaired' | 'shipped' | 'cancelled';
  readonly openedAt: Date;
  readonly rmaNumber: string;
  readonly depot: string;
  readonly item?: string;
  readonly serialNumber?: string;
  readonly receivedAt?: Date;
  readonly repairedAt?: Date;
  readonly repairReport?: string;
  readonly shippedAt?: Date;
  readonly trackingNumber?: string;
  readonly closedAt?: Date;
}

export interface SubcontractTransfer {
  readonly kind: 'subcontract';
  readonly status: 'ordered' | 'completed' | 'cancelled';
  readonly openedAt: Date;
  readonly subcontractor: string;
  readonly orderReference: string;
  readonly agreedCost: Money;
  readonly actualCost?: Money;
  readonly report?: string;
  readonly closedAt?: Date;
}

export type Transfer =
  SecondLineTransfer | OnSiteTransfer | DepotRepairTransfer | SubcontractTransfer;
export type TransferKind = Transfer['kind'];

export interface BookingBase {
  readonly bookedAt: Date;
  readonly bookedBy: string;
  readonly engineer?: string;
  readonly group?: string;
  readonly workDate: string;
  readonly note?: string;
  readonly cancelled?: { readonly at: Date; readonly by: string; readonly reason: string };
}

export interface TimeBooking extends BookingBase {
  readonly kind: 'time';
  readonly labourType: LabourType;
  readonly minutes: number;
  readonly transferId?: string;
}

export interface MaterialBooking extends BookingBase {
  readonly kind: 'material';
  readonly item: string;
  readonly serialNumber?: string;
  readonly quantity: number;
  readonly transferId?: string;
}

export interface CostBooking extends BookingBase {
  readonly kind: 'cost';
  readonly category: 'expense' | 'subcontract' | 'freight' | 'other';
  readonly description: string;
  readonly amount: Money;
  readonly transferId?: string;
}

export type Booking = TimeBooking | MaterialBooking | CostBooking;

/**
 * The call's service level (A5): its priority rating, the rule-set version it counts by
 * and where that came from, the allowed working time and the resulting due instants (none
 * while a hold stops the clock), and the escalation levels already reached.
 */
export interface CallServiceLevel {
  readonly priority: number;
  readonly actualPriority: number;
  readonly factors: Readonly<Record<string, number>>;
  readonly ruleSetId: string;
  readonly version: number;
  readonly source: TargetSource;
  readonly calendar: string;
  readonly responseAllowedMs: number;
  readonly resolutionAllowedMs: number;
  readonly responseDueAt?: Date;
  readonly resolutionDueAt?: Date;
  /** When the current clock-stopping hold began. */
  readonly pausedSince?: Date;
  readonly escalations: Readonly<Record<string, Date>>;
}

/** A hold, kept for good: the paused spans are part of the call's history. */
export interface Hold {
  readonly from: Date;
  readonly to?: Date;
  readonly kind: HoldKind;
  readonly reason: string;
  readonly pausesClock: boolean;
}

export interface Resolution {
  readonly at: Date;
  readonly by: string;
  readonly solution: string;
}

export interface CallRef {
  readonly callId: string;
  readonly number: string;
}

/**
 * Everything the call knows. Collections are keyed by stable ids (F1, T2, B3, …) so every
 * field has a stable path for the transaction log, however many entries follow.
 */
export interface Call {
  readonly id: string;
  readonly number: string;
  readonly status: CallStatus;
  readonly onHold?: {
    readonly since: Date;
    readonly reason: string;
    readonly kind: HoldKind;
    readonly holdId: string;
  };
  readonly holds: Readonly<Record<string, Hold>>;
  readonly emergency: boolean;
  readonly badFix: boolean;
  readonly intake: { readonly mode: IntakeMode; readonly channel: Channel };
  readonly reportedAt: Date;
  readonly loggedAt: Date;
  readonly reporter: Reporter;
  readonly subject: CallSubject;
  readonly item: CallItem;
  readonly customerReference?: string;
  readonly description: string;
  /** Whether the work is covered, and by what (B4); the contract the call is charged to (C4). */
  readonly coverage?: Coverage;
  readonly contractId?: string;
  /** Why the customer called (C5): a purpose from the organisation's taxonomy, and the product. */
  readonly purpose?: string;
  readonly product?: string;
  readonly possibleDuplicates: readonly string[];
  /** Acknowledgements sent to the customer with the call number (A7), by notification id. */
  readonly acknowledgements: Readonly<
    Record<string, { readonly at: Date; readonly channel: 'email' | 'sms'; readonly to: string }>
  >;
  readonly followUps: Readonly<Record<string, Entry>>;
  readonly notes: Readonly<Record<string, Entry>>;
  readonly evaluation?: Evaluation;
  readonly serviceLevel?: CallServiceLevel;
  readonly respondedAt?: Date;
  readonly diagnosis: Diagnosis;
  readonly dispatch: Dispatch;
  readonly transfers: Readonly<Record<string, Transfer>>;
  readonly bookings: Readonly<Record<string, Booking>>;
  readonly resolution?: Resolution;
  readonly rejections: number;
  readonly acceptance?: { readonly at: Date; readonly by: string; readonly note?: string };
  readonly closure?: {
    readonly at: Date;
    readonly by: string;
    readonly cancelled: boolean;
    readonly reason?: string;
  };
  readonly archivedAt?: Date;
  readonly reopenedFrom?: CallRef;
  readonly reopenedAs: Readonly<Record<string, CallRef>>;
}

/** A call that was never logged: the state before its first event. */
export type CallState = Call | null;
export const initialCallState = (): CallState => null;

export const openTransferStatuses: ReadonlySet<Transfer['status']> = new Set([
  'open',
  'scheduled',
  'started',
  'authorised',
  'received',
  'repaired',
  'ordered',
]);

export const isTransferOpen = (transfer: Transfer): boolean =>
  openTransferStatuses.has(transfer.status);

export const openTransfers = (call: Call): Array<[string, Transfer]> =>
  Object.entries(call.transfers).filter(([, transfer]) => isTransferOpen(transfer));

/**
 * Where a call stands after an assignment: what is named replaces what was there, and a
 * new group or support centre without a named engineer leaves the engineer to be chosen.
 */
export function assignedDispatch(current: Dispatch, change: Dispatch): Dispatch {
  return strip({
    supportCentre: change.supportCentre ?? current.supportCentre,
    group: change.group ?? current.group,
    engineer:
      change.engineer ?? (change.group || change.supportCentre ? undefined : current.engineer),
    owner: change.owner ?? current.owner,
  });
}
