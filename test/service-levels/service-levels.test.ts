import { describe, expect, it, vi } from 'vitest';
import type { Callstream } from '../../src/callstream.js';
import { alwaysOpen } from '../../src/domain/index.js';
import { logAt, officeCallstream, paris, rules } from '../support/office.js';
import { command, staff } from '../support/pipeline.js';

describe('service levels on business calendars (A5)', () => {
  it('lands a call logged Friday 17:30 with 4 business hours due on Monday 12:00, and records its rules and their source', async () => {
    const { callstream } = await officeCallstream();
    const call = await logAt(callstream, '2026-11-20T16:30:00Z'); // Friday 17:30 in Paris
    expect(call.state.serviceLevel).toMatchObject({
      priority: 2,
      ruleSetId: 'office',
      version: 1,
      source: 'company',
      calendar: 'paris-office',
      responseAllowedMs: 4 * 3_600_000,
      responseDueAt: new Date('2026-11-23T11:00:00Z'), // Monday 12:00 in Paris
      resolutionDueAt: new Date('2026-11-23T16:00:00Z'), // Monday 17:00: 8 business hours
    });
  });

  it('skips a holiday, by the rule version in effect when the call was reported', async () => {
    const { callstream, publish } = await officeCallstream();
    const before = await logAt(callstream, '2026-11-20T16:30:00Z');
    const v2 = await publish(
      '2026-11-20T17:00:00Z',
      rules({ calendars: { 'paris-office': paris(['2026-11-23']), '24x7': alwaysOpen } }),
    );
    expect(v2.events[0]!.data).toMatchObject({ version: 2 });
    const after = await logAt(callstream, '2026-11-20T17:30:00Z');
    expect(after.state.serviceLevel).toMatchObject({
      version: 2,
      responseDueAt: new Date('2026-11-24T11:00:00Z'),
    }); // Tuesday 12:00
    // The earlier call keeps counting by version 1: re-rating it later still uses v1.
    const rerated = await callstream.execute(
      command({ type: 'SetPriority', actor: staff.sam, call: before.number, priority: 3 }),
    );
    expect(rerated.state.serviceLevel).toMatchObject({
      version: 1,
      responseDueAt: new Date('2026-11-23T16:00:00Z'),
    }); // 8 h: Monday 17:00 Paris
  });

  it('counts emergencies on the 24×7 calendar', async () => {
    const { callstream } = await officeCallstream();
    const call = await logAt(callstream, '2026-11-20T16:30:00Z', { priority: 1, emergency: true });
    expect(call.state.serviceLevel).toMatchObject({
      calendar: '24x7',
      responseDueAt: new Date('2026-11-20T17:30:00Z'),
    });
  });

  it('stops the clock while waiting for the customer, keeps the paused span, and moves the targets when it resumes', async () => {
    const { callstream } = await officeCallstream();
    const call = await logAt(callstream, '2026-11-20T09:00:00Z', { priority: 3 }); // Friday 10:00 Paris, 16 business hours
    expect(call.state.serviceLevel!.resolutionDueAt).toEqual(new Date('2026-11-24T09:00:00Z')); // Tuesday 10:00 Paris: 6 h Friday, 8 h Monday, 2 h Tuesday
    const held = await callstream.execute(
      command({
        type: 'PutOnHold',
        actor: staff.eve,
        call: call.number,
        reason: 'Awaiting logs',
        kind: 'waiting-for-customer',
        at: '2026-11-20T15:00:00Z',
      }),
    );
    expect(held.state.serviceLevel!.pausedSince).toEqual(new Date('2026-11-20T15:00:00Z'));
    const released = await callstream.execute(
      command({
        type: 'ReleaseHold',
        actor: staff.eve,
        call: call.number,
        at: '2026-11-23T09:00:00Z',
      }),
    ); // Monday 10:00
    expect(released.events.map((e) => e.type)).toEqual([
      'CallReleasedFromHold',
      'ServiceLevelTargetsMoved',
    ]);
    // Paused Fri 16:00–17:00 and Mon 08:00–10:00 (Paris): 3 business hours later than before.
    expect(released.state.serviceLevel!.resolutionDueAt).toEqual(new Date('2026-11-24T13:00:00Z')); // Tuesday 14:00 Paris
    expect(released.state.holds.H1).toMatchObject({
      kind: 'waiting-for-customer',
      pausesClock: true,
      from: new Date('2026-11-20T15:00:00Z'),
      to: new Date('2026-11-23T09:00:00Z'),
    });
  });

  it('does not stop the clock for a wait the rules do not pause on', async () => {
    const { callstream } = await officeCallstream();
    const call = await logAt(callstream, '2026-11-20T09:00:00Z', { priority: 3 });
    await callstream.execute(
      command({
        type: 'PutOnHold',
        actor: staff.eve,
        call: call.number,
        reason: 'Parts ordered',
        kind: 'waiting-for-parts',
        at: '2026-11-20T15:00:00Z',
      }),
    );
    const released = await callstream.execute(
      command({
        type: 'ReleaseHold',
        actor: staff.eve,
        call: call.number,
        at: '2026-11-23T09:00:00Z',
      }),
    );
    expect(released.events.map((e) => e.type)).toEqual(['CallReleasedFromHold']);
    expect(released.state.serviceLevel!.resolutionDueAt).toEqual(
      call.state.serviceLevel!.resolutionDueAt,
    );
  });

  it('scales the periods by the rating factors, and by the bad-fix factor for a reopened call', async () => {
    const { callstream } = await officeCallstream();
    const call = await logAt(callstream, '2026-11-23T08:00:00Z', { factors: { problemType: 0.5 } }); // Monday 09:00 Paris
    expect(call.state.serviceLevel).toMatchObject({
      actualPriority: 1,
      factors: { problemType: 0.5 },
      responseAllowedMs: 2 * 3_600_000,
      responseDueAt: new Date('2026-11-23T10:00:00Z'),
    });
    await callstream.execute(
      command({
        type: 'ResolveCall',
        call: call.number,
        solution: 'Fixed',
        at: '2026-11-23T09:00:00Z',
      }),
    );
    await callstream.execute(
      command({ type: 'CloseCall', call: call.number, at: '2026-11-23T09:30:00Z' }),
    );
    const reopened = await callstream.execute(
      command({
        type: 'ReopenCall',
        actor: staff.carl,
        call: call.number,
        reason: 'Broken again',
        at: '2026-11-23T10:00:00Z',
      }),
    );
    const successor = await callstream.call(reopened.successor!.number);
    expect(successor.serviceLevel).toMatchObject({
      factors: { badFix: 0.5 },
      actualPriority: 1,
      responseAllowedMs: 2 * 3_600_000,
    });
  });
});

