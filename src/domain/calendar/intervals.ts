import { DAY_MS } from './civil.js';
import { checkInstant, compile, workingDay } from './compiled.js';
import type { CalendarDefinition } from './schema.js';

/** A span of time [start, end) in epoch milliseconds. */
export type Span = readonly [start: number, end: number];

/** The calendar's working time within [from, to), as spans in order (touching ones merged). */
export function workingSpans(calendar: CalendarDefinition, from: Date, to: Date): Span[] {
  const start = checkInstant(from.getTime(), 'from');
  const end = checkInstant(to.getTime(), 'to');
  const compiled = compile(calendar);
  if (compiled.alwaysOpen) return start < end ? [[start, end]] : [];
  const spans: Array<[number, number]> = [];
  for (let day = Math.floor(start / DAY_MS); day * DAY_MS < end; day++) {
    const { bounds } = workingDay(compiled, day);
    for (let i = 0; i + 1 < bounds.length; i += 2) {
      const s = Math.max(bounds[i]!, start);
      const e = Math.min(bounds[i + 1]!, end);
      if (s >= e) continue;
      const last = spans[spans.length - 1];
      if (last?.[1] === s) last[1] = e;
      else spans.push([s, e]);
    }
  }
  return spans;
}

/** `spans` less the `busy` ones: what is left free, in order. */
export function subtractSpans(spans: readonly Span[], busy: readonly Span[]): Span[] {
  const sorted = [...busy].sort((a, b) => a[0] - b[0]);
  const free: Span[] = [];
  for (const [start, end] of spans) {
    let cursor = start;
    for (const [bs, be] of sorted) {
      if (be <= cursor || bs >= end) continue;
      if (bs > cursor) free.push([cursor, bs]);
      cursor = Math.max(cursor, be);
      if (cursor >= end) break;
    }
    if (cursor < end) free.push([cursor, end]);
  }
  return free;
}
