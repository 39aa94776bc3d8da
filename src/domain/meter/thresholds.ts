import type { Service } from '../contract/state.js';

/**
 * Thresholds on readings (E2) and their re-arm rule. A threshold is a range of normal
 * values: a reading at or above `high`, or at or below `low`, is out of range. The rule:
 *
 * - An armed threshold TRIPS on the first reading out of range: that reading makes one
 *   call. Tripped, it makes no call for later readings out of range, however many.
 * - It RE-ARMS on a reading back inside the range by its hysteresis — below
 *   `high − hysteresis` and above `low + hysteresis` — so a value hovering at the limit
 *   does not make a call per reading. A counter (copies, hours) only comes back down when
 *   its meter is replaced, so a counter's threshold trips once per meter unless it is set
 *   again. Setting a threshold again (SetThreshold) arms it afresh.
 * - Readings in the hysteresis band change nothing.
 */
export interface Threshold {
  readonly high?: number;
  readonly low?: number;
  readonly hysteresis: number;
  /** The service the call asks for (default on-site repair). */
  readonly service: Service;
  readonly priority?: number;
  readonly description?: string;
  /** Tripped by a reading out of range and not yet back inside: it makes no further call. */
  readonly tripped: boolean;
}

export type Limit = 'high' | 'low';

/** The limit a value breaks, if any (high first). */
export function limitBroken(
  threshold: Pick<Threshold, 'high' | 'low'>,
  value: number,
): Limit | undefined {
  if (threshold.high !== undefined && value >= threshold.high) return 'high';
  if (threshold.low !== undefined && value <= threshold.low) return 'low';
  return undefined;
}

/** The value is back inside the range by the hysteresis: a tripped threshold re-arms. */
export function backInRange(
  threshold: Pick<Threshold, 'high' | 'low' | 'hysteresis'>,
  value: number,
): boolean {
  const { high, low, hysteresis } = threshold;
  return (
    (high === undefined || value < high - hysteresis) &&
    (low === undefined || value > low + hysteresis)
  );
}

export type ThresholdJudgement =
  | { readonly kind: 'crossed'; readonly limit: Limit; readonly limitValue: number }
  | { readonly kind: 'rearmed' }
  | undefined;

/** What a reading does to a threshold under the re-arm rule. */
export function judgeReading(threshold: Threshold, value: number): ThresholdJudgement {
  if (!threshold.tripped) {
    const limit = limitBroken(threshold, value);
    return limit
      ? { kind: 'crossed', limit, limitValue: limit === 'high' ? threshold.high! : threshold.low! }
      : undefined;
  }
  return backInRange(threshold, value) ? { kind: 'rearmed' } : undefined;
}
