import {
  billedSources,
  calendarOf,
  isOpenStatus,
  isTransferOpen,
  type CalendarDefinition,
  type Call,
  type CallRoutingRecord,
  type CallServiceLevel,
  type ServiceLevelRules,
} from '../domain/index.js';
import type { AnalysedCall } from './analytics-rows.js';
import { callWork, type BookedWork, type CallWork } from './booked-work.js';
import { isoString } from './iso-string.js';
import { monthOf } from './open-intervals.js';
import type { Document } from './types.js';

/**
 * One summary row per call: the board (open calls) and history (archived calls) are
 * queries on it. The fold reuses the aggregate's own evolve, so the board can never
 * disagree with the call: the projection folds each call's state and summarises it.
 */
export interface CallSummary extends Document {
  callId: string;
  number: string;
  status: Call['status'];
  /** Not yet Closed or Archived: on the board. */
  open: boolean;
  archived: boolean;
  priority: number | null;
  actualPriority: number | null;
  /** The rule-set version the call counts by, e.g. "standard v1", and where it came from. */
  serviceLevels: string | null;
  serviceLevelSource: string | null;
  emergency: boolean;
  onHold: boolean;
  badFix: boolean;
  channel: string;
  customerId: string | null;
  siteId: string | null;
  productId: string | null;
  serialNumber: string | null;
  item: string | null;
  description: string;
  /** The contract charged (C4), the coverage verdict and the rule behind it (B4). */
  contractId: string | null;
  coverageVerdict: string | null;
  coverageRule: string | null;
  /** C5: why the customer called, about which product. */
  purpose: string | null;
  product: string | null;
  supportCentre: string | null;
  group: string | null;
  engineer: string | null;
  /** Kinds of the transfers still open: second-line, on-site, depot-repair, subcontract. */
  openTransfers: string[];
  reportedAt: string;
  /** The UTC month of reportedAt (2026-11): reports over a period read its months by index. */
  reportedMonth: string;
  loggedAt: string;
  /** Null while a hold stops the clock. */
  responseDueAt: string | null;
  resolutionDueAt: string | null;
  pausedSince: string | null;
  /** What the board needs to judge the targets at any instant, in working time. */
  clock: ServiceLevelClock | null;
  escalations: string[];
  respondedAt: string | null;
  resolvedAt: string | null;
  /** Who recorded the solution (the actor of ResolveCall); null while there is none. */
  resolvedBy: string | null;
  solution: string | null;
  closedAt: string | null;
  cancelled: boolean;
  archivedAt: string | null;
  lastChangedAt: string;
  minutes: number;
  minutesByLabour: Record<string, number>;
  materials: number;
  costs: Record<string, number>;
  /** C5: the minutes and costs above by the engineer and group each booking names. */
  workBy: BookedWork[];
  reopenedFrom: string | null;
  reopenedAs: string[];
  /** What billing prices now (bookings, completed subcontracts): a proposal of other sources is outdated. */
  billedSources: string[];
  /** The last routing decision recorded on the call (issue 21); absent: never routed. */
  routed?: RoutedSummary;
}

export interface RoutedSummary {
  occasion: CallRoutingRecord['occasion'];
  ruleVersion: number;
  rule: string | null;
  explicit: boolean;
  group: string | null;
  engineer: string | null;
  /** The facts the rules read when the call was routed (absent: routed before they were recorded). */
  facts?: CallRoutingRecord['facts'];
}

export interface ServiceLevelClock extends Document {
  calendar: CalendarDefinition;
  responseAllowedMs: number;
  resolutionAllowedMs: number;
  atRiskShare: number;
  /** Spans the clock stood still; an open one has no end. */
  pauses: Array<{ from: string; to: string | null }>;
}

const iso = (date: Date | undefined): string | null => (date ? isoString(date) : null);

function clockOf(call: Call, level: CallServiceLevel, rules: ServiceLevelRules): ServiceLevelClock {
  return {
    calendar: calendarOf(rules, level.calendar),
    responseAllowedMs: level.responseAllowedMs,
    resolutionAllowedMs: level.resolutionAllowedMs,
    atRiskShare: rules.atRiskShare,
    pauses: Object.values(call.holds)
      .filter((hold) => hold.pausesClock)
      .map((hold) => ({ from: isoString(hold.from), to: iso(hold.to) })),
  };
}

/** What service-level statistics read of a call (service-level-months.ts): the summary's fields, derived alone. */
export type StatisticsView = Pick<
  CallSummary,
  | 'priority'
  | 'group'
  | 'customerId'
  | 'productId'
  | 'contractId'
  | 'reportedAt'
  | 'reportedMonth'
  | 'respondedAt'
  | 'resolvedAt'
  | 'clock'
>;

