import type { Call } from './state.js';
import { calendarOf, type ServiceLevelVersion, type TargetKind } from '../service-level/rules.js';
import { judgeTarget, pausesOf, targetsFor, type Targets } from '../service-level/clock.js';
import type { TargetState } from '../service-level/target-state.js';

export interface Judgement {
  readonly targets: Targets;
  readonly response: TargetState;
  readonly resolution: TargetState;
}

/**
 * Judges a call under a rule-set version as of an instant: its targets recomputed from its
 * own history (reported time, priority and factors, the holds with their kinds: whether a
 * hold stops the clock is asked of these rules), then each target judged in working time.
 * Pure: nothing is recorded; the stored history is never touched.
 */
export function judgeCall(
  call: Call,
  version: ServiceLevelVersion,
  asOf: Date,
): Judgement | undefined {
  const level = call.serviceLevel;
  if (!level) return undefined;
  const { rules } = version;
  const holds = Object.values(call.holds).map((hold) => ({
    from: hold.from,
    pausesClock: rules.pauseOn.includes(hold.kind),
    ...(hold.to ? { to: hold.to } : {}),
  }));
  const { badFix: _recorded, ...factors } = level.factors;
  const rating = {
    priority: level.priority,
    factors:
      call.badFix && rules.badFixFactor !== 1
        ? { ...factors, badFix: rules.badFixFactor }
        : factors,
    emergency: call.emergency,
  };
  const targets = targetsFor(version, rating, call.reportedAt, holds);
  const calendar = calendarOf(rules, targets.calendar);
  const pauses = pausesOf(holds);
  const judge = (allowedMs: number, doneAt?: Date) =>
    judgeTarget(calendar, call.reportedAt, allowedMs, pauses, asOf, rules.atRiskShare, doneAt);
  return {
    targets,
    response: judge(targets.responseAllowedMs, call.respondedAt),
    resolution: judge(targets.resolutionAllowedMs, call.resolution?.at),
  };
}

export interface WhatIfDifference {
  readonly callId: string;
  readonly number: string;
  readonly customerId: string | null;
  readonly target: TargetKind;
  readonly recorded: TargetState;
  readonly alternative: TargetState;
}

export interface WhatIfReport {
  readonly calls: number;
  readonly alternative: string;
  readonly asOf: string;
  readonly differences: readonly WhatIfDifference[];
  /** Per customer: breaches the alternative rules would add (gained) or remove (lost). */
  readonly byCustomer: Readonly<Record<string, { readonly gained: number; readonly lost: number }>>;
}

/** Compares each call judged by the rules it recorded with the same call judged by other rules; calls cancelled by `asOf` are left out. */
export function whatIf(
  calls: ReadonlyArray<{ call: Call; recorded: ServiceLevelVersion }>,
  alternative: ServiceLevelVersion,
  asOf: Date,
): WhatIfReport {
  const differences: WhatIfDifference[] = [];
  // A Map, not a plain object: a customer id is user data (`constructor`).
  const byCustomer = new Map<string, { gained: number; lost: number }>();
  let judged = 0;
  for (const { call, recorded } of calls) {
    // Cancelled by then: there was nothing to deliver (as the breach statistics count).
    if (call.closure?.cancelled && call.closure.at <= asOf) continue;
    const before = judgeCall(call, recorded, asOf);
    const after = judgeCall(call, alternative, asOf);
    if (!before || !after) continue;
    judged++;
    const customerId = call.subject.kind === 'customer' ? call.subject.customerId : null;
    for (const target of ['response', 'resolution'] as const) {
      if (before[target] === after[target]) continue;
      differences.push({
        callId: call.id,
        number: call.number,
        customerId,
        target,
        recorded: before[target],
        alternative: after[target],
      });
      const key = customerId ?? '(no customer)';
      let tally = byCustomer.get(key);
      if (!tally) byCustomer.set(key, (tally = { gained: 0, lost: 0 }));
      if (after[target] === 'breached') tally.gained++;
      if (before[target] === 'breached') tally.lost++;
    }
  }
  return {
    calls: judged,
    alternative: `${alternative.ruleSetId} v${alternative.version}`,
    asOf: asOf.toISOString(),
    differences,
    byCustomer: Object.fromEntries(byCustomer),
  };
}
