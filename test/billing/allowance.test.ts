/**
 * D2, what a contract line's limits have given out: each call's use and their sum, folded
 * from the line's allowance stream, in the domain and in the billing read model alike. A
 * line counted over the contract's whole term gathers years of calls: neither billing the
 * next one nor projecting it may walk the earlier ones (W7 measures it).
 */
import fc from 'fast-check';
import { v4 as uuid } from 'uuid';
import { describe, expect, it } from 'vitest';
import {
  allowanceFold,
  allowanceStream,
  evolveAllowance,
  initialAllowance,
  usedByOthers,
  useOf,
  type Allowance,
  type AllowanceEvent,
} from '../../src/domain/index.js';
import {
  allowanceCalls,
  allowanceOf,
  allowanceUse,
  billingProjection,
} from '../../src/projections/billing.js';
import { MemoryReadModelStore } from '../../src/projections/read-models/memory.js';
import { ProjectionRunner } from '../../src/projections/runner.js';
import { MemoryEventStore } from '../../src/store/memory.js';
import { encodeEvents, loadStream } from '../../src/streams/index.js';
import { staff } from '../support/pipeline.js';

const KEY = 'acme-care.L1.contract';
const calls = ['0a1b2c3d-0000-4000-8000-000000000001', '0a1b2c3d-0000-4000-8000-000000000002'];
const [first, second] = calls as [string, string];
const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));

const consumed = (callId: string, minutes: number, visits = 0, at = day(0)): AllowanceEvent => ({
  type: 'AllowanceConsumed',
  data: { at, callId, contractId: 'acme-care', lineId: 'L1', period: 'contract', minutes, visits },
});
const released = (callId: string, at = day(0)): AllowanceEvent => ({
  type: 'AllowanceReleased',
  data: { at, callId, reason: 'Credited' },
});
const folded = (events: readonly AllowanceEvent[]): Allowance =>
  events.reduce(evolveAllowance, initialAllowance());

describe('an allowance stream, folded', () => {
  it('sums what each call took; a call billed again replaces its own use; a release gives it back', () => {
    const both = folded([consumed(first, 120, 1), consumed(second, 60)]);
    expect(both.used).toEqual({ minutes: 180, visits: 1 });
    expect(usedByOthers(both, first)).toEqual({ minutes: 60, visits: 0 });

    const rebilled = evolveAllowance(both, consumed(first, 30));
    expect(rebilled.used).toEqual({ minutes: 90, visits: 0 });
    expect(useOf(rebilled, first)).toEqual({ minutes: 30, visits: 0 });

    const freed = evolveAllowance(rebilled, released(first));
    expect(freed.used).toEqual({ minutes: 60, visits: 0 });
    expect(useOf(freed, first)).toBeUndefined();
    // Folded from what is left alone: the same state, whatever came and went before.
    expect(freed).toEqual(folded([consumed(second, 60)]));
  });

  it('gives back nothing for a call that took nothing', () => {
    const state = folded([consumed(second, 60)]);
    expect(evolveAllowance(state, released(first))).toEqual(state);
    expect(usedByOthers(undefined, first)).toEqual({ minutes: 0, visits: 0 });
  });
});

/** Any history of one line: calls taking, taking again and giving back, in order. */
const histories = fc
  .array(
    fc.record({
      call: fc.integer({ min: 0, max: 11 }),
      release: fc.boolean(),
      minutes: fc.integer({ min: 0, max: 600 }),
      visits: fc.integer({ min: 0, max: 3 }),
    }),
    { maxLength: 60, size: 'max' },
  )
  .map((steps) =>
    steps.map(({ call, release, minutes, visits }, i) => {
      const callId = `0a1b2c3d-0000-4000-8000-${String(call).padStart(12, '0')}`;
      return release ? released(callId, day(i)) : consumed(callId, minutes, visits, day(i));
    }),
  );

/** What each call holds after `events`: the model both folds answer to. */
function model(events: readonly AllowanceEvent[]) {
  const uses = new Map<string, { minutes: number; visits: number; at: Date }>();
  for (const event of events) {
    if (event.type === 'AllowanceReleased') uses.delete(event.data.callId);
    else {
      const { callId, minutes, visits, at } = event.data;
      uses.set(callId, { minutes, visits, at });
    }
  }
  return uses;
}

describe('any history of a line (property)', () => {
  it('folds to each call’s latest use and their sum, in the state its remaining uses alone make', () => {
    fc.assert(
      fc.property(histories, (events) => {
        const uses = model(events);
        const state = folded(events);
        for (const [callId, use] of uses)
          expect(useOf(state, callId)).toEqual({ minutes: use.minutes, visits: use.visits });
        const sum = (field: 'minutes' | 'visits') =>
          [...uses.values()].reduce((n, use) => n + use[field], 0);
        expect(state.used).toEqual({ minutes: sum('minutes'), visits: sum('visits') });
        const remaining = [...uses].map(([callId, u]) => consumed(callId, u.minutes, u.visits));
        expect(state).toEqual(folded(remaining));
      }),
    );
  });

  it('projects the sums and one document per call that uses it, as the stream folds, read page by page', async () => {
    await fc.assert(
      fc.asyncProperty(histories, fc.integer({ min: 1, max: 5 }), async (events, pageSize) => {
        const store = new MemoryEventStore();
        const stream = allowanceStream(KEY);
        for (const event of events) {
          const commandId = uuid();
          const envelope = {
            actor: staff.bill,
            occurredAt: event.data.at,
            commandId,
            commandType: 'BillCall',
            correlationId: commandId,
            causationId: commandId,
          };
          await store.appendToStream(stream, encodeEvents([event], stream, envelope), {
            expectedRevision: 'any',
          });
        }
        const readModels = new MemoryReadModelStore();
        await new ProjectionRunner(store, readModels, [billingProjection]).catchUp();

        const { state } = await loadStream(store, stream, allowanceFold);
        const uses = model(events);
        const line = allowanceOf(readModels, KEY);
        // A release with nothing taken before it gives nothing out: it makes no line.
        expect(line !== undefined).toBe(events.some((e) => e.type === 'AllowanceConsumed'));
        if (!line) return;
        expect(line).toMatchObject({ ...state.used, calls: uses.size, contractId: 'acme-care' });
        expect(allowanceUse(readModels, 'acme-care')).toEqual([line]);

        const firstBilledFirst = [...uses]
          .map(([callId, use]) => ({ callId, ...use, at: use.at.toISOString() }))
          .sort((a, b) => (a.at < b.at ? -1 : 1));
        expect(
          allowanceCalls(readModels, KEY).map(({ callId, minutes, visits, at }) => ({
            callId,
            minutes,
            visits,
            at,
          })),
        ).toEqual(firstBilledFirst);
        expect(allowanceCalls(readModels, KEY, { limit: pageSize }).map((u) => u.callId)).toEqual(
          firstBilledFirst.slice(0, pageSize).map((u) => u.callId),
        );
      }),
      { numRuns: 40 },
    );
  });
});
