import { afterEach, describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { MemoryReadModelStore } from '../../src/projections/read-models/memory.js';
import type { WalkOptions } from '../../src/projections/types.js';
import { command, logCallRequest, staff } from '../support/pipeline.js';
import { defineEngineer, fieldGroup, publishRules } from './support.js';

describe('routing what-if (issue 21)', () => {
  let callstream: Callstream | undefined;
  afterEach(async () => callstream?.close());

  it('routes every call under a version beside where it went, naming the rule; writes nothing', async () => {
    callstream = await Callstream.open({ customerValidation: false });
    // eve serves the site the calls are at (paris); routing matches it.
    await callstream.execute({ ...defineEngineer('eve'), areas: [{ kind: 'site', id: 'paris' }] });
    await callstream.execute(defineEngineer('bob'));
    const a = (
      await callstream.execute(
        logCallRequest({ intake: { mode: 'knowledgeable', channel: 'email' } }),
      )
    ).number;
    const b = (await callstream.execute(logCallRequest())).number;
    await callstream.execute(command({ type: 'AssignCall', call: a, engineer: 'bob' }));
    await callstream.execute(command({ type: 'AssignCall', call: b, engineer: 'eve' }));
    await callstream.execute(
      publishRules([
        {
          ruleId: 'mail-to-eve',
          when: { channels: ['email'] },
          then: { kind: 'engineer', engineer: 'eve' },
        },
      ]),
    );
    const head = await callstream.store.headPosition();
    const report = await callstream.routeWhatIf(1);
    expect(report.calls).toBe(2);
    expect(report.rows.find((r) => r.number === a)).toMatchObject({
      actual: { engineer: 'bob' },
      routed: { ruleId: 'mail-to-eve', engineer: 'eve', version: 1 },
      differs: true,
    });
    expect(report.rows.find((r) => r.number === b)).toMatchObject({
      routed: { ruleId: null, toDefault: true },
      differs: false,
    });
    expect(report.byRule).toEqual(
      expect.arrayContaining([
        { ruleId: 'mail-to-eve', calls: 1 },
        { ruleId: '(default)', calls: 1 },
      ]),
    );
    expect(await callstream.store.headPosition()).toBe(head);
    await expect(callstream.routeWhatIf(2)).rejects.toMatchObject({ code: 'RoutingRulesNotFound' });
  });

  it('counts a least-loaded pick of another eligible engineer apart: open work then is not replayed, so it is not "elsewhere"', async () => {
    callstream = await Callstream.open({ customerValidation: false });
    // eve and zoe serve the calls' site (paris); bob serves lyon, so the rule never finds him eligible.
    const serving = (id: string, site: string) => ({
      ...defineEngineer(id),
      areas: [{ kind: 'site' as const, id: site }],
    });
    for (const [id, site] of [
      ['eve', 'paris'],
      ['zoe', 'paris'],
      ['bob', 'lyon'],
    ] as const)
      await callstream.execute(serving(id, site));
    await callstream.execute(fieldGroup(['eve', 'zoe', 'bob']));
    // Before any rule: a call given to bob by hand.
    const byHand = await callstream.execute(logCallRequest({ description: 'By hand' }));
    await callstream.execute(command({ type: 'AssignCall', call: byHand.number, engineer: 'bob' }));
    await callstream.execute(
      publishRules([
        {
          ruleId: 'balance',
          when: { sites: ['paris'] },
          then: { kind: 'least-loaded', group: 'field' },
        },
      ]),
    );
    // Routed by load as they come in: eve (a tie, taken by id), then zoe.
    const first = await callstream.execute(logCallRequest());
    const second = await callstream.execute(logCallRequest());
    expect([first.state.dispatch.engineer, second.state.dispatch.engineer]).toEqual(['eve', 'zoe']);

    const report = await callstream.routeWhatIf(1);
    // Today eve and zoe hold one call each: the what-if picks eve for every call. zoe's call
    // differs by load alone; bob's goes elsewhere (bob does not serve paris).
    expect(report.rows.map((r) => [r.number, r.routed.engineer, r.differs, r.byLoadOnly])).toEqual([
      [byHand.number, 'eve', true, undefined],
      [first.number, 'eve', false, undefined],
      [second.number, 'eve', false, true],
    ]);
    expect([report.differing, report.byLoadOnly]).toEqual([1, 1]);
  });

  it('routes among the engineers live routing chooses among: one a rule names counts, though on no call and in no group', async () => {
    callstream = await Callstream.open({ customerValidation: false });
    await callstream.execute({ ...defineEngineer('ines'), areas: [{ kind: 'site', id: 'paris' }] });
    const before = await callstream.execute(logCallRequest()); // no rules yet: the default destination
    await callstream.execute(
      publishRules([{ ruleId: 'to-ines', then: { kind: 'engineer', engineer: 'ines' } }]),
    );
    const report = await callstream.routeWhatIf(1);
    expect(report.rows).toMatchObject([
      { number: before.number, routed: { ruleId: 'to-ines', engineer: 'ines' }, differs: true },
    ]);
    // Live routing under the same version agrees.
    const after = await callstream.execute(logCallRequest());
    expect(after.state.dispatch.engineer).toBe('ines');
  });

  it('reads the facts a call was routed on, as recorded, not the call as it is now (an escalation later changes nothing)', async () => {
    callstream = await Callstream.open({ customerValidation: false });
    await callstream.execute({ ...defineEngineer('eve'), areas: [{ kind: 'site', id: 'paris' }] });
    await callstream.execute(
      publishRules([
        {
          ruleId: 'urgent',
          when: { priorities: [1] },
          then: { kind: 'group', group: 'dispatch' },
        },
        { ruleId: 'field', then: { kind: 'engineer', engineer: 'eve' } },
      ]),
    );
    const { number, events } = await callstream.execute(logCallRequest());
    expect(events.find((e) => e.type === 'CallRouted')!.data).toMatchObject({
      rule: 'field',
      facts: { channel: 'phone', siteId: 'paris', customerId: 'acme', product: 'server-x' },
    });
    // Escalated after it was routed: now it would match `urgent`, but it did not when it came in.
    await callstream.execute(
      command({ type: 'SetPriority', actor: staff.sam, call: number, priority: 1 }),
    );
    const [row] = (await callstream.routeWhatIf(1)).rows;
    expect(row).toMatchObject({
      factsAsOf: 'routing',
      routed: { ruleId: 'field', engineer: 'eve' },
      differs: false,
    });
  });
});

describe('routing what-if over a period', () => {
  it('routes the calls reported in the period only, read by month: no collection is read whole', async () => {
    const reads: string[] = [];
    const inner = new MemoryReadModelStore();
    const readModels = new Proxy(inner, {
      get: (target, name, receiver) => {
        const value = Reflect.get(target, name, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          // A walk of one month of calls is a read by month; a walk of every call is not.
          if (name === 'all' && (args[2] as WalkOptions | undefined)?.filter === undefined)
            reads.push(`all ${String(args[0])}.${String(args[1])}`);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const callstream = await Callstream.open({ customerValidation: false, readModels });
    try {
      await callstream.execute({
        ...defineEngineer('eve'),
        areas: [{ kind: 'site', id: 'paris' }],
      });
      await callstream.execute(
        publishRules([{ ruleId: 'field', then: { kind: 'engineer', engineer: 'eve' } }]),
      );
      const logged = async (at: string) =>
        (await callstream.execute({ ...logCallRequest(), at: new Date(at) })).number;
      const september = await logged('2026-09-15T10:00:00Z');
      const october = [await logged('2026-10-01T00:00:00Z'), await logged('2026-10-31T23:59:59Z')];
      const november = await logged('2026-11-01T00:00:00Z');
      reads.length = 0;

      const report = await callstream.routeWhatIf(1, {
        from: new Date('2026-10-01T00:00:00Z'),
        to: new Date('2026-11-01T00:00:00Z'),
      });
      expect(report.rows.map((r) => r.number)).toEqual(october);
      expect(report.calls).toBe(2);
      expect(reads).toEqual([]);
      // Without a period: every call; a call is routed the same whatever the period read.
      const everything = await callstream.routeWhatIf(1);
      expect(everything.rows.map((r) => r.number)).toEqual([september, ...october, november]);
      expect(report.rows).toEqual(everything.rows.filter((r) => october.includes(r.number)));
      await expect(
        callstream.routeWhatIf(1, { from: new Date('the first of October') }),
      ).rejects.toMatchObject({ code: 'ValidationError' });
    } finally {
      await callstream.close();
    }
  });
});
