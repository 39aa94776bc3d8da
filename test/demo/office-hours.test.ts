import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { DEMO_START, runDemo, SimulatedClock } from '../../src/demo/run.js';
import { duringOfficeHours } from '../../src/demo/office-hours.js';

const inOfficeHours = (instant: number): boolean => {
  const date = new Date(instant);
  const holiday = ['01-01', '11-11', '12-25'].includes(date.toISOString().slice(5, 10));
  return (
    !holiday &&
    date.getUTCDay() !== 0 &&
    date.getUTCDay() !== 6 &&
    date.getUTCHours() >= 8 &&
    date.getUTCHours() < 18
  );
};

describe('the demo staff’s office hours', () => {
  it('leaves an instant in office hours alone and moves any other to the next opening, within the hour after it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 0, 1) }),
        (instant) => {
          const moved = duringOfficeHours(instant);
          expect(inOfficeHours(moved)).toBe(true);
          if (inOfficeHours(instant)) expect(moved).toBe(instant);
          else {
            expect(moved).toBeGreaterThan(instant);
            expect(new Date(moved).getUTCHours()).toBe(8);
            expect(moved - instant).toBeLessThan(5 * 24 * 3_600_000); // at most a long weekend with holidays
          }
        },
      ),
    );
    expect(new Date(duringOfficeHours(Date.UTC(2026, 10, 6, 23, 58))).toISOString()).toBe(
      '2026-11-09T08:58:00.000Z',
    ); // Friday night → Monday
    expect(new Date(duringOfficeHours(Date.UTC(2026, 10, 10, 19, 5))).toISOString()).toBe(
      '2026-11-12T08:05:00.000Z',
    ); // 11 November is a holiday
  });

  it('leaves room before closing for what lasts: a two-hour visit planned at 16:30 moves to the next morning', () => {
    const twoHours = 2 * 3_600_000;
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 0, 1) }),
        (instant) => {
          const moved = duringOfficeHours(instant, twoHours);
          expect(inOfficeHours(moved)).toBe(true);
          expect(
            new Date(moved + twoHours).getUTCHours() * 60 +
              new Date(moved + twoHours).getUTCMinutes(),
          ).toBeLessThanOrEqual(18 * 60);
        },
      ),
    );
    expect(new Date(duringOfficeHours(Date.UTC(2026, 10, 3, 16, 30), twoHours)).toISOString()).toBe(
      '2026-11-04T08:30:00.000Z',
    );
    expect(duringOfficeHours(Date.UTC(2026, 10, 3, 16, 0), twoHours)).toBe(
      Date.UTC(2026, 10, 3, 16, 0),
    );
  });

  // Visit windows follow the engineer's own working calendar (its time zone): test/demo/visits.test.ts.
  it('has staff change calls only in office hours; customers write whenever they like', async () => {
    const clock = new SimulatedClock(DEMO_START);
    const callstream = new Callstream({
      clock: clock.read,
      notifications: { send: async () => undefined },
    });
    await runDemo(callstream, { calls: 100, seed: 3, clock });
    const outside: string[] = [];
    let staffEvents = 0;
    for await (const recorded of callstream.store.readAll()) {
      const metadata = recorded.metadata as { actor: { role: string }; occurredAt: string };
      if (
        !recorded.streamName.startsWith('call-') ||
        ['customer', 'system'].includes(metadata.actor.role)
      )
        continue;
      staffEvents++;
      if (!inOfficeHours(Date.parse(metadata.occurredAt)))
        outside.push(`${recorded.type} ${metadata.occurredAt}`);
    }
    expect(staffEvents).toBeGreaterThan(300);
    expect(outside).toEqual([]);
    await callstream.close();
  });
});
