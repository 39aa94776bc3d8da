import { describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { steppingClock } from '../support/clock.js';
import { command, logCallRequest, staff } from '../support/pipeline.js';

/**
 * C2 through the pipeline: the engineer an assignment names, or who starts work, is judged
 * against the organisation's groups and the engineers master data defines, read by the
 * pipeline for the domain to decide.
 */
describe('who may be assigned a call and start work on it (C2)', () => {
  it('refuses engineers nobody registered and engineers outside the call’s group, and writes nothing', async () => {
    // Given servers-l1 (eve, luca), facilities (no members), Hugo defined in master data,
    // and a call assigned to servers-l1
    const callstream = new Callstream({ customerValidation: false, clock: steppingClock() });
    const sam = staff.sam;
    for (const [groupId, members] of [
      ['servers-l1', ['eve', 'luca']],
      ['facilities', []],
    ] as const)
      await callstream.execute(
        command({
          type: 'DefineGroup',
          actor: sam,
          groupId,
          name: groupId,
          kind: 'work',
          members: [...members],
        }),
      );
    await callstream.execute(
      command({
        type: 'DefineEngineer',
        actor: sam,
        engineerId: 'hugo',
        from: '2020-01-01',
        groups: ['facilities'],
        skills: [],
        areas: [],
        calendar: { kind: 'always-open', id: '24x7', timeZone: 'UTC' },
      }),
    );
    const { number: call } = await callstream.execute(logCallRequest());
    await callstream.execute(command({ type: 'AssignCall', call, group: 'servers-l1' }));
    const before = (await callstream.log(call)).length;

    // When a dispatcher assigns it to zed, whom nobody registered, Then EngineerNotFound
    await expect(
      callstream.execute(
        command({ type: 'AssignCall', call, group: 'facilities', engineer: 'zed' }),
      ),
    ).rejects.toMatchObject({ code: 'EngineerNotFound', message: expect.stringMatching(/zed/) });
    // When zed starts work, or Hugo (defined, of facilities) does, Then each is refused
    const zed = { id: 'zed', role: 'engineer' } as const;
    await expect(
      callstream.execute(command({ type: 'StartWork', actor: zed, call })),
    ).rejects.toMatchObject({ code: 'EngineerNotFound' });
    const hugo = { id: 'hugo', role: 'engineer' } as const;
    await expect(
      callstream.execute(command({ type: 'StartWork', actor: hugo, call })),
    ).rejects.toMatchObject({
      code: 'NotAGroupMember',
      message: expect.stringMatching(/hugo is not a member of group servers-l1/),
    });
    expect((await callstream.log(call)).length).toBe(before);

    // When Luca, a member, starts, Then the call is his; and Hugo may be assigned to facilities
    const started = await callstream.execute(
      command({ type: 'StartWork', actor: { id: 'luca', role: 'engineer' }, call }),
    );
    expect(started.state.dispatch).toMatchObject({ group: 'servers-l1', engineer: 'luca' });
    const moved = await callstream.execute(
      command({ type: 'AssignCall', call, group: 'facilities', engineer: 'hugo' }),
    );
    expect(moved.state.dispatch).toMatchObject({ group: 'facilities', engineer: 'hugo' });
    await callstream.close();
  });
});
