import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { logCallRequest, command, staff } from '../support/pipeline.js';
import { temporaryDatabase } from '../support/files.js';
import { publishRules } from './support.js';

/**
 * C2: a new call goes to the default destination. A group is the default destination only
 * while it is active (SetDefaultDestination refuses a retired one), so retiring the group new
 * calls go to is refused until another destination is set: it would send every new call to a
 * group no one may assign to any more. Nor is a group retired while routing rules in effect or
 * to come send calls to it: routing would pass over them without a word.
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

  it('refuses to retire a group the routing rules in effect or to come send calls to, naming those rules, and retires one they no longer name', async () => {
    callstream = await Callstream.open({ file: tmp.path, customerValidation: false });
    const cs = callstream;
    const at = (day: string) => `2026-11-${day}T09:00:00Z`;
    // Given the service desk, servers and printers, and routing rules that send calls to servers and printers
    for (const group of ['desk', 'servers', 'printers']) await cs.execute(defineGroup(group));
    await cs.execute(
      command({
        ...publishRules([
          {
            ruleId: 'r-servers',
            when: { products: ['server-x'] },
            then: { kind: 'group', group: 'servers' },
          },
          {
            ruleId: 'r-printers',
            when: { products: ['printer'] },
            then: { kind: 'engineer', engineer: 'eve', group: 'printers' },
          },
        ]),
        at: at('02'),
      }),
    );
    const retire = (groupId: string) =>
      command({ type: 'RetireGroup', actor: staff.sam, groupId, at: at('23') });
    // When servers is retired while the rules in effect name it
    // Then it is refused, naming the rule, and nothing is written
    const head = await cs.store.headPosition();
    await expect(cs.execute(retire('servers'))).rejects.toMatchObject({
      code: 'GroupInRoutingRules',
      message: expect.stringMatching(
        /servers is where routing rules send calls \(version 1 rule r-servers\): publish routing rules without it first/,
      ),
    });
    expect(await cs.store.headPosition()).toBe(head);
    // Given rules in effect from the 21st that name neither, and rules from January that pool calls in servers again
    await cs.execute(
      command({
        ...publishRules([{ ruleId: 'r-desk', then: { kind: 'default' } }], at('21')),
        at: at('20'),
      }),
    );
    await cs.execute(
      command({
        ...publishRules(
          [
            {
              ruleId: 'r-pool',
              when: { products: ['server-x'] },
              then: { kind: 'least-loaded', group: 'servers' },
            },
          ],
          '2027-01-01T00:00:00Z',
        ),
        at: at('20'),
      }),
    );
    // Then servers stays, for the rules to come; printers, which no rule in effect or to come names, is retired
    await expect(cs.execute(retire('servers'))).rejects.toMatchObject({
      code: 'GroupInRoutingRules',
      details: { group: 'servers', rules: [{ version: 3, ruleId: 'r-pool' }] },
    });
    const retired = await cs.execute(retire('printers'));
    expect(retired.events.map((e) => e.type)).toEqual(['GroupRetired']);
  });
});
