import { workingTimeBetween, type CalendarDefinition } from '../domain/index.js';
import {
  calendarOf,
  canVisit,
  demoAbsences,
  demoEngineers,
  type DemoEngineer,
} from './engineers.js';
import type { DemoEquipment } from './organisation.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Visits start on the hour or the half hour. */
const GRID = 30 * MINUTE;
/** How far ahead a slot is looked for before giving up (the engineer's first free slot is used anyway). */
const HORIZON = 120 * DAY;
/** Bookings that ended this long before a request can no longer be in the way: plans come in arrival order. */
const FORGET_AFTER = 14 * DAY;

interface Interval {
  readonly start: number;
  readonly end: number;
}

/**
 * The dispatcher's view of the engineers' agendas while the demo plans its calls: their
 * working calendars and absences (the same master data setup.ts records) and the visits
 * planned so far. Plans are made in arrival order, so each visit is booked into time no
 * earlier visit holds; the domain then accepts every one without an override. A visit
 * moved to another day keeps its first slot here too: the call that would take it might
 * schedule before the move happens. No random draw: the seed's sequence stays as it was.
 */
export class VisitBoard {
  private readonly calendars = new Map<string, CalendarDefinition>();
  private readonly visits = new Map<string, Interval[]>();
  private readonly absences = new Map<string, Interval[]>();

  /** `year`: the year the engineers' profiles (and their calendars) were defined for. */
  constructor(year: number) {
    for (const engineer of demoEngineers) {
      this.calendars.set(engineer.id, calendarOf(engineer, year));
      this.visits.set(engineer.id, []);
      this.absences.set(engineer.id, []);
    }
    for (const a of demoAbsences(year))
      this.absences
        .get(a.engineerId)!
        .push({ start: Date.parse(a.from), end: Date.parse(a.until) });
  }

  /**
   * Who goes to the unit: among the group's members who serve its region and know the item,
   * the one free soonest from `from` (the drawn engineer first on a tie, then the group's
   * order); the drawn engineer when nobody fits.
   */
  chooseEngineer(
    drawn: string,
    members: readonly string[],
    unit: DemoEquipment,
    from: number,
    length: number,
  ): string {
    const candidates = [drawn, ...members.filter((id) => id !== drawn)]
      .map((id) => demoEngineers.find((e) => e.id === id))
      .filter((e): e is DemoEngineer => e !== undefined && canVisit(e, unit));
    let best: { id: string; at: number } | undefined;
    for (const engineer of candidates) {
      const at = this.earliest(engineer.id, from, length);
      if (!best || at < best.at) best = { id: engineer.id, at };
    }
    return best?.id ?? drawn;
  }

  /**
   * The engineer's first free slot of `length` from `from` on: within their working time,
   * clear of their absences and planned visits, starting on the grid. An engineer the board
   * does not know is free whenever asked.
   */
  earliest(engineerId: string, from: number, length: number): number {
    const calendar = this.calendars.get(engineerId);
    if (!calendar) return from;
    const visits = this.forget(engineerId, from);
    const away = this.absences.get(engineerId)!;
    const first = Math.ceil(from / GRID) * GRID;
    for (let start = first; start < first + HORIZON; start += GRID) {
      const end = start + length;
      if (clash(away, start, end) || clash(visits, start, end)) continue;
      if (workingTimeBetween(calendar, new Date(start), new Date(end)) === length) return start;
    }
    return first;
  }

  /** Books the engineer's visit: later plans see it in the way. */
  book(engineerId: string, start: number, end: number): void {
    this.visits.get(engineerId)?.push({ start, end });
  }

  /** The engineer's visits that may still be in the way of requests from `from` on. */
  private forget(engineerId: string, from: number): Interval[] {
    const visits = this.visits.get(engineerId)!;
    if (visits.length > 64) {
      const kept = visits.filter((v) => v.end > from - FORGET_AFTER);
      this.visits.set(engineerId, kept);
      return kept;
    }
    return visits;
  }
}

/** Half-open intervals, as the domain's check: a visit may start as the last ends. */
const clash = (intervals: readonly Interval[], start: number, end: number): boolean =>
  intervals.some((i) => i.start < end && start < i.end);
