import { expect } from 'vitest';
import {
  HOUR_MS,
  MINUTE_MS,
  type CalendarDefinition,
  type Pause,
  addWorkingTime,
  addWorkingTimeWithPauses,
  workingTimeBetween,
  workingTimeBetweenExcluding,
} from '../../../src/domain/calendar/index.js';

/**
 * A small given/then language for calendar specifications. Instants are written as
 * ISO-8601 with the local offset ('2026-03-06T17:30+01:00'), so a reader sees the local
 * time the business speaks of.
 */
export const hours = (n: number) => n * HOUR_MS;
export const minutes = (n: number) => n * MINUTE_MS;
export const at = (iso: string) => new Date(iso);

export interface PauseSpec {
  readonly from: string;
  readonly to?: string;
}

const toPauses = (specs: readonly PauseSpec[]): Pause[] =>
  specs.map((spec) => ({
    from: at(spec.from),
    to: spec.to === undefined ? undefined : at(spec.to),
  }));

const same = (actual: Date | undefined, expected: string) =>
  expect(actual?.toISOString()).toBe(at(expected).toISOString());

export function given(calendar: CalendarDefinition) {
  return {
    /** A clock (a call's service-level target) started at `start`. */
    loggedAt(start: string) {
      const clock = (pauses: readonly PauseSpec[]) => ({
        pausedDuring: (...more: PauseSpec[]) => clock([...pauses, ...more]),
        withTarget: (durationMs: number) => {
          const due = () =>
            pauses.length === 0
              ? addWorkingTime(calendar, at(start), durationMs)
              : addWorkingTimeWithPauses(calendar, at(start), durationMs, toPauses(pauses));
          return {
            thenDueAt(expected: string) {
              const actual = due();
              same(actual, expected);
              // …and exactly the target's working time has elapsed by then.
              const elapsed = workingTimeBetweenExcluding(
                calendar,
                at(start),
                actual ?? at(start),
                toPauses(pauses),
              );
              expect(elapsed).toBe(durationMs);
            },
            thenNoDueTime() {
              expect(due()).toBeUndefined();
            },
          };
        },
      });
      return clock([]);
    },
    /** The working time of [from, to). */
    between(from: string, to: string) {
      const span = (pauses: readonly PauseSpec[]) => ({
        pausedDuring: (...more: PauseSpec[]) => span([...pauses, ...more]),
        thenWorkingTime(expected: number) {
          const actual =
            pauses.length === 0
              ? workingTimeBetween(calendar, at(from), at(to))
              : workingTimeBetweenExcluding(calendar, at(from), at(to), toPauses(pauses));
          expect(actual / HOUR_MS).toBe(expected / HOUR_MS); // read in hours when it fails
        },
      });
      return span([]);
    },
  };
}

/** Public holidays 2026, as a French and an Italian calendar would list them. */
export const frenchHolidays2026 = [
  '2026-01-01',
  '2026-04-06',
  '2026-05-01',
  '2026-05-08',
  '2026-05-14',
  '2026-05-25',
  '2026-07-14',
  '2026-08-15',
  '2026-11-01',
  '2026-11-11',
  '2026-12-25',
];
export const italianHolidays2026 = [
  '2026-01-01',
  '2026-01-06',
  '2026-04-06',
  '2026-04-25',
  '2026-05-01',
  '2026-06-02',
  '2026-08-15',
  '2026-11-01',
  '2026-12-08',
  '2026-12-25',
  '2026-12-26',
];
