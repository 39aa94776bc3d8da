import type { HoldKind, TargetSource } from '../service-level/rules.js';
import type { Coverage } from '../intake/coverage.js';
import type { Channel, ProductCategory } from '../shared/channels.js';
import type { Booking } from './booking-state.js';
import type { Dispatch } from './dispatch.js';
import { isTransferOpen, type Transfer } from './transfer-state.js';
import type { DiagnosisCodes } from '../knowledge/schemas.js';
import type { RoutingFacts } from '../routing/route.js';

export * from './booking-state.js';
export * from './dispatch.js';
export * from './transfer-state.js';

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

/** A call is open until it is closed (or archived): on the board, in the open-call indexes. */
export const isOpenStatus = (status: CallStatus): boolean =>
  status !== 'Closed' && status !== 'Archived';

export const intakeModes = ['electronic', 'recording', 'knowledgeable'] as const;
export type IntakeMode = (typeof intakeModes)[number];

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
  /** A follow-up that arrived as a request (A2): its sender, not `by`, wrote it. */
  readonly requestId?: string;
}

/** Where an attachment came from: with the call, a follow-up, a diagnosis, a visit report, or on its own. */
export type AttachmentSource = 'call' | 'follow-up' | 'diagnosis' | 'on-site-visit';

/** A file on the call, by reference (issue 20): never its bytes. */
export interface CallAttachment {
  readonly at: Date;
  readonly by?: string;
  readonly source: AttachmentSource;
  /** The follow-up (F1) or transfer (T1) it came with. */
  readonly sourceId?: string;
  readonly uri: string;
  readonly mediaType: string;
  readonly size: number;
  readonly sha256: string;
  readonly fileName: string;
  readonly customerVisible: boolean;
  /** Withdrawn: still in the history, no longer offered. */
  readonly withdrawn?: { readonly at: Date; readonly by: string; readonly reason: string };
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
  /** Codes of the knowledge catalogue (C1); each given one replaces the earlier of its kind. */
  readonly codes?: DiagnosisCodes;
}

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
  /** By `target-level`: when it was reached, and the share of the allowed time used then. */
  readonly escalations: Readonly<Record<string, Escalation>>;
}

export interface Escalation {
  readonly at: Date;
  readonly share: number;
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

/** How routing sent a call, as recorded: replay reads this, never the rules. */
export interface CallRoutingRecord {
  readonly at: Date;
  readonly occasion: 'new' | 'reopened' | 'returned';
  readonly ruleVersion: number;
  readonly rule: string | null;
  readonly explicit: boolean;
  readonly destination: {
    readonly supportCentre?: string;
    readonly group?: string;
    readonly engineer?: string;
    readonly owner?: string;
  };
  /** The facts the rules read then (the occasion aside); absent when routed before they were recorded. */
  readonly facts?: Omit<RoutingFacts, 'occasion'>;
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
  /** The site and item the caller named, where the installed base knew better (the call is at its). */
  readonly namedSiteId?: string;
  readonly namedItem?: string;
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
    Record<
      string,
      {
        readonly at: Date;
        readonly channel: 'email' | 'sms';
        readonly to: string;
        /** When it went to the customer's contact standing in for the reporter: who they are. */
        readonly customerId?: string;
        readonly contactId?: string;
      }
    >
  >;
  readonly followUps: Readonly<Record<string, Entry>>;
  readonly notes: Readonly<Record<string, Entry>>;
  /** By attachment id (A1, A2, …); absent until the first one (and in states folded before them). */
  readonly attachments?: Readonly<Record<string, CallAttachment>>;
  readonly evaluation?: Evaluation;
  readonly serviceLevel?: CallServiceLevel;
  readonly respondedAt?: Date;
  readonly diagnosis: Diagnosis;
  readonly dispatch: Dispatch;
  /** The last routing decision (issue 21): rule and version, or explicit; absent: never routed. */
  readonly routing?: CallRoutingRecord;
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

export const openTransfers = (call: Call): Array<[string, Transfer]> =>
  Object.entries(call.transfers).filter(([, transfer]) => isTransferOpen(transfer));
