import { planCall, type CallPlan, type PlannedStep } from './scenarios.js';
import { Random } from './random.js';
import { VisitBoard } from './visit-board.js';

const DAY = 24 * 60 * 60_000;
/** Calls arrive during the ten hours from the day's opening. */
const ARRIVAL_HOURS = 10;

/** One planned command of one call, due at `at` (ms). */
export interface AgendaItem {
  readonly at: number;
  /** The call's index in arrival order (the order calls are planned in). */
  readonly call: number;
  /** The step's index within its call's plan. */
  readonly index: number;
  readonly step: PlannedStep;
}

/**
 * The working days calls arrive on (Mon–Fri, about 150 calls a day, at most a fifth of the
 * total): call i arrives on working day ⌊i / perDay⌋ after the start, at a random minute of
 * its ten hours. Days are counted forward as calls are asked for, in arrival order, so
 * finding a call's day costs nothing however long the simulation runs.
 */
export class ArrivalDays {
  private readonly perDay: number;
  private day = 0;
  private date: number;

  constructor(start: Date, total: number) {
    this.perDay = Math.max(1, Math.min(150, Math.ceil(total / 5)));
    this.date = start.getTime();
  }

  /** The opening of call `index`'s day: no call of that day arrives earlier. Indexes never go back. */
  dayOf(index: number): number {
    const wanted = Math.floor(index / this.perDay);
    while (this.day < wanted) {
      this.date += DAY;
      const weekday = new Date(this.date).getUTCDay();
      if (weekday !== 0 && weekday !== 6) this.day++;
    }
    return this.date;
  }

  /** Call `index`'s arrival: one draw for its minute of the day. */
  arrival(index: number, random: Random): Date {
    return new Date(this.dayOf(index) + random.int(0, ARRIVAL_HOURS * 60 - 1) * 60_000);
  }
}

/**
 * The demo's agenda, streamed: calls are planned one at a time in arrival order, just
 * before their first step can be due, and their steps wait in a priority queue ordered by
 * (instant, call, step). Only the calls under way are held, so memory stays flat however
 * many calls the demo runs; and the order is exactly that of sorting every step of every
 * plan, because a call not yet planned arrives no earlier than its day's opening, which is
 * later than the step taken.
 *
 * The seed's draws are the same as when every plan was made first: plans draw from one
 * generator in call order; what a step draws when it runs (LogCall's channel, an e-mail's
 * body) comes from a second generator started where the first ends after the last plan,
 * found by planning every call once beforehand and keeping none of them.
 */
export class Agenda {
  private readonly heap: AgendaItem[] = [];
  private readonly days: ArrivalDays;
  private readonly planning: Random;
  /** The engineers' agendas as the plans book them (the rehearsal books into one of its own). */
  private readonly board: VisitBoard;
  private planned = 0;
  /** Every step of every call due within the period: known from the rehearsal, for progress. */
  readonly steps: number;
  /** Draws made when steps run, continuing the sequence where planning ends. */
  readonly later: Random;
  /**
   * The end of the period (ms): the close of the day the last call arrives. What the plans
   * hold for later is the company's future: the calls still under way then stay open, in
   * whatever state they reached, as a real board stands on any given evening.
   */
  readonly periodEnd: number;

  constructor(
    start: Date,
    private readonly calls: number,
    seed: number,
    private readonly onPlanned: (call: number, plan: CallPlan) => void,
  ) {
    this.days = new ArrivalDays(start, calls);
    this.planning = new Random(seed);
    this.board = new VisitBoard(start.getUTCFullYear());
    const later = new Random(seed);
    const rehearsal = new ArrivalDays(start, calls);
    const rehearsalBoard = new VisitBoard(start.getUTCFullYear());
    this.periodEnd =
      new ArrivalDays(start, calls).dayOf(Math.max(0, calls - 1)) + ARRIVAL_HOURS * 60 * 60_000;
    let steps = 0;
    for (let i = 0; i < calls; i++) {
      for (const step of planCall(later, rehearsal.arrival(i, later), i, later, rehearsalBoard)
        .steps)
        if (step.at.getTime() <= this.periodEnd) steps++;
    }
    this.steps = steps;
    this.later = later;
  }

  /** The next step in time order, or undefined when the period is over. */
  next(): AgendaItem | undefined {
    while (
      this.planned < this.calls &&
      (this.heap.length === 0 || this.days.dayOf(this.planned) <= this.heap[0]!.at)
    )
      this.planNext();
    const item = this.pop();
    return item && item.at <= this.periodEnd ? item : undefined;
  }

  /** Calls planned so far (those done, those under way, and the day's next arrivals). */
  get callsPlanned(): number {
    return this.planned;
  }

  /** Steps planned and not yet taken: the agenda's whole memory. */
  get waiting(): number {
    return this.heap.length;
  }

  private planNext(): void {
    const call = this.planned++;
    const plan = planCall(
      this.planning,
      this.days.arrival(call, this.planning),
      call,
      this.later,
      this.board,
    );
    this.onPlanned(call, plan);
    plan.steps.forEach((step, index) => this.push({ at: step.at.getTime(), call, index, step }));
  }

  private push(item: AgendaItem): void {
    const heap = this.heap;
    let i = heap.push(item) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = item;
  }

  private pop(): AgendaItem | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right]!, heap[left]!) ? right : left;
      if (!before(heap[child]!, last)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

const before = (a: AgendaItem, b: AgendaItem): boolean =>
  a.at < b.at || (a.at === b.at && (a.call < b.call || (a.call === b.call && a.index < b.index)));
