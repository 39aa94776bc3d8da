import { strip } from '../shared/objects.js';
import type { Targets } from '../service-level/clock.js';
import type { ServiceLevelVersion, TargetSource } from '../service-level/rules.js';
import type { CallEvent } from './events.js';
import type { Call, Hold } from './state.js';

/** The factors that scale a call's periods: those given, plus the rule set's bad-fix factor for a bad fix. */
export function ratingFactors(
  version: ServiceLevelVersion,
  given: Readonly<Record<string, number>>,
  badFix: boolean,
): Record<string, number> {
  const factors = { ...given };
  if (badFix && version.rules.badFixFactor !== 1) factors.badFix = version.rules.badFixFactor;
  return factors;
}

export function prioritySet(
  at: Date,
  version: ServiceLevelVersion,
  source: TargetSource,
  priority: number,
  factors: Readonly<Record<string, number>>,
  targets: Targets,
  emergency: boolean,
  reason?: string,
): CallEvent {
  return {
    type: 'PrioritySet',
    data: strip({
      at,
      priority,
      actualPriority: targets.actualPriority,
      factors: { ...factors },
      ruleSetId: version.ruleSetId,
      version: version.version,
      source,
      calendar: targets.calendar,
      responseAllowedMs: targets.responseAllowedMs,
      resolutionAllowedMs: targets.resolutionAllowedMs,
      responseDueAt: targets.responseDueAt,
      resolutionDueAt: targets.resolutionDueAt,
      emergency,
      reason,
    }),
  };
}

/** The call's holds as its clock sees them, with an open hold ending at `until` if given. */
export function clockHolds(
  call: Call,
  until?: Date,
): Array<{ from: Date; to?: Date; pausesClock: boolean }> {
  return Object.values(call.holds).map((hold: Hold) => {
    const to = hold.to ?? until;
    return { from: hold.from, pausesClock: hold.pausesClock, ...(to ? { to } : {}) };
  });
}
