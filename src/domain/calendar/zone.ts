import { DAY_MS, SECOND_MS, civilMs, isoDateOf } from './civil.js';

/**
 * Time-zone rules read from ICU through Intl.DateTimeFormat: a deterministic computation
 * over the tz database bundled with the runtime (no clock, no I/O), so it is allowed in
 * the domain. Offsets are known to the second, as the tz database states them.
 *
 * Intl is slow (microseconds per call), so the offsets of each UTC day are worked out once
 * per zone and kept: a UTC day is split into segments of constant offset, found by
 * bisection when the offset changes within it.
 */
export interface ZoneRules {
  readonly timeZone: string;
  readonly format: Intl.DateTimeFormat;
  /** UTC day number → flat [segmentStart, offset, segmentStart, offset, …] in milliseconds. */
  readonly days: Map<number, readonly number[]>;
}

/** Bounds of the caches: beyond this many entries a cache starts afresh (its content is only derived). */
const MAX_CACHED_DAYS = 200_000;
const zones = new Map<string, ZoneRules>();

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The rules of an IANA zone; throws a RangeError for a name the runtime does not know. */
export function zoneRules(timeZone: string): ZoneRules {
  let rules = zones.get(timeZone);
  if (!rules) {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    rules = { timeZone, format, days: new Map() };
    zones.set(timeZone, rules);
  }
  return rules;
}

/** The offset (local wall clock minus UTC, in milliseconds) in force at an instant, read from ICU. */
function readOffset(rules: ZoneRules, ms: number): number {
  const second = Math.floor(ms / SECOND_MS) * SECOND_MS;
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let sec = 0;
  for (const part of rules.format.formatToParts(second)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value);
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        sec = Number(part.value);
        break;
      default:
        break;
    }
  }
  return civilMs(year, month, day, hour, minute, sec) - second;
}

/**
 * The segments of constant offset of UTC day `utcDay`, as a flat list
 * [start, offset, start, offset, …]; the first start is the UTC midnight, each segment
 * lasts until the next start or the end of the day. Assumes the offset does not change
 * and change back within the same UTC day (true of every zone in use).
 */
export function offsetSegments(rules: ZoneRules, utcDay: number): readonly number[] {
  const cached = rules.days.get(utcDay);
  if (cached) return cached;
  const start = utcDay * DAY_MS;
  const lastSecond = start + DAY_MS - SECOND_MS;
  const last = readOffset(rules, lastSecond);
  const segments: number[] = [];
  let from = start;
  let offset = readOffset(rules, from);
  for (;;) {
    segments.push(from, offset);
    if (offset === last) break;
    // Bisect, in whole seconds, for the first second with another offset in (from, lastSecond].
    let lo = from / SECOND_MS;
    let hi = lastSecond / SECOND_MS;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (readOffset(rules, mid * SECOND_MS) === offset) lo = mid;
      else hi = mid;
    }
    from = hi * SECOND_MS;
    offset = readOffset(rules, from);
  }
  if (rules.days.size >= MAX_CACHED_DAYS) rules.days.clear();
  rules.days.set(utcDay, segments);
  return segments;
}

/** The offset in force at an instant (epoch milliseconds), from the cached segments. */
export function offsetAtMs(rules: ZoneRules, ms: number): number {
  const segments = offsetSegments(rules, Math.floor(ms / DAY_MS));
  let offset = segments[1] ?? 0;
  for (let i = 2; i < segments.length; i += 2) {
    if ((segments[i] ?? Infinity) > ms) break;
    offset = segments[i + 1] ?? offset;
  }
  return offset;
}

/** Local wall clock minus UTC, in milliseconds, in `timeZone` at `at` (e.g. 7_200_000 for Paris in summer). */
export function zoneOffsetAt(timeZone: string, at: Date): number {
  return offsetAtMs(zoneRules(timeZone), at.getTime());
}

/** The local calendar date (YYYY-MM-DD) of an instant in `timeZone`. */
export function localDateOf(timeZone: string, at: Date): string {
  const ms = at.getTime();
  return isoDateOf(Math.floor((ms + offsetAtMs(zoneRules(timeZone), ms)) / DAY_MS));
}