describe('escalation (no hidden timers)', () => {
  it('escalates at 75 %, 100 % and 150 % of the working time, each level once, also when run twice', async () => {
    const { callstream } = await officeCallstream();
    const call = await logAt(callstream, '2026-11-23T08:00:00Z'); // Monday 09:00 Paris; response 4 h → 14:00
    const levels = (report: Awaited<ReturnType<Callstream['escalate']>>) =>
      report.escalations.map((e) => `${e.target}:${e.level}`);
    expect(levels(await callstream.escalate(new Date('2026-11-23T09:00:00Z')))).toEqual([]); // 1 h used
    expect(levels(await callstream.escalate(new Date('2026-11-23T11:30:00Z')))).toEqual([
      'response:warning',
    ]); // 12:30 Paris: 3 h (lunch excluded)
    expect(levels(await callstream.escalate(new Date('2026-11-23T11:30:00Z')))).toEqual([]); // the same instant again
    expect(levels(await callstream.escalate(new Date('2026-11-23T11:45:00Z')))).toEqual([]); // later, nothing new
    expect(levels(await callstream.escalate(new Date('2026-11-23T13:00:00Z')))).toEqual([
      'response:breach',
    ]); // 14:00 Paris: 4 h
    expect(levels(await callstream.escalate(new Date('2026-11-23T15:00:00Z')))).toEqual([
      'response:supervisor',
      'resolution:warning',
    ]); // 16:00: 6 h
    expect(levels(await callstream.escalate(new Date('2026-11-24T08:00:00Z')))).toEqual([
      'resolution:breach',
    ]); // Tuesday 09:00: 8 h
    const escalated = await callstream.call(call.number);
    expect(Object.keys(escalated.serviceLevel!.escalations).sort()).toEqual([
      'resolution-breach',
      'resolution-warning',
      'response-breach',
      'response-supervisor',
      'response-warning',
    ]);
  });

  it('passes by a call with every level recorded: judging it again would write nothing', async () => {
    const { callstream } = await officeCallstream();
    await logAt(callstream, '2026-11-23T08:00:00Z'); // Monday 09:00 Paris; resolution 16 working hours
    await callstream.escalate(new Date('2026-11-23T15:00:00Z'));
    const last = await callstream.escalate(new Date('2026-11-26T09:00:00Z')); // Thursday 10:00: 24 h, 150 % of the resolution time
    expect(last.escalations.map((e) => `${e.target}:${e.level}`)).toEqual([
      'resolution:breach',
      'resolution:supervisor',
    ]);
    const execute = vi.spyOn(callstream.pipeline, 'executeJson'); // every command passes there
    expect(await callstream.escalate(new Date('2026-11-30T09:00:00Z'))).toMatchObject({
      calls: 1,
      escalations: [],
    });
    expect(execute).not.toHaveBeenCalled();
  });

  it('does not judge a call as of an instant it has already left behind', async () => {
    const { callstream } = await officeCallstream();
    const call = await logAt(callstream, '2026-11-23T08:00:00Z');
    await callstream.execute(
      command({
        type: 'AddFollowUp',
        call: call.number,
        text: 'Still down',
        at: '2026-11-23T12:00:00Z',
      }),
    );
    const late = await callstream.escalate(new Date('2026-11-23T11:30:00Z'));
    expect(late).toMatchObject({ calls: 1, overtaken: 1, escalations: [] });
    expect((await callstream.call(call.number)).serviceLevel!.escalations).toEqual({});
    expect(await callstream.escalate(new Date('2026-11-23T12:30:00Z'))).toMatchObject({
      overtaken: 0,
      escalations: [{ target: 'response', level: 'warning' }],
    });
  });

  it('stops escalating a target once it is met', async () => {
    const { callstream } = await officeCallstream();
    const call = await logAt(callstream, '2026-11-23T08:00:00Z');
    await callstream.execute(
      command({
        type: 'StartWork',
        actor: staff.eve,
        call: call.number,
        at: '2026-11-23T08:30:00Z',
      }),
    );
    const report = await callstream.escalate(new Date('2026-11-23T15:00:00Z')); // 16:00 Paris: response met, resolution at 75 %
    expect(report.escalations.map((e) => `${e.target}:${e.level}`)).toEqual(['resolution:warning']);
  });

  it('judges, when told knownBy, only the calls recorded up to that store position: a call recorded later, backdated to before the instant, is not escalated', async () => {
    const { callstream } = await officeCallstream();
    const known = await logAt(callstream, '2026-11-23T08:00:00Z');
    const knownBy = await callstream.store.headPosition();
    await logAt(callstream, '2026-11-23T08:00:00Z', {
      description: 'recorded later, reported at the same instant',
    });
    const then = await callstream.escalate(new Date('2026-11-23T11:30:00Z'), undefined, {
      knownBy: knownBy!,
    });
    expect(then.escalations.map((e) => e.number)).toEqual([known.number]);
    const now = await callstream.escalate(new Date('2026-11-23T11:30:00Z'));
    expect(now.escalations).toHaveLength(1); // the later call, judged once everything is known
  });
});

