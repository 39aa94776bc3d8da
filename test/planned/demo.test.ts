import { describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { nameUuid } from '../../src/streams/index.js';
import {
  plannedSetupCommands,
  recordPlannedSetup,
  runPlannedWork,
} from '../../src/demo/planned.js';
import { setupCommands } from '../../src/demo/setup.js';

describe('the demo company’s planned work over its year (E1–E3)', () => {
  it('makes calls of plans, readings and alarms, refuses and records what blocks and ended contracts stop, leaves uncovered work to agents — once', async () => {
    const callstream = await Callstream.open();
    for (const [i, command] of setupCommands().entries())
      await callstream.executeJson({ ...command, commandId: nameUuid(`test/setup/${i}`) });
    await recordPlannedSetup(callstream, { seed: 7, firstYear: 2026 });
    const until = new Date('2026-11-20T18:00:00Z');
    const summary = await runPlannedWork(callstream, { seed: 7, until });
    expect(summary.requests).toMatchObject({
      planner: expect.any(Number),
      meter: expect.any(Number),
      alarm: 2,
    });
    expect(summary.calls).toBeGreaterThan(30);
    // Studio Verdi is blocked from 9 November, Lemaire's contract ended in October.
    expect(summary.refused).toMatchObject({
      blocked: expect.any(Number),
      'no-active-contract': expect.any(Number),
    });
    // Rossi's contract does not cover preventive maintenance: its planned work waits for an agent,
    // and says why (A6).
    expect(summary.waiting).toBeGreaterThan(0);
    const waiting = callstream.inbox({ inbox: 'planner', status: 'waiting' });
    expect(waiting.length).toBeGreaterThan(0);
    for (const entry of waiting)
      expect(entry.waitingFor).toMatchObject({
        code: 'ChargeableWorkNotConfirmed',
        message: expect.stringMatching(/^Not covered: preventive-maintenance/),
      });
    expect(
      callstream
        .inbox({ inbox: 'planner' })
        .every((entry) => entry.sender.account === 'rossi' || entry.status === 'refused'),
    ).toBe(true);
    expect(summary).toMatchObject({ alarms: 3, stalled: 0 });
    // Planned calls are done on their day: dispatched, worked, classified and closed.
    const done = callstream.inbox({ inbox: 'planner', status: 'accepted' })[0]!;
    expect(await callstream.call(done.callNumber!)).toMatchObject({
      status: 'Closed',
      purpose: 'on-site-maintenance',
      dispatch: { group: 'facilities' },
    });

    const head = await callstream.store.headPosition();
    expect(await runPlannedWork(callstream, { seed: 7, until })).toEqual(summary);
    expect(await callstream.store.headPosition()).toBe(head);
    expect(plannedSetupCommands().every((command) => typeof command.type === 'string')).toBe(true);
  });
});
