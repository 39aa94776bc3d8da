import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Callstream } from '../../src/callstream.js';
import { logCallRequest, command, staff } from '../support/pipeline.js';
import { temporaryDatabase } from '../support/files.js';
import { defineEngineer, publishRules } from './support.js';

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
      // Before any of the dated commands below: the organisation's log runs forward in time.
      at: '2026-11-01T09:00:00Z',
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

  it('refuses routing rules that send calls to a group not defined or retired, or to an engineer outside the group named, and writes nothing', async () => {
    callstream = await Callstream.open({ file: tmp.path, customerValidation: false });
    const cs = callstream;
    // Given the service desk, the printers group of eve alone, and servers, retired
    for (const group of ['desk', 'servers']) await cs.execute(defineGroup(group));
    await cs.execute(command({ ...defineGroup('printers'), members: ['eve'] }));
    await cs.execute(command({ type: 'RetireGroup', actor: staff.sam, groupId: 'servers' }));
    const head = await cs.store.headPosition();
    const publish = (then: Record<string, unknown>) =>
      cs.execute(publishRules([{ ruleId: 'r1', then: then as never }]));
    // When rules name a group nobody defined (a misspelling), a retired group, or bob in printers
    // Then each is refused, naming the rule and what is wrong, and nothing is written
    await expect(publish({ kind: 'group', group: 'printer' })).rejects.toMatchObject({
      code: 'GroupNotFound',
      message: expect.stringMatching(
        /Rule r1 sends calls to group printer, which is not defined \(DefineGroup first\); active groups: desk, printers/,
      ),
      details: { group: 'printer', ruleId: 'r1' },
    });
    await expect(publish({ kind: 'least-loaded', group: 'servers' })).rejects.toMatchObject({
      code: 'GroupNotFound',
      message: expect.stringMatching(/group servers, which is retired/),
    });
    await expect(
      publish({ kind: 'engineer', engineer: 'bob', group: 'printers' }),
    ).rejects.toMatchObject({
      code: 'NotAGroupMember',
      details: { group: 'printers', engineer: 'bob', ruleId: 'r1' },
    });
    expect(await cs.store.headPosition()).toBe(head);
    // And rules naming the active groups, and eve in printers, are published
    const published = await cs.execute(
      publishRules([
        { ruleId: 'r-eve', then: { kind: 'engineer', engineer: 'eve', group: 'printers' } },
        { ruleId: 'r-desk', then: { kind: 'least-loaded', group: 'desk' } },
      ]),
    );
    expect(published.events.map((e) => e.type)).toEqual(['RoutingRulesPublished']);
  });

  it('refuses routing rules that send calls to an engineer the organisation does not know, naming the rule, and writes nothing', async () => {
    callstream = await Callstream.open({ file: tmp.path, customerValidation: false });
    const cs = callstream;
    // Given the printers group of eve alone, and otto, defined in master data in no group
    await cs.execute(command({ ...defineGroup('printers'), members: ['eve'] }));
    await cs.execute(defineEngineer('otto'));
    const head = await cs.store.headPosition();
    const toEngineer = (engineer: string) =>
      cs.execute(publishRules([{ ruleId: 'r1', then: { kind: 'engineer', engineer } }]));
    // When rules send calls to zed, whom nobody defined and no group names
    // Then it is refused, naming the rule, and nothing is written
    await expect(toEngineer('zed')).rejects.toMatchObject({
      code: 'EngineerNotFound',
      message: expect.stringMatching(/^Rule r1: No engineer zed: not defined in master data/),
      details: { engineer: 'zed', ruleId: 'r1' },
    });
    expect(await cs.store.headPosition()).toBe(head);
    // And rules sending calls to eve, a member, or to otto, defined, are published
    for (const engineer of ['eve', 'otto'])
      expect((await toEngineer(engineer)).events.map((e) => e.type)).toEqual([
        'RoutingRulesPublished',
      ]);
  });
});
