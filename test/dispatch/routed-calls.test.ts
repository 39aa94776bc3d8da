import { describe, expect, it } from 'vitest';
import { decodeStored } from '../../src/domain/index.js';
import {
  decideCall,
  evolveCall,
  type CallCommandOf,
  initialOrganisation,
  routingRules,
  type CallEvent,
  type CallRouting,
  type CallState,
  type RoutableEngineer,
} from '../../src/domain/index.js';
import { agent, events, given, logCall, minutes, T0 } from '../support/call-spec.js';
import { officeHours } from './support.js';

/** Issue 21: routing applied to a call — the decision recorded (CallRouted), then carried out (CallAssigned). */

const person = (engineerId: string, openWork: number): RoutableEngineer => ({
  engineerId,
  openWork,
  profile: { from: '2026-01-01', groups: ['field'], skills: [], areas: [], calendar: officeHours },
});

const routing = (rules: unknown, engineers: RoutableEngineer[] = []): CallRouting => ({
  version: {
    version: 3,
    effectiveFrom: new Date('2026-01-01T00:00:00Z'),
    rules: routingRules.parse(rules),
  },
  engineers,
});

const rules = routing(
  [
    {
      ruleId: 'reopened',
      when: { occasions: ['reopened'] },
      then: { kind: 'group', group: 'escalations' },
    },
    {
      ruleId: 'returned',
      when: { occasions: ['returned'] },
      then: { kind: 'least-loaded', group: 'field' },
    },
    { ruleId: 'phone', when: { channels: ['phone'] }, then: { kind: 'group', group: 'desk' } },
  ],
  [person('eve', 3), person('bob', 1), person('zoe', 1)],
);

/** The groups the rules name, each active (a rule to another group cannot be met). */
const group = (name: string, members: readonly string[] = []) => ({
  name,
  kind: 'work' as const,
  members,
  active: true,
});
const organisation = {
  ...initialOrganisation(),
  groups: {
    dispatch: group('Dispatch'),
    desk: group('Service desk'),
    escalations: group('Escalations'),
    field: group('Field service', ['eve', 'bob', 'zoe']),
  },
  defaultDestination: { kind: 'group' as const, id: 'dispatch' },
};

/** What the rules read of the call the examples log, recorded with the decision. */
const loggedCallFacts = {
  channel: 'phone',
  customerId: 'acme',
  priority: 3,
  product: 'server-x',
  siteId: 'paris',
};

const routed = (
  occasion: 'new' | 'reopened' | 'returned',
  rule: string | null,
  destination: object,
  at = T0,
  explicit = false,
  facts: object = loggedCallFacts,
): CallEvent => ({
  type: 'CallRouted',
  data: { at, occasion, ruleVersion: 3, rule, explicit, destination, facts },
});

const returned = (at = minutes(100)): CallEvent => ({
  type: 'SecondLineReturned',
  data: { at, transferId: 'T1', outcome: 'Firmware patched' },
});

const withSecondLine = (): CallEvent[] => [
  events.logged(),
  events.prioritised(),
  events.assigned(),
  events.started(),
  {
    type: 'TransferredToSecondLine',
    data: { at: minutes(20), transferId: 'T1', supportCentre: 'vendor', reason: 'Firmware' },
  },
];

