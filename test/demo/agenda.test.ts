import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Agenda } from '../../src/demo/agenda.js';
import { Random } from '../../src/demo/random.js';
import { planCall } from '../../src/demo/scenarios.js';
import { VisitBoard } from '../../src/demo/visit-board.js';

const DAY = 24 * 60 * 60_000;
const start = new Date('2026-11-02T08:00:00Z');

/** How calls arrived when every plan was made up front: working day ⌊i / perDay⌋ counted from the start. */
function formerArrival(index: number, total: number, random: Random): Date {
  const perDay = Math.max(1, Math.min(150, Math.ceil(total / 5)));
  let day = Math.floor(index / perDay);
  let date = start.getTime();
  while (day > 0) {
    date += DAY;
    const weekday = new Date(date).getUTCDay();
    if (weekday !== 0 && weekday !== 6) day--;
  }
  return new Date(date + random.int(0, 10 * 60 - 1) * 60_000);
}

describe('the demo’s streamed agenda', () => {
  it('yields every step in the order of sorting all plans made up front, and leaves the seed’s later draws where they were', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 900 }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        (calls, seed) => {
          const random = new Random(seed);
          // One board for the run: the plans book their visits into the engineers' agendas in arrival order.
          const board = new VisitBoard(start.getUTCFullYear());
          const plans = Array.from({ length: calls }, (_, i) =>
            planCall(random, formerArrival(i, calls, random), i, random, board),
          );
          // The period ends at the close of the last arrival day (18:00): later steps are the company's future.
          const lastDay =
            Math.floor(formerArrival(calls - 1, calls, new Random(seed)).getTime() / DAY) * DAY;
          const periodEnd = lastDay + 18 * 60 * 60_000;
          const expected = plans
            .flatMap((plan, call) =>
              plan.steps.map((step, index) => ({ at: step.at.getTime(), call, index })),
            )
            .filter((step) => step.at <= periodEnd)
            .sort((a, b) => a.at - b.at || a.call - b.call || a.index - b.index);
          const scenarios: string[] = [];
          const agenda = new Agenda(start, calls, seed, (_call, plan) =>
            scenarios.push(plan.scenario),
          );
          const streamed: Array<{ at: number; call: number; index: number }> = [];
          for (let item = agenda.next(); item; item = agenda.next())
            streamed.push({ at: item.at, call: item.call, index: item.index });
          expect(streamed).toEqual(expected);
          expect(agenda.steps).toBe(expected.length);
          expect(agenda.periodEnd).toBe(periodEnd);
          expect(scenarios).toEqual(plans.map((plan) => plan.scenario));
          // What steps draw when they run continues the sequence where planning every call ended.
          expect(agenda.later.next()).toBe(random.next());
        },
      ),
      { numRuns: 15 },
    );
  });

  it('holds only the steps of calls under way: as many at 20,000 calls as at 5,000', () => {
    const mostWaiting = (calls: number) => {
      const agenda = new Agenda(start, calls, 1, () => undefined);
      let most = 0;
      let steps = 0;
      for (let item = agenda.next(); item; item = agenda.next()) {
        steps++;
        most = Math.max(most, agenda.waiting);
      }
      expect(steps).toBe(agenda.steps);
      return most;
    };
    const small = mostWaiting(5_000);
    const large = mostWaiting(20_000);
    expect(large).toBeLessThan(small * 1.5);
    expect(large).toBeLessThan(40_000); // a few weeks of calls, against about 200,000 steps in all
  });
});