describe('what-if replay under other rules', () => {
  it('re-judges history under another rule version and reports breaches gained and lost per customer, without touching it', async () => {
    const { callstream, publish } = await officeCallstream();
    const a = await logAt(callstream, '2026-11-23T08:00:00Z', {
      subject: { kind: 'customer', customerId: 'acme' },
    });
    await callstream.execute(
      command({
        type: 'ResolveCall',
        call: a.number,
        solution: 'Done',
        at: '2026-11-23T15:30:00Z',
      }),
    ); // 6.5 business hours: within 8
    const b = await logAt(callstream, '2026-11-23T08:00:00Z', {
      subject: { kind: 'customer', customerId: 'globex' },
    });
    await callstream.execute(
      command({
        type: 'ResolveCall',
        call: b.number,
        solution: 'Done',
        at: '2026-11-24T13:00:00Z',
      }),
    ); // 12 business hours: breached
    const head = await callstream.store.headPosition();
    // Version 2: priority 2 gets 12 business hours for resolution, and 2 for response.
    const v2 = rules();
    v2.priorities = {
      ...v2.priorities,
      2: { responseMinutes: 2 * 60, resolutionMinutes: 16 * 60, calendar: 'paris-office' },
    };
    await publish('2027-01-01T00:00:00Z', v2);
    const report = await callstream.whatIf('office', 2, { asOf: new Date('2026-12-01T00:00:00Z') });
    expect(report.calls).toBe(2);
    // a: responded after 6.5 h (breached either way), resolved within 8 h (met either way). b: resolved after 12 h.
    expect(report.differences).toEqual([
      {
        callId: b.callId,
        number: b.number,
        customerId: 'globex',
        target: 'resolution',
        recorded: 'breached',
        alternative: 'met',
      },
    ]);
    expect(report.byCustomer.globex).toEqual({ gained: 0, lost: 1 });
    expect(await callstream.store.headPosition()).toBe((head ?? 0n) + 1n); // only the new rule version was written
    const same = await callstream.whatIf('office', 1, { asOf: new Date('2026-12-01T00:00:00Z') });
    expect(same.differences).toEqual([]); // replay under the recorded rules reproduces the recorded verdicts
  });
});

