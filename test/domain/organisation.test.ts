import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  acceptanceRequiredFor,
  billingPolicyOf,
  decideOrganisation,
  DomainError,
  evolveOrganisation,
  initialOrganisation,
  type Organisation,
  type OrganisationCommand,
  type OrganisationEvent,
} from '../../src/domain/index.js';
import { events, given, inProcess, minutes } from '../support/call-spec.js';
import { inheritedNames } from '../../src/domain/index.js';

const at = minutes(100);
const actor = { id: 'sam', role: 'supervisor' as const };
const organisationAfter = (...history: OrganisationEvent[]): Organisation =>
  history.reduce(evolveOrganisation, initialOrganisation());
const decide = (
  state: Organisation,
  command: { type: OrganisationCommand['type'] } & Record<string, unknown>,
) => decideOrganisation({ at, actor, ...command } as OrganisationCommand, state);

const servers: OrganisationEvent = {
  type: 'GroupDefined',
  data: {
    at,
    groupId: 'servers-l1',
    name: 'Servers level I',
    kind: 'service-level',
    level: 1,
    members: ['eve', 'luca'],
  },
};
const plumbing: OrganisationEvent = {
  type: 'GroupDefined',
  data: { at, groupId: 'plumbing', name: 'Plumbing', kind: 'work', members: [] },
};

describe('organisation: groups, support centres, default destination, purposes (C2, C5)', () => {
  it('defines work groups and service-level groups, the latter with their level', () => {
    expect(
      decide(initialOrganisation(), {
        type: 'DefineGroup',
        groupId: 'plumbing',
        name: 'Plumbing',
        kind: 'work',
        members: [],
      }),
    ).toEqual([plumbing]);
    expect(() =>
      decide(initialOrganisation(), {
        type: 'DefineGroup',
        groupId: 'servers-l1',
        name: 'Servers',
        kind: 'service-level',
        members: [],
      }),
    ).toThrow(DomainError);
  });

  it('sends new calls to an active group only', () => {
    const state = organisationAfter(servers, {
      type: 'GroupRetired',
      data: { at, groupId: 'servers-l1' },
    });
    expect(() =>
      decide(state, {
        type: 'SetDefaultDestination',
        destination: { kind: 'group', id: 'servers-l1' },
      }),
    ).toThrow(/No active group/);
    expect(
      decide(state, {
        type: 'SetDefaultDestination',
        destination: { kind: 'supervisor', id: 'sam' },
      }),
    ).toEqual([
      {
        type: 'DefaultDestinationSet',
        data: { at, destination: { kind: 'supervisor', id: 'sam' } },
      },
    ]);
  });
});

describe('contract policies, looked up by a contract id that is data', () => {
  it("a contract named like every object's members has no policy of its own: the company's applies", () => {
    const state = organisationAfter(
      { type: 'BillingPolicySet', data: { at, invoiceOn: 'closing', priceListId: 'standard' } },
      { type: 'AcceptancePolicySet', data: { at, required: true } },
      {
        type: 'BillingPolicySet',
        data: { at, invoiceOn: 'resolution', priceListId: 'gold', contractId: 'K-1' },
      },
      { type: 'AcceptancePolicySet', data: { at, required: false, contractId: 'K-1' } },
    );
    expect(billingPolicyOf(state, 'K-1')).toEqual({ invoiceOn: 'resolution', priceListId: 'gold' });
    expect(acceptanceRequiredFor(state, 'K-1')).toBe(false);
    for (const contractId of inheritedNames) {
      expect(billingPolicyOf(state, contractId)).toEqual({
        invoiceOn: 'closing',
        priceListId: 'standard',
      });
      expect(acceptanceRequiredFor(state, contractId)).toBe(true);
    }
  });

  it("answers each contract's latest rule, and the company's for any other, after any sequence of rules set (property)", () => {
    const contracts = fc.constantFrom('K-1', 'K-2', 'acme-2026', 'constructor', '__proto__');
    const rules = fc.array(
      fc.oneof(
        fc.record({ contractId: contracts, invoiceOn: fc.constantFrom('closing', 'resolution') }),
        fc.record({ contractId: contracts, required: fc.boolean() }),
      ),
      { maxLength: 40, size: 'max' },
    );
    fc.assert(
      fc.property(rules, (sequence) => {
        const billing = new Map<string, string>();
        const acceptance = new Map<string, boolean>();
        const state = organisationAfter(
          { type: 'BillingPolicySet', data: { at, invoiceOn: 'acceptance', priceListId: 'p' } },
          ...sequence.map((rule): OrganisationEvent => {
            if ('required' in rule) {
              acceptance.set(rule.contractId, rule.required);
              return { type: 'AcceptancePolicySet', data: { at, ...rule } };
            }
            billing.set(rule.contractId, rule.invoiceOn);
            return { type: 'BillingPolicySet', data: { at, priceListId: 'p', ...rule } };
          }),
        );
        for (const contractId of ['K-1', 'K-2', 'acme-2026', 'constructor', '__proto__', 'K-3']) {
          expect(billingPolicyOf(state, contractId)?.invoiceOn).toBe(
            billing.get(contractId) ?? 'acceptance',
          );
          expect(acceptanceRequiredFor(state, contractId)).toBe(
            acceptance.get(contractId) ?? false,
          );
        }
      }),
    );
  });
});

