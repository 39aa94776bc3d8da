import type { EscalationLevel, TargetKind } from '../../domain/index.js';
import type { Document } from '../types.js';
import type { ReportStatus } from './call-facts.js';

/** The documents of the service report, all small, all reached by key or by week. */
export const SERVICE_REPORT_PROJECTION = 'service-report';

/** Counts of one week (its Monday, in the organisation's zone). */
export interface WeekDocument extends Document {
  week: string;
  /** Calls the customer reported this week. */
  reported: number;
  /** Calls closed this week, and calls cancelled (closed without a solution). */
  closed: number;
  cancelled: number;
  /** Calls whose service level first reached the warning level, and first breached, this week. */
  atRisk: number;
  breached: number;
  /** Time booked on work done this week (by work date), cancelled bookings left out. */
  bookedMinutes: number;
  /** Every escalation recorded this week, by target and level (a call escalated again after a new priority counts again). */
  escalations?: Escalations;
}

/** Escalations by target and level: fixed keys, the rule set's own words. */
export type Escalations = Record<TargetKind, Record<EscalationLevel, number>>;

export const noEscalations = (): Escalations => ({
  response: { warning: 0, breach: 0, supervisor: 0 },
  resolution: { warning: 0, breach: 0, supervisor: 0 },
});

/** Calls reported in a week with one purpose, by where they stand now. */
export interface PurposeWeekDocument extends Document {
  week: string;
  purpose: string | null;
  statuses: Record<ReportStatus, number>;
}

/** Service-level escalations of one week against one group (or support centre). */
export interface GroupWeekDocument extends Document {
  week: string;
  group: string;
  atRisk: number;
  breached: number;
}

/**
 * Who pays: the equipment's warranty, the customer's contract, the customer (chargeable),
 * or the company itself (chargeable work given away by a goodwill credit note).
 */
export interface CoverageSplit {
  warranty: number;
  contract: number;
  chargeable: number;
  waived: number;
}

/** Priced work of one week (by work date) in one currency: booked time and amounts by who pays. */
export interface WorkWeekDocument extends Document {
  week: string;
  currency: string;
  minutes: CoverageSplit;
  amount: CoverageSplit;
}

/** What one call's latest billing proposal added to the weeks (waived once its invoice is): taken back when billing proposes again. */
export interface BilledPart {
  week: string;
  currency: string;
  minutes: CoverageSplit;
  amount: CoverageSplit;
}

export interface BilledDocument extends Document {
  callId: string;
  parts: BilledPart[];
}

/** Across all weeks: what the backlog at the end of a week is worked out from. */
export interface TotalsDocument extends Document {
  reported: number;
  closed: number;
  cancelled: number;
  firstWeek: string | null;
  lastWeek: string | null;
}

export const TOTALS_KEY = 'all';
export const ZONE_KEY = 'zone';

/** Keys join a week and an id with a space: ids never hold one. */
export const weekKey = (week: string, id: string): string => `${week} ${id}`;
