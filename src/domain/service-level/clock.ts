import {
  addWorkingTimeWithPauses,
  workingTimeBetweenExcluding,
  type CalendarDefinition,
  type Pause,
} from '../calendar/index.js';
import { DomainError } from '../shared/errors.js';
import type { TargetState } from './target-state.js';
import {
  calendarOf,
  type EscalationLevel,
  type ServiceLevelRules,
  type ServiceLevelVersion,
  type TargetKind,
} from './rules.js';

const MINUTE = 60_000;

/** A hold as the clock sees it: from when to when, and whether it stopped the clock. */
export interface ClockHold {
  readonly from: Date;
  readonly to?: Date;
  readonly pausesClock: boolean;
}

export interface PriorityRating {
  /** The priority class (1 most urgent) whose periods apply. */
  readonly priority: number;
  /** The factors that scale the periods: equipment, customer, problem type, bad fix, … */
  readonly factors: Readonly<Record<string, number>>;
  readonly emergency: boolean;
}

export interface Targets {
  readonly calendar: string;
  /** Base priority × factors: the actual priority, for ranking. */
  readonly actualPriority: number;
  readonly factor: number;
  readonly responseAllowedMs: number;
  readonly resolutionAllowedMs: number;
  /** Undefined while a hold stops the clock: there is no due time until it resumes. */
  readonly responseDueAt?: Date;
  readonly resolutionDueAt?: Date;
}

export const factorOf = (factors: Readonly<Record<string, number>>): number =>
  Object.values(factors).reduce((product, f) => product * f, 1);

/**
 * Targets as the source system computes them: the priority's periods × the factors, added
 * to the reported time on the rule set's calendar, with the clock stopped during holds.
 */
export function targetsFor(
  version: ServiceLevelVersion,
  rating: PriorityRating,
  reportedAt: Date,
  holds: readonly ClockHold[],
): Targets {
  const { rules } = version;
  const period = rules.priorities[String(rating.priority)];
  if (!period) {
    throw new DomainError(
      'UnknownPriority',
      `Priority ${rating.priority} has no targets in service levels ${version.ruleSetId} v${version.version}`,
      {
        priority: rating.priority,
        known: Object.keys(rules.priorities).map(Number),
      },
    );
  }
  const factor = factorOf(rating.factors);
  const calendarId =
    rating.emergency && rules.emergencyCalendar ? rules.emergencyCalendar : period.calendar;
  const calendar = calendarOf(rules, calendarId);
  const pauses = pausesOf(holds);
  const responseAllowedMs = Math.round(period.responseMinutes * MINUTE * factor);
  const resolutionAllowedMs = Math.round(period.resolutionMinutes * MINUTE * factor);
  const responseDueAt = addWorkingTimeWithPauses(calendar, reportedAt, responseAllowedMs, pauses);
  const resolutionDueAt = addWorkingTimeWithPauses(
    calendar,
    reportedAt,
    resolutionAllowedMs,
    pauses,
  );
  return {
    calendar: calendarId,
    actualPriority: Math.round(rating.priority * factor * 100) / 100,
    factor,
    responseAllowedMs,
    resolutionAllowedMs,
    ...(responseDueAt ? { responseDueAt } : {}),
    ...(resolutionDueAt ? { resolutionDueAt } : {}),
  };
}

export function pausesOf(holds: readonly ClockHold[]): Pause[] {
  return holds
    .filter((h) => h.pausesClock)
    .map((h) => ({ from: h.from, ...(h.to ? { to: h.to } : {}) }));
}

/** Share of a target's allowed working time used by `asOf` (or by when it was met), holds excluded. */
export function usedShare(
  rules: ServiceLevelRules,
  calendarId: string,
  reportedAt: Date,
  allowedMs: number,
  holds: readonly ClockHold[],
  asOf: Date,
  doneAt?: Date,
): number {
  const until = doneAt && doneAt.getTime() < asOf.getTime() ? doneAt : asOf;
  const used = workingTimeBetweenExcluding(
    calendarOf(rules, calendarId),
    reportedAt,
    until,
    pausesOf(holds),
  );
  return allowedMs <= 0 ? 1 : used / allowedMs;
}

/** The escalation levels a share has reached, lowest first. */
export function levelsReached(
  rules: ServiceLevelRules,
  share: number,
): Array<{ level: EscalationLevel; share: number }> {
  return rules.escalation.filter((step) => share >= step.share).sort((a, b) => a.share - b.share);
}

export const escalationKey = (target: TargetKind, level: EscalationLevel): string =>
  `${target}-${level}`;

/**
 * Where one target stands at an instant, in working time on its calendar with the clock's
 * pauses excluded: met or breached once done; while running, on track, at risk once
 * `atRiskShare` of the allowed time is used, or breached.
 */
export function judgeTarget(
  calendar: CalendarDefinition,
  reportedAt: Date,
  allowedMs: number,
  pauses: readonly Pause[],
  asOf: Date,
  atRiskShare: number,
  doneAt?: Date,
): TargetState {
  const done = doneAt && doneAt.getTime() <= asOf.getTime() ? doneAt : undefined;
  const used = workingTimeBetweenExcluding(calendar, reportedAt, done ?? asOf, pauses);
  if (done) return used <= allowedMs ? 'met' : 'breached';
  if (used >= allowedMs && used > 0) return 'breached';
  return allowedMs > 0 && used / allowedMs >= atRiskShare ? 'at-risk' : 'on-track';
}
