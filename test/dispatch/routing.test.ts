import { describe, expect, it } from 'vitest';
import { routeCall, routingDecider, routingRules } from '../../src/domain/routing/routing.js';
import type { RoutableEngineer, RoutingVersion } from '../../src/domain/routing/routing.js';
import { engineer as eve } from '../support/call-spec.js';
import { officeHours } from './support.js';

const person = (
  engineerId: string,
  openWork: number,
  groups: string[],
  skills: Array<{ kind: 'product' | 'item-group' | 'service'; id: string }> = [],
  areas: Array<{ kind: 'region' | 'site'; id: string }> = [],
): RoutableEngineer => ({
  engineerId,
  openWork,
  profile: { from: '2026-01-01', groups, skills, areas, calendar: officeHours },
});

const team = [
  person(
    'eve',
    3,
    ['field'],
    [{ kind: 'item-group', id: 'servers' }],
    [{ kind: 'region', id: 'paris' }],
  ),
  person(
    'bob',
    1,
    ['field'],
    [{ kind: 'item-group', id: 'servers' }],
    [{ kind: 'region', id: 'lyon' }],
  ),
  person('ann', 0, ['desk']),
  person('zoe', 1, ['field'], [{ kind: 'item-group', id: 'servers' }]),
];

/** Every group the rules name is one of the organisation's, active. */
const active = () => true;

const version = (rules: unknown): RoutingVersion => ({
  version: 2,
  effectiveFrom: new Date('2026-01-01T00:00:00Z'),
  rules: routingRules.parse(rules),
});

describe('routing rules as data (issue 21)', () => {
  it('passes over a rule whose group is not an active group of the organisation: misspelt, or retired since', () => {
    const rules = version([
      { ruleId: 'typo', when: {}, then: { kind: 'group', group: 'srvers-l1' } },
      { ruleId: 'retired', when: {}, then: { kind: 'least-loaded', group: 'old-desk' } },
      { ruleId: 'desk', when: {}, then: { kind: 'group', group: 'desk' } },
    ]);
    const activeGroups = new Set(['desk']);
    expect(
      routeCall(rules, { occasion: 'new' }, team, (group) => activeGroups.has(group)),
    ).toMatchObject({ ruleId: 'desk', group: 'desk', toDefault: false });
    activeGroups.delete('desk');
    expect(
      routeCall(rules, { occasion: 'new' }, team, (group) => activeGroups.has(group)),
    ).toMatchObject({ ruleId: null, toDefault: true });
  });

  it('sends a call to a group by channel, purpose and priority; the first matching rule wins', () => {
    const rules = version([
      {
        ruleId: 'vip',
        when: { customers: ['acme'], priorities: [1] },
        then: { kind: 'group', group: 'vip' },
      },
      { ruleId: 'mail', when: { channels: ['email'] }, then: { kind: 'group', group: 'desk' } },
    ]);
    expect(
      routeCall(
        rules,
        { occasion: 'new', channel: 'email', customerId: 'acme', priority: 1 },
        team,
        active,
      ),
    ).toEqual({
      version: 2,
      ruleId: 'vip',
      group: 'vip',
      toDefault: false,
    });
    expect(
      routeCall(rules, { occasion: 'new', channel: 'email', priority: 3 }, team, active).ruleId,
    ).toBe('mail');
  });

  it('no rule matching, or no rules at all: the default destination', () => {
    const rules = version([
      { ruleId: 'mail', when: { channels: ['email'] }, then: { kind: 'group', group: 'desk' } },
    ]);
    expect(routeCall(rules, { occasion: 'new', channel: 'phone' }, team, active)).toEqual({
      version: 2,
      ruleId: null,
      toDefault: true,
    });
    expect(routeCall(undefined, { occasion: 'new' }, team, active)).toEqual({
      version: null,
      ruleId: null,
      toDefault: true,
    });
  });

  it('an engineer destination needs the engineer to have the skills and serve the region; else the next rule', () => {
    const rules = version([
      {
        ruleId: 'eve-servers',
        when: { itemGroups: ['servers'], skills: [{ kind: 'item-group', id: 'servers' }] },
        then: { kind: 'engineer', engineer: 'eve', group: 'field' },
      },
      { ruleId: 'fallback', then: { kind: 'default' } },
    ]);
    expect(
      routeCall(rules, { occasion: 'new', itemGroup: 'servers', region: 'paris' }, team, active),
    ).toMatchObject({
      ruleId: 'eve-servers',
      engineer: 'eve',
      group: 'field',
    });
    expect(
      routeCall(rules, { occasion: 'new', itemGroup: 'servers', region: 'lyon' }, team, active),
    ).toMatchObject({
      ruleId: 'fallback',
      toDefault: true,
    });
  });

  it('least-loaded: among eligible engineers of the group, the least open work (ties by id)', () => {
    const rules = version([
      {
        ruleId: 'balance',
        when: { occasions: ['new', 'reopened'], skills: [{ kind: 'item-group', id: 'servers' }] },
        then: { kind: 'least-loaded', group: 'field' },
      },
    ]);
    // bob and zoe both have 1 open call; bob serves lyon only, zoe everywhere.
    expect(routeCall(rules, { occasion: 'new', region: 'paris' }, team, active)).toMatchObject({
      engineer: 'zoe',
    });
    expect(routeCall(rules, { occasion: 'new', region: 'lyon' }, team, active)).toMatchObject({
      engineer: 'bob',
    });
    // ann has no open work but is neither in the group nor skilled.
    expect(routeCall(rules, { occasion: 'returned', region: 'lyon' }, team, active).toDefault).toBe(
      true,
    );
  });

  it('versions take effect in order: a version may not start before the last', () => {
    const publish = (effectiveFrom: string) => ({
      type: 'PublishRoutingRules' as const,
      at: new Date('2026-11-01T00:00:00Z'),
      actor: eve,
      effectiveFrom: new Date(effectiveFrom),
      rules: routingRules.parse([{ ruleId: 'all', then: { kind: 'default' } }]),
    });
    let state = routingDecider.initialState();
    for (const event of routingDecider.decide(publish('2026-06-01T00:00:00Z'), state))
      state = routingDecider.evolve(state, event);
    expect(state.map((v) => v.version)).toEqual([1]);
    expect(() => routingDecider.decide(publish('2026-01-01T00:00:00Z'), state)).toThrow(
      expect.objectContaining({ code: 'EffectiveDateBeforeLatest' }),
    );
  });
});
