import { describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { steppingClock } from '../support/clock.js';
import { accept, submit } from '../support/company.js';
import { command, logCallRequest, staff } from '../support/pipeline.js';

const sam = staff.sam;

/** servers-l1 (eve, luca), facilities (no members), and these engineers defined in master data. */
async function organisationWith(...engineers: string[]): Promise<Callstream> {
  const callstream = new Callstream({ customerValidation: false, clock: steppingClock() });
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
  for (const engineerId of engineers)
    await callstream.execute(
      command({
        type: 'DefineEngineer',
        actor: sam,
        engineerId,
        from: '2020-01-01',
        groups: ['facilities'],
        skills: [],
        areas: [],
        calendar: { kind: 'always-open', id: '24x7', timeZone: 'UTC' },
      }),
    );
  return callstream;
}

/**
 * C2 through the pipeline: the engineer an assignment names, or who starts work, is judged
 * against the organisation's groups and the engineers master data defines, read by the
 * pipeline for the domain to decide.
 */
describe('who may be assigned a call and start work on it (C2)', () => {
  it('refuses engineers nobody registered and engineers outside the call’s group, and writes nothing', async () => {
    // Given servers-l1 (eve, luca), facilities (no members), Hugo defined in master data,
    // and a call assigned to servers-l1
    const callstream = await organisationWith('hugo');
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

/**
 * Every other command naming an engineer judges them by the same rules (C2): whom a call is
 * logged or returned to (assignTo), who makes a visit, whose work is booked. A booking judges
 * the engineer on the day the work was done: work done before retirement is booked after it.
 */
describe('commands naming an engineer (C2)', () => {
  /** servers-l1 (eve, luca), facilities (no members); Otto defined, Hugo defined and retired today. */
  async function organisation() {
    const callstream = await organisationWith('otto', 'hugo');
    await callstream.execute(
      command({ type: 'RetireEngineer', actor: sam, engineerId: 'hugo', from: '2026-11-23' }),
    );
    const { number: call } = await callstream.execute(
      logCallRequest({ assignTo: { group: 'servers-l1', engineer: 'eve' } }),
    );
    return { callstream, call };
  }

  it('logs a call for an engineer the organisation knows and has on staff only', async () => {
    const { callstream } = await organisation();
    await expect(
      callstream.execute(logCallRequest({ assignTo: { engineer: 'zed' } })),
    ).rejects.toMatchObject({ code: 'EngineerNotFound', message: expect.stringMatching(/zed/) });
    await expect(
      callstream.execute(logCallRequest({ assignTo: { group: 'facilities', engineer: 'hugo' } })),
    ).rejects.toMatchObject({
      code: 'EngineerNotOnStaff',
      message: expect.stringMatching(/hugo is not on staff on 2026-11-23: retired from 2026-11-23/),
    });
    // The refusals consumed no number: the next call logged is the second.
    const logged = await callstream.execute(logCallRequest({ assignTo: { engineer: 'otto' } }));
    expect(logged).toMatchObject({ number: 'C-000002' });
    await callstream.close();
  });

  it('accepts a request for an engineer the organisation knows only', async () => {
    const { callstream } = await organisation();
    await submit(callstream, 'r-1', '2026-11-23T09:30:00Z', {
      sender: { email: 'carl@acme.example' },
    });
    await expect(
      accept(callstream, 'r-1', '2026-11-23T09:31:00Z', {
        customerId: 'acme',
        assignTo: { engineer: 'zed' },
      }),
    ).rejects.toMatchObject({ code: 'EngineerNotFound' });
    // The request still waits: accepted for Otto, it becomes the second call, his.
    await accept(callstream, 'r-1', '2026-11-23T09:32:00Z', {
      customerId: 'acme',
      assignTo: { engineer: 'otto' },
    });
    expect((await callstream.call('C-000002')).dispatch).toMatchObject({ engineer: 'otto' });
    await callstream.close();
  });

  it('returns a call from second line to an engineer it knows, of the call’s group when named alone', async () => {
    const { callstream, call } = await organisation();
    await callstream.execute(
      command({ type: 'TransferToSecondLine', call, supportCentre: 'vendor', reason: 'Firmware' }),
    );
    const before = (await callstream.log(call)).length;
    const back = (assignTo: { group?: string; engineer: string }) =>
      callstream.execute(
        command({
          type: 'ReturnFromSecondLine',
          call,
          transferId: 'T1',
          outcome: 'Flash the BIOS',
          assignTo,
        }),
      );
    await expect(back({ group: 'facilities', engineer: 'zed' })).rejects.toMatchObject({
      code: 'EngineerNotFound',
    });
    await expect(back({ group: 'facilities', engineer: 'hugo' })).rejects.toMatchObject({
      code: 'EngineerNotOnStaff',
    });
    // Otto named alone would join the call's group, servers-l1, whose members he is not one of.
    await expect(back({ engineer: 'otto' })).rejects.toMatchObject({
      code: 'NotAGroupMember',
      message: expect.stringMatching(/otto is not a member of group servers-l1/),
    });
    expect((await callstream.log(call)).length).toBe(before);
    const returned = await back({ engineer: 'luca' });
    expect(returned.state.dispatch).toMatchObject({ group: 'servers-l1', engineer: 'luca' });
    await callstream.close();
  });

  it('sends on a visit an engineer it knows and has on staff on the visit’s day', async () => {
    const { callstream, call } = await organisation();
    const before = (await callstream.log(call)).length;
    const visit = (engineer: string, day: string) =>
      callstream.execute(
        command({
          type: 'ScheduleOnSiteVisit',
          call,
          engineer,
          plannedStart: `${day}T10:00:00.000Z`,
          plannedEnd: `${day}T11:00:00.000Z`,
          override: { reason: 'The customer insists' },
        }),
      );
    await expect(visit('zed', '2026-11-23')).rejects.toMatchObject({ code: 'EngineerNotFound' });
    // Retired: no override sends them, as no assignment does.
    await expect(visit('hugo', '2026-11-23')).rejects.toMatchObject({
      code: 'EngineerNotOnStaff',
    });
    expect((await callstream.log(call)).length).toBe(before);
    const booked = await visit('otto', '2026-11-24');
    expect(booked.state.transfers.T1).toMatchObject({ kind: 'on-site', engineer: 'otto' });
    await callstream.close();
  });

  it('books the work of an engineer it knows, on staff on the day the work was done', async () => {
    const { callstream, call } = await organisation();
    const before = (await callstream.log(call)).length;
    const book = (engineer: string, workDate?: string) =>
      callstream.execute(
        command({
          type: 'BookTime',
          call,
          engineer,
          labourType: 'remote',
          minutes: 30,
          ...(workDate ? { workDate } : {}),
        }),
      );
    await expect(book('zed')).rejects.toMatchObject({ code: 'EngineerNotFound' });
    await expect(
      callstream.execute(
        command({ type: 'BookMaterial', call, engineer: 'zed', item: 'fan', quantity: 1 }),
      ),
    ).rejects.toMatchObject({ code: 'EngineerNotFound' });
    await expect(
      callstream.execute(
        command({
          type: 'BookCost',
          call,
          engineer: 'zed',
          category: 'expense',
          description: 'Parking',
          amount: { amount: 5, currency: 'EUR' },
        }),
      ),
    ).rejects.toMatchObject({ code: 'EngineerNotFound' });
    // Hugo retired today: work dated today is refused, work he did yesterday is booked.
    await expect(book('hugo')).rejects.toMatchObject({
      code: 'EngineerNotOnStaff',
      message: expect.stringMatching(/hugo is not on staff on 2026-11-23/),
    });
    expect((await callstream.log(call)).length).toBe(before);
    const booked = await book('hugo', '2026-11-22');
    expect(booked.state.bookings.B1).toMatchObject({ engineer: 'hugo', workDate: '2026-11-22' });
    await callstream.close();
  });
});