describe('service-level read model', () => {
  it('shows calls at risk and breached on the board in working time, and breach statistics per dimension', async () => {
    const { callstream } = await officeCallstream();
    const a = await logAt(callstream, '2026-11-23T08:00:00Z', { priority: 2 }); // Monday 09:00 Paris
    await logAt(callstream, '2026-11-23T08:00:00Z', {
      priority: 3,
      subject: { kind: 'customer', customerId: 'globex' },
    });
    // Dated: statistics at 16:30 count the group a call was in at 16:30.
    await callstream.execute(
      command({
        type: 'AssignCall',
        call: a.number,
        group: 'servers-l1',
        at: '2026-11-23T08:30:00Z',
      }),
    );
    // 11:30 UTC = 12:30 Paris: 3 business hours used of P2's 4 (75 %) and of P3's 8.
    const board = callstream.board({ asOf: new Date('2026-11-23T11:30:00Z') });
    expect(board.map((r) => [r.priority, r.response])).toEqual([
      [2, 'at-risk'],
      [3, 'on-track'],
    ]);
    const stats = await callstream.serviceLevelStatistics(
      new Date('2026-11-23T16:30:00Z'),
      'priority',
    ); // Monday 17:30 Paris
    expect(stats).toEqual({
      P2: { calls: 1, responseBreached: 1, resolutionBreached: 0, atRisk: 0, met: 0 },
      P3: { calls: 1, responseBreached: 0, resolutionBreached: 0, atRisk: 1, met: 0 }, // 7 of 8 h used
    });
    expect(
      Object.keys(
        await callstream.serviceLevelStatistics(new Date('2026-11-23T16:30:00Z'), 'group'),
      ).sort(),
    ).toEqual(['(none)', 'servers-l1']);
  });
});
