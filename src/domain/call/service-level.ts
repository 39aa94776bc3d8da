import { DomainError } from '../shared/errors.js';

/**
 * Response and resolution targets per priority (A5). Priority 1 is the most urgent.
 * This first policy counts wall-clock minutes from the reported time; calendars, pauses
 * and priority factors deepen it later without changing what a call records.
 */
export interface ServiceLevelPolicy {
  readonly id: string;
  readonly defaultPriority: number;
  readonly targets: Readonly<Record<number, { readonly responseMinutes: number; readonly resolutionMinutes: number }>>;
}

export const defaultServiceLevels: ServiceLevelPolicy = {
  id: 'standard-2026',
  defaultPriority: 3,
  targets: {
    1: { responseMinutes: 30, resolutionMinutes: 4 * 60 },
    2: { responseMinutes: 2 * 60, resolutionMinutes: 8 * 60 },
    3: { responseMinutes: 4 * 60, resolutionMinutes: 24 * 60 },
    4: { responseMinutes: 8 * 60, resolutionMinutes: 3 * 24 * 60 },
    5: { responseMinutes: 24 * 60, resolutionMinutes: 10 * 24 * 60 },
  },
};

const MINUTE = 60_000;

export function serviceLevelTargets(policy: ServiceLevelPolicy, priority: number, reportedAt: Date) {
  const target = policy.targets[priority];
  if (!target) {
    throw new DomainError('UnknownPriority', `Priority ${priority} has no targets in service-level policy ${policy.id}`, {
      priority,
      policy: policy.id,
      known: Object.keys(policy.targets).map(Number),
    });
  }
  return {
    priority,
    policy: policy.id,
    responseDueAt: new Date(reportedAt.getTime() + target.responseMinutes * MINUTE),
    resolutionDueAt: new Date(reportedAt.getTime() + target.resolutionMinutes * MINUTE),
  };
}

/** Where a target stands at an instant: met or breached once done; else on track, at risk or breached. */
export type TargetState = 'on-track' | 'at-risk' | 'breached' | 'met';

export const targetStates: readonly TargetState[] = ['on-track', 'at-risk', 'met', 'breached'];

/**
 * The state of one target (response or resolution) as of an instant, all in epoch
 * milliseconds. At risk once `atRiskShare` of the allowed time is used.
 */
export function targetState(startMs: number, dueMs: number, doneMs: number | undefined, asOfMs: number, atRiskShare: number): TargetState {
  if (doneMs !== undefined && doneMs <= asOfMs) return doneMs <= dueMs ? 'met' : 'breached';
  if (asOfMs > dueMs) return 'breached';
  const allowed = dueMs - startMs;
  const used = allowed <= 0 ? 1 : (asOfMs - startMs) / allowed;
  return used >= atRiskShare ? 'at-risk' : 'on-track';
}

/** The worse of two states, for a call's overall service-level state. */
export function worseState(a: TargetState, b: TargetState): TargetState {
  const rank: Record<TargetState, number> = { met: 0, 'on-track': 1, 'at-risk': 2, breached: 3 };
  return rank[a] >= rank[b] ? a : b;
}