describe('routing applied to calls (issue 21)', () => {
  it('routes a new call by the first rule that holds, recording rule and version', () => {
    given()
      .when({ ...logCall, routing: rules, organisation })
      .then(events.logged(), events.prioritised(3), routed('new', 'phone', { group: 'desk' }), {
        type: 'CallAssigned',
        data: { at: T0, group: 'desk', reason: 'Routed by rule phone (routing rules v3)' },
      });
  });

  it('passes over a rule to a group retired since; an organisation that defines no groups takes the rules on trust', () => {
    const retired = {
      ...organisation,
      groups: { ...organisation.groups, desk: { ...organisation.groups.desk, active: false } },
    };
    given()
      .when({ ...logCall, routing: rules, organisation: retired })
      .then(events.logged(), events.prioritised(3), routed('new', null, { group: 'dispatch' }), {
        type: 'CallAssigned',
        data: {
          at: T0,
          group: 'dispatch',
          reason: 'Default destination (group; routing rules v3)',
        },
      });
    const noGroups = {
      ...initialOrganisation(),
      defaultDestination: organisation.defaultDestination,
    };
    given()
      .when({ ...logCall, routing: rules, organisation: noGroups })
      .then(events.logged(), events.prioritised(3), routed('new', 'phone', { group: 'desk' }), {
        type: 'CallAssigned',
        data: { at: T0, group: 'desk', reason: 'Routed by rule phone (routing rules v3)' },
      });
  });

  it('routes a reopened call as reopened', () => {
    const reopenedFrom = { callId: '1b7f6c1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e', number: 'C-000001' };
    given()
      .when({ ...logCall, reopenedFrom, badFix: true, routing: rules, organisation })
      .then(
        events.logged({ reopenedFrom, badFix: true }),
        events.prioritised(3),
        routed('reopened', 'reopened', { group: 'escalations' }),
        {
          type: 'CallAssigned',
          data: {
            at: T0,
            group: 'escalations',
            reason: 'Routed by rule reopened (routing rules v3)',
          },
        },
      );
  });

  it('routes a call returned from second line to the least-loaded engineer (ties by id)', () => {
    given(...withSecondLine())
      .when({
        type: 'ReturnFromSecondLine',
        transferId: 'T1',
        outcome: 'Firmware patched',
        routing: rules,
        organisation,
      })
      .then(
        returned(),
        routed('returned', 'returned', { group: 'field', engineer: 'bob' }, minutes(100)),
        {
          type: 'CallAssigned',
          data: {
            at: minutes(100),
            group: 'field',
            engineer: 'bob',
            reason: 'Routed by rule returned (routing rules v3)',
          },
        },
      );
  });

  it('least-loaded follows open work: with bob busier, zoe gets the call', () => {
    const busy = routing(rules.version.rules, [
      person('eve', 3),
      person('bob', 4),
      person('zoe', 1),
    ]);
    const [, decision] = decided({
      type: 'ReturnFromSecondLine',
      transferId: 'T1',
      outcome: 'Firmware patched',
      routing: busy,
      organisation,
    });
    expect(decision).toMatchObject({
      type: 'CallRouted',
      data: { destination: { engineer: 'zoe' } },
    });
  });

  it('a destination the command names wins over the rules, and is recorded as chosen by hand', () => {
    given()
      .when({ ...logCall, assignTo: { group: 'vip' }, routing: rules })
      .then(
        events.logged(),
        events.prioritised(3),
        routed('new', null, { group: 'vip' }, T0, true),
        {
          type: 'CallAssigned',
          data: { at: T0, group: 'vip', reason: 'Assigned by hand (routing rules not applied)' },
        },
      );
    given(...withSecondLine())
      .when({
        type: 'ReturnFromSecondLine',
        transferId: 'T1',
        outcome: 'Firmware patched',
        assignTo: { engineer: 'eve' },
        routing: rules,
      })
      .then(returned(), routed('returned', null, { engineer: 'eve' }, minutes(100), true), {
        type: 'CallAssigned',
        data: {
          at: minutes(100),
          engineer: 'eve',
          reason: 'Assigned by hand (routing rules not applied)',
        },
      });
  });

  it('no rule holds: the default destination, recorded with the version that had no rule for it', () => {
    given()
      .when({
        ...logCall,
        intake: { mode: 'knowledgeable', channel: 'email' },
        routing: rules,
        organisation,
      })
      .then(
        events.logged({ intake: { mode: 'knowledgeable', channel: 'email' } }),
        events.prioritised(3),
        routed('new', null, { group: 'dispatch' }, T0, false, {
          ...loggedCallFacts,
          channel: 'email',
        }),
        {
          type: 'CallAssigned',
          data: {
            at: T0,
            group: 'dispatch',
            reason: 'Default destination (group; routing rules v3)',
          },
        },
      );
  });

  it('without published rules the events are exactly those of before', () => {
    given()
      .when({ ...logCall, organisation })
      .then(events.logged(), events.prioritised(3), {
        type: 'CallAssigned',
        data: { at: T0, group: 'dispatch', reason: 'Default destination (group)' },
      });
    given(...withSecondLine())
      .when({
        type: 'ReturnFromSecondLine',
        transferId: 'T1',
        outcome: 'Firmware patched',
        organisation,
      })
      .then(returned());
  });

  it('the call keeps the recorded decision: folding never reads the rules', () => {
    const history = [
      events.logged(),
      events.prioritised(3),
      routed('new', 'phone', { group: 'desk' }),
      { type: 'CallAssigned', data: { at: T0, group: 'desk' } } as CallEvent,
    ];
    const call = history.reduce<CallState>(evolveCall, null);
    expect(call?.routing).toEqual({
      at: T0,
      occasion: 'new',
      ruleVersion: 3,
      rule: 'phone',
      explicit: false,
      destination: { group: 'desk' },
      facts: loggedCallFacts,
    });
    expect(call?.dispatch.group).toBe('desk');
  });
});

describe('CallRouted stored before its facts were recorded (v1)', () => {
  it('lifts to v2 without facts: nothing is invented', () => {
    const v1 = {
      at: '2026-11-23T09:00:00.000Z',
      occasion: 'new',
      ruleVersion: 3,
      rule: 'phone',
      explicit: false,
      destination: { group: 'desk' },
    };
    const { event } = decodeStored({
      type: 'CallRouted',
      data: v1,
      metadata: {
        schemaVersion: 1,
        actor: { id: 'ann', role: 'agent' },
        occurredAt: v1.at,
        commandId: '00000000-0000-4000-8000-000000000001',
        commandType: 'LogCall',
        correlationId: '00000000-0000-4000-8000-000000000002',
        causationId: '00000000-0000-4000-8000-000000000003',
      },
    });
    expect(event).toEqual({
      type: 'CallRouted',
      data: { ...v1, at: new Date(v1.at) },
    });
  });
});

/** The events a ReturnFromSecondLine decides on the call back from second line. */
function decided(
  command: Omit<CallCommandOf<'ReturnFromSecondLine'>, 'at' | 'actor'>,
): CallEvent[] {
  const state = withSecondLine().reduce<CallState>(evolveCall, null);
  return decideCall({ ...command, at: minutes(100), actor: agent }, state);
}
