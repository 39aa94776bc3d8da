import { judgeTarget, worseState, type TargetState } from '../domain/index.js';
import type { CallSummary } from './call-summary.js';

/** Where a call's two targets stand at an instant (null: no service level, or no instant). */
export interface ServiceLevelJudgement {
  readonly response: TargetState | null;
  readonly resolution: TargetState | null;
  /** The worse of response and resolution. */
  readonly serviceLevelState: TargetState | null;
}

const UNJUDGED: ServiceLevelJudgement = {
  response: null,
  resolution: null,
  serviceLevelState: null,
};

/**
 * Where a call's targets stand at an instant: the working time used (on the call's
 * calendar, holds that stopped the clock excluded) against the time allowed. A target is
 * met or breached once done; running, it is on track, at risk (the share is used) or breached.
 */
export function serviceLevelOf(
  summary: Pick<CallSummary, 'clock' | 'reportedAt' | 'respondedAt' | 'resolvedAt'>,
  asOf: Date | undefined,
  atRiskShare?: number,
): ServiceLevelJudgement {
  const clock = summary.clock;
  if (!asOf || !clock) return UNJUDGED;
  const reportedAt = new Date(summary.reportedAt);
  const pauses = clock.pauses.map((p) => ({
    from: new Date(p.from),
    ...(p.to ? { to: new Date(p.to) } : {}),
  }));
  const share = atRiskShare ?? clock.atRiskShare;
  const judge = (allowedMs: number, doneAt: string | null): TargetState =>
    judgeTarget(
      clock.calendar,
      reportedAt,
      allowedMs,
      pauses,
      asOf,
      share,
      doneAt === null ? undefined : new Date(doneAt),
    );
  const response = judge(clock.responseAllowedMs, summary.respondedAt);
  const resolution = judge(clock.resolutionAllowedMs, summary.resolvedAt);
  return { response, resolution, serviceLevelState: worseState(response, resolution) };
}