export function statisticsViewOf(call: Call, rules: ServiceLevelRules | undefined): StatisticsView {
  const { subject, serviceLevel: level } = call;
  const reportedAt = isoString(call.reportedAt);
  return {
    priority: level?.priority ?? null,
    group: call.dispatch.group ?? null,
    customerId: subject.kind === 'customer' ? subject.customerId : null,
    productId: subject.kind === 'product' ? subject.productId : null,
    contractId: call.contractId ?? null,
    reportedAt,
    reportedMonth: monthOf(reportedAt),
    respondedAt: iso(call.respondedAt),
    resolvedAt: iso(call.resolution?.at),
    clock: level && rules ? clockOf(call, level, rules) : null,
  };
}

/**
 * What analytics reads of a call (analytics-rows.ts): the summary holds it, and the calls
 * projection tallies it month by month (analytics-months.ts), from this one derivation.
 */
export function analysedOf(
  call: Call,
  work: CallWork = callWork(call, Object.values(call.transfers)),
): AnalysedCall {
  const { subject, item, coverage, resolution } = call;
  return {
    reportedMonth: monthOf(isoString(call.reportedAt)),
    purpose: call.purpose ?? null,
    product: call.product ?? (subject.kind === 'product' ? subject.productId : (item.item ?? null)),
    contractId: call.contractId ?? null,
    customerId: subject.kind === 'customer' ? subject.customerId : null,
    coverageRule: coverage?.rule ?? null,
    coverageVerdict: coverage?.verdict ?? null,
    minutes: work.minutes,
    minutesByLabour: work.minutesByLabour,
    costs: work.costs,
    workBy: work.workBy,
    resolvedAt: iso(resolution?.at),
    resolvedBy: resolution?.by ?? null,
    group: call.dispatch.group ?? null,
  };
}

/**
 * Nothing analytics reads changed between two states of a call. States are immutable, so a
 * part that did not change is the same object: a few identity checks spare most events the
 * derivation. Every member analysedOf reads is compared here.
 */
export const sameAnalysis = (before: Call, after: Call): boolean =>
  before.reportedAt === after.reportedAt &&
  before.purpose === after.purpose &&
  before.product === after.product &&
  before.subject === after.subject &&
  before.item === after.item &&
  before.contractId === after.contractId &&
  before.coverage === after.coverage &&
  before.bookings === after.bookings &&
  before.transfers === after.transfers &&
  before.resolution === after.resolution &&
  before.dispatch.group === after.dispatch.group;

export function summarise(call: Call, lastChangedAt: Date, rules?: ServiceLevelRules): CallSummary {
  const transfers = Object.values(call.transfers);
  const work = callWork(call, transfers);
  const analysed = analysedOf(call, work);
  // Each member read once: states come in many shapes, so every read is a slow lookup.
  const { subject, status, item, dispatch, resolution, closure } = call;
  const level = call.serviceLevel;
  return {
    callId: call.id,
    number: call.number,
    status,
    open: isOpenStatus(status),
    archived: status === 'Archived',
    priority: level?.priority ?? null,
    actualPriority: level?.actualPriority ?? null,
    serviceLevels: level ? `${level.ruleSetId} v${level.version}` : null,
    serviceLevelSource: level?.source ?? null,
    emergency: call.emergency,
    onHold: call.onHold !== undefined,
    badFix: call.badFix,
    channel: call.intake.channel,
    siteId: subject.kind === 'customer' ? (subject.siteId ?? null) : null,
    productId: subject.kind === 'product' ? subject.productId : null,
    serialNumber: item.serialNumber ?? null,
    item: item.item ?? null,
    description: call.description,
    ...analysed,
    supportCentre: dispatch.supportCentre ?? null,
    engineer: dispatch.engineer ?? null,
    openTransfers: transfers.filter(isTransferOpen).map((t) => t.kind),
    reportedAt: isoString(call.reportedAt),
    loggedAt: isoString(call.loggedAt),
    responseDueAt: iso(level?.responseDueAt),
    resolutionDueAt: iso(level?.resolutionDueAt),
    pausedSince: iso(level?.pausedSince),
    clock: level && rules ? clockOf(call, level, rules) : null,
    escalations: Object.keys(level?.escalations ?? {}),
    respondedAt: iso(call.respondedAt),
    solution: resolution?.solution ?? null,
    closedAt: iso(closure?.at),
    cancelled: closure?.cancelled ?? false,
    archivedAt: iso(call.archivedAt),
    lastChangedAt: isoString(lastChangedAt),
    materials: work.materials,
    reopenedFrom: call.reopenedFrom?.number ?? null,
    reopenedAs: Object.values(call.reopenedAs).map((ref) => ref.number),
    billedSources: billedSources(call),
    ...(call.routing ? { routed: routedSummary(call.routing) } : {}),
  };
}

function routedSummary(routing: CallRoutingRecord): RoutedSummary {
  const { occasion, ruleVersion, rule, explicit, destination, facts } = routing;
  return {
    occasion,
    ruleVersion,
    rule,
    explicit,
    group: destination.group ?? null,
    engineer: destination.engineer ?? null,
    ...(facts ? { facts } : {}),
  };
}
