import { DomainError } from '../shared/errors.js';
import { checkDuration, checkInstant, compile } from './compiled.js';
import type { CalendarDefinition } from './schema.js';
import { addWorkingMs, workingMsBetween } from './working-time.js';

/**
 * Stopped clocks: a call waiting for the customer, parts on order… A pause stops the
 * service-level clock from `from` (included) to `to` (excluded); a pause without `to` is
 * still running: the clock stays stopped from `from` on. Pauses may overlap or touch:
 * their union is what is stopped, never counted twice.
 */
export interface Pause {
  readonly from: Date;
  readonly to?: Date | undefined;
}

/**
 * The union of the pauses within [from, to), as flat sorted disjoint [start, end, …]
 * epoch milliseconds (`to` may be Infinity: an open pause then ends at Infinity).
 * Throws DomainError `InvalidPause` for a pause that ends before it starts.
 */
export function pausedSpans(pauses: readonly Pause[], from: number, to: number): number[] {
  const spans: Array<readonly [number, number]> = [];
  for (const pause of pauses) {
    const start = checkInstant(pause.from.getTime(), 'pause start');
    const end = pause.to === undefined ? Infinity : checkInstant(pause.to.getTime(), 'pause end');
    if (end < start) {
      throw new DomainError('InvalidPause', 'A pause ends before it starts', {
        from: pause.from.toISOString(),
        to: pause.to?.toISOString(),
      });
    }
    const clippedStart = Math.max(start, from);
    const clippedEnd = Math.min(end, to);
    if (clippedStart < clippedEnd) spans.push([clippedStart, clippedEnd]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: number[] = [];
  for (const [start, end] of spans) {
    const last = merged.length - 1; // index of the end of the last merged span
    if (merged.length > 0 && start <= (merged[last] ?? -Infinity))
      merged[last] = Math.max(merged[last] ?? end, end);
    else merged.push(start, end);
  }
  return merged;
}

/**
 * Working milliseconds in [from, to) while the clock was not paused. A pause without an
 * end lasts until `to`. Never more than workingTimeBetween(from, to).
 */
export function workingTimeBetweenExcluding(
  calendar: CalendarDefinition,
  from: Date,
  to: Date,
  pauses: readonly Pause[],
): number {
  const compiled = compile(calendar);
  const fromMs = checkInstant(from.getTime(), 'from');
  const toMs = checkInstant(to.getTime(), 'to');
  if (toMs <= fromMs) return 0;
  let elapsed = workingMsBetween(compiled, fromMs, toMs);
  const spans = pausedSpans(pauses, fromMs, toMs);
  for (let i = 0; i < spans.length; i += 2)
    elapsed -= workingMsBetween(compiled, spans[i] ?? 0, spans[i + 1] ?? 0);
  return elapsed;
}

/**
 * The due instant of a clock of `durationMs` working time started at `start`, stopped
 * during `pauses`: the earliest instant T with
 * workingTimeBetweenExcluding(start, T, pauses) === durationMs.
 *
 * Returns `undefined` when the clock is stopped by a pause without end before the
 * duration has run out: there is no due time while the pause lasts (recompute once it
 * ends). A zero duration returns `start`, as addWorkingTime does. Pauses before `start`
 * are ignored; a pause running at `start` holds the clock from the start.
 */
export function addWorkingTimeWithPauses(
  calendar: CalendarDefinition,
  start: Date,
  durationMs: number,
  pauses: readonly Pause[],
): Date | undefined {
  const compiled = compile(calendar);
  let at = checkInstant(start.getTime(), 'start');
  let remaining = checkDuration(durationMs);
  if (remaining === 0) return new Date(at);
  const spans = pausedSpans(pauses, at, Infinity);
  for (let i = 0; i < spans.length; i += 2) {
    const pauseStart = spans[i] ?? at;
    const pauseEnd = spans[i + 1] ?? Infinity;
    if (pauseStart > at) {
      const running = workingMsBetween(compiled, at, pauseStart);
      if (running >= remaining) return new Date(addWorkingMs(compiled, at, remaining));
      remaining -= running;
    }
    if (pauseEnd === Infinity) return undefined;
    at = pauseEnd;
  }
  return new Date(addWorkingMs(compiled, at, remaining));
}
