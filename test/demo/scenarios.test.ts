import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Agenda } from '../../src/demo/agenda.js';
import { Random } from '../../src/demo/random.js';
import { planCall, type CallPlan, type Target } from '../../src/demo/scenarios.js';

const arrival = new Date('2026-11-02T09:00:00Z');

/** The most calls open at once over a whole demo run, by its plans: opened by the intake (or a reopening), closed by CloseCall or CancelCall. */
function mostOpenAtOnce(calls: number): number {
  const refused = new Set<number>();
  const agenda = new Agenda(
    new Date('2026-11-02T08:00:00Z'),
    calls,
    1,
    (call, plan) => plan.scenario === 'refused' && refused.add(call),
  );
  const open = new Set<string>();
  let most = 0;
  for (let item = agenda.next(); item; item = agenda.next()) {
    if (refused.has(item.call)) continue;
    const type = item.step.command('C-1').type;
    const call = item.step.target === 'successor' ? `${item.call} successor` : String(item.call);
    if (item.index === 0) open.add(call);
    if (type === 'ReopenCall') open.add(`${item.call} successor`);
    if (type === 'CloseCall' || type === 'CancelCall') open.delete(call);
    most = Math.max(most, open.size);
  }
  return most;
}

/** The command types a plan gives one call (the call itself, or its reopened successor), in order. */
const commandsOn = (plan: CallPlan, target: Target): string[] =>
  plan.steps
    .filter((step) => step.target === target)
    .map((step) => String(step.command('C-000001').type));

/**
 * A real service organisation closes the calls it takes on: no plan leaves a call open for
 * good, or the board, the escalation run and every cache of open calls would grow with the
 * years the company has run.
 */
describe('the demo’s call plans', () => {
  it('close every call they take on, reopened successors included; only refused intakes and cancellations end otherwise', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 0, max: 100_000 }),
        (seed, index) => {
          const plan = planCall(new Random(seed), arrival, index);
          const call = commandsOn(plan, 'call');
          if (plan.scenario === 'refused') expect(call).toEqual([]);
          else if (plan.scenario === 'cancelled') expect(call.at(-1)).toBe('CancelCall');
          else {
            // Closed, then at most archived (or reopened: the successor carries on).
            expect(call).toContain('CloseCall');
            expect(
              call
                .slice(call.lastIndexOf('CloseCall') + 1)
                .every((type) => type === 'ArchiveCall' || type === 'ReopenCall'),
            ).toBe(true);
          }
          const successor = commandsOn(plan, 'successor');
          if (plan.scenario === 'reopened') expect(successor).toContain('CloseCall');
          else expect(successor).toEqual([]);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('keep the calls open at once to a few days’ worth: as many at 20,000 calls as at 5,000', () => {
    // Before every call was closed, about one in nine stayed open for good: 2,452 at once by 20,000 calls, 11,272 by 100,000.
    const small = mostOpenAtOnce(5_000);
    const large = mostOpenAtOnce(20_000);
    expect(large).toBeLessThan(small * 1.5);
    expect(large).toBeLessThan(1_000); // about 150 calls arrive a working day
  });

  it('keep calls waiting for parts on hold for one to three weeks, then resolve and close them', () => {
    const random = new Random(11);
    let seen = 0;
    for (let index = 0; seen < 20; index++) {
      const plan = planCall(random, arrival, index);
      if (plan.scenario !== 'waiting-for-parts') continue;
      seen++;
      const types = commandsOn(plan, 'call');
      const held = plan.steps.find((step) => step.command('C-1').type === 'PutOnHold')!;
      const released = plan.steps.find((step) => step.command('C-1').type === 'ReleaseHold')!;
      expect(held.command('C-1')).toMatchObject({ kind: 'waiting-for-parts' });
      expect(released.at.getTime() - held.at.getTime()).toBeGreaterThanOrEqual(
        7 * 24 * 60 * 60_000,
      );
      expect(types.indexOf('ResolveCall')).toBeGreaterThan(types.indexOf('ReleaseHold'));
      expect(types).toContain('CloseCall');
    }
  });
});
