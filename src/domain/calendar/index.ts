/**
 * Business calendars for service levels: clocks that count working time, not wall time.
 * Pure: instants come from the caller; time zones are read from ICU via Intl.
 */
export * from './schema.js';
export * from './examples.js';
export {
  addWorkingTime,
  workingTimeBetween,
  isWorkingTime,
  nextWorkingInstant,
} from './working-time.js';
export { type Pause, workingTimeBetweenExcluding, addWorkingTimeWithPauses } from './pauses.js';
export { isValidTimeZone, zoneOffsetAt, localDateOf } from './zone.js';
export { MINUTE_MS, HOUR_MS, DAY_MS } from './civil.js';
export { type Span, workingSpans, subtractSpans } from './intervals.js';