describe('routing a call against the organisation', () => {
  const organisation = organisationAfter(
    servers,
    plumbing,
    {
      type: 'SupportCentreDefined',
      data: { at, centreId: 'servers-l2', name: 'Servers level II', line: 'second' },
    },
    {
      type: 'SupportCentreDefined',
      data: { at, centreId: 'desk', name: 'Service desk', line: 'first' },
    },
    { type: 'PurposeDefined', data: { at, purposeId: 'product-defect', name: 'Product defect' } },
  );

  it('assigns to known groups and their members, and records the reassignment', () => {
    given(...inProcess())
      .when({
        type: 'AssignCall',
        group: 'servers-l1',
        engineer: 'luca',
        reason: 'Eve is ill',
        organisation,
      })
      .then({
        type: 'CallAssigned',
        data: { at, group: 'servers-l1', engineer: 'luca', reason: 'Eve is ill' },
      });
    given(...inProcess())
      .when({ type: 'AssignCall', group: 'electricity', organisation })
      .refuses('GroupNotFound');
    for (const group of inheritedNames)
      given(...inProcess())
        .when({ type: 'AssignCall', group, organisation })
        .refuses('GroupNotFound');
    given(...inProcess())
      .when({ type: 'AssignCall', group: 'servers-l1', engineer: 'bob', organisation })
      .refuses('NotAGroupMember');
  });

  it('given a call in a group with members, when an engineer is named alone, then they must be a member of the call’s group', () => {
    given(...inProcess()) // servers-l1: eve and luca
      .when({ type: 'AssignCall', engineer: 'bob', organisation })
      .refuses('NotAGroupMember', /bob is not a member of group servers-l1/);
    given(...inProcess())
      .when({ type: 'AssignCall', engineer: 'luca', organisation })
      .then({ type: 'CallAssigned', data: { at, engineer: 'luca' } });
    given(...inProcess()) // a group without members takes anyone
      .when({ type: 'AssignCall', group: 'plumbing', organisation })
      .then({ type: 'CallAssigned', data: { at, group: 'plumbing' } });
  });

  it('transfers to known support centres only', () => {
    given(...inProcess())
      .when({
        type: 'TransferToSecondLine',
        supportCentre: 'servers-l3',
        reason: 'x',
        organisation,
      })
      .refuses('SupportCentreNotFound', /servers-l2/);
    for (const supportCentre of inheritedNames)
      given(...inProcess())
        .when({ type: 'TransferToSecondLine', supportCentre, reason: 'x', organisation })
        .refuses('SupportCentreNotFound');
  });

  it('transfers to second line at a centre beyond first line: the first-line desk is not second line (C3)', () => {
    given(...inProcess())
      .when({ type: 'TransferToSecondLine', supportCentre: 'desk', reason: 'x', organisation })
      .refuses(
        'NotSecondLine',
        /^Support centre desk \(Service desk\) is first line: a call is transferred to second line at a centre of line second or expert$/,
      );
    given(...inProcess())
      .when({
        type: 'TransferToSecondLine',
        supportCentre: 'servers-l2',
        reason: 'x',
        organisation,
      })
      .then({
        type: 'TransferredToSecondLine',
        data: { at, transferId: 'T1', supportCentre: 'servers-l2', reason: 'x' },
      });
  });

  it('classifies a call by purpose from the taxonomy, and product (C5)', () => {
    given(...inProcess())
      .when({
        type: 'ClassifyCall',
        purpose: 'product-defect',
        product: 'server-r740',
        organisation,
      })
      .then({
        type: 'CallClassified',
        data: { at, purpose: 'product-defect', product: 'server-r740' },
      });
    given(...inProcess())
      .when({ type: 'ClassifyCall', purpose: 'gossip', organisation })
      .refuses('PurposeNotFound');
    for (const purpose of inheritedNames)
      given(...inProcess())
        .when({ type: 'ClassifyCall', purpose, organisation })
        .refuses('PurposeNotFound');
    given(...inProcess(), {
      type: 'CallClassified',
      data: { at: minutes(20), purpose: 'product-defect' },
    })
      .when({ type: 'ClassifyCall', purpose: 'product-defect', organisation })
      .refuses('NothingToChange');
  });

  it('constrains nothing when the organisation defines no groups', () => {
    given(events.logged())
      .when({ type: 'AssignCall', group: 'anything', organisation: initialOrganisation() })
      .then({ type: 'CallAssigned', data: { at, group: 'anything' } });
  });
});
