/** Where a target stands at an instant: met or breached once done; else on track, at risk or breached. */
export type TargetState = 'on-track' | 'at-risk' | 'breached' | 'met';

export const targetStates: readonly TargetState[] = ['on-track', 'at-risk', 'met', 'breached'];

/**
 * The state of one target (response or resolution) as of an instant, all in epoch
 * milliseconds. At risk once `atRiskShare` of the allowed time is used.
 */
export function targetState(
  startMs: number,
  dueMs: number,
  doneMs: number | undefined,
  asOfMs: number,
  atRiskShare: number,
): TargetState {
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
