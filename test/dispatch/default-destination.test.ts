import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { logCallRequest, command, staff } from '../support/pipeline.js';
import { temporaryDatabase } from '../support/files.js';

/**
 * C2: a new call goes to the default destination. A group is the default destination only
 * while it is active (SetDefaultDestination refuses a retired one), so retiring the group new
 * calls go to is refused until another destination is set: it would send every new call to a
 * group no one may assign to any more.
 */
describe('the default destination stays an active group (C2, real SQLite file)', () => {
  let tmp = temporaryDatabase();
  let callstream: Callstream | undefined;
  beforeEach(() => {
    tmp = temporaryDatabase();
  });
  afterEach(async () => {
    await callstream?.close();
    tmp.remove();
  });

  const defineGroup = (groupId: string) =>
    command({
      type: 'DefineGroup',
      actor: staff.sam,
      groupId,
      name: groupId,
      kind: 'work',
      members: [],
    });

  it('refuses to retire the group new calls go to, and retires it once another takes its place', async () => {
    callstream = await Callstream.open({ file: tmp.path, customerValidation: false });
    const cs = callstream;
    // Given the service desk, the default destination, and the dispatch desk
    await cs.execute(defineGroup('desk'));
    await cs.execute(defineGroup('dispatch'));
    const toDesk = command({
      type: 'SetDefaultDestination',
      actor: staff.sam,
      destination: { kind: 'group', id: 'desk' },
    });
    await cs.execute(toDesk);
    // When the service desk is retired
    const retire = command({ type: 'RetireGroup', actor: staff.sam, groupId: 'desk' });
    // Then it is refused, saying what to do first, and nothing is written
    await expect(cs.execute(retire)).rejects.toMatchObject({
      code: 'GroupIsDefaultDestination',
      message: expect.stringMatching(/desk is where new calls go.*SetDefaultDestination/),
    });
    const logged = await cs.execute(logCallRequest({ at: '2026-11-23T09:00:00Z' }));
    expect(logged.state.dispatch.group).toBe('desk');
    // When new calls go to the dispatch desk instead, the service desk can be retired
    await cs.execute(
      command({
        type: 'SetDefaultDestination',
        actor: staff.sam,
        destination: { kind: 'group', id: 'dispatch' },
      }),
    );
    await cs.execute(command({ type: 'RetireGroup', actor: staff.sam, groupId: 'desk' }));
    const next = await cs.execute(logCallRequest({ at: '2026-11-23T09:10:00Z' }));
    expect(next.state.dispatch.group).toBe('dispatch');
  });
});
