import { describe, it } from 'vitest';
import {
  evolveOrganisation,
  initialOrganisation,
  type Engineer,
  type Organisation,
  type OrganisationEvent,
} from '../../src/domain/index.js';
import { engineer, events, given, minutes } from '../support/call-spec.js';

/**
 * C2: who works a call. An organisation whose groups name members knows its engineers: those
 * members, and the engineers master data defines. An engineer it does not know is refused
 * (EngineerNotFound), and work on a call in a group with members is started by a member:
 * moving a call to another group is a dispatcher's assignment, never a side effect of
 * starting it. Within the group, whoever starts takes the call (the log shows the engineer
 * change with WorkStarted). An organisation whose groups name no members constrains nobody.
 */
const at = minutes(100);
const group = (groupId: string, members: string[]): OrganisationEvent => ({
  type: 'GroupDefined',
  data: { at: minutes(0), groupId, name: groupId, kind: 'work', members },
});
const organisation: Organisation = [
  group('servers-l1', ['eve', 'luca']),
  group('plumbing', []),
].reduce(evolveOrganisation, initialOrganisation());
const hugo: Engineer = {
  engineerId: 'hugo',
  versions: [
    {
      from: '2026-01-01',
      groups: ['plumbing'],
      skills: [],
      areas: [],
      calendar: { kind: 'always-open', id: '24x7', timeZone: 'UTC' },
    },
  ],
};
const inServers = [events.logged(), events.assigned('eve', 'servers-l1')];
const inPlumbing = [events.logged(), { ...events.assigned('eve', 'plumbing') }];
const as = (id: string) => ({ ...engineer, id, name: id });

describe('who starts work on a call (C2)', () => {
  it('refuses an engineer outside the call’s group, naming the group and the way to move it', () => {
    given(...inServers)
      .when({ type: 'StartWork', actor: as('hugo'), organisation, engineerRecord: hugo })
      .refuses('NotAGroupMember', /hugo is not a member of group servers-l1.*AssignCall/);
  });

  it('lets a member of the group start, taking the call over from the engineer assigned', () => {
    given(...inServers)
      .when({ type: 'StartWork', actor: as('luca'), organisation, engineerRecord: null })
      .then({ type: 'WorkStarted', data: { at, engineer: 'luca' } });
  });

  it('refuses an engineer the organisation does not know, and takes one master data defines', () => {
    given(...inPlumbing)
      .when({ type: 'StartWork', actor: as('zed'), organisation, engineerRecord: null })
      .refuses('EngineerNotFound', /No engineer zed.*DefineEngineer.*members of a group/);
    given(...inPlumbing)
      .when({
        type: 'StartWork',
        actor: engineer,
        engineer: 'zed',
        organisation,
        engineerRecord: null,
      })
      .refuses('EngineerNotFound');
    given(...inPlumbing)
      .when({ type: 'StartWork', actor: as('hugo'), organisation, engineerRecord: hugo })
      .then({ type: 'WorkStarted', data: { at, engineer: 'hugo' } });
  });

  it('constrains nobody where the organisation’s groups name no members', () => {
    const open = [group('plumbing', [])].reduce(evolveOrganisation, initialOrganisation());
    given(...inPlumbing)
      .when({ type: 'StartWork', actor: as('zed'), organisation: open, engineerRecord: null })
      .then({ type: 'WorkStarted', data: { at, engineer: 'zed' } });
  });
});

describe('who a call is assigned to (C2)', () => {
  it('refuses an engineer the organisation does not know', () => {
    given(...inPlumbing)
      .when({ type: 'AssignCall', engineer: 'zed', organisation, engineerRecord: null })
      .refuses('EngineerNotFound', /No engineer zed/);
    given(...inPlumbing)
      .when({ type: 'AssignCall', engineer: 'hugo', organisation, engineerRecord: hugo })
      .then({ type: 'CallAssigned', data: { at, engineer: 'hugo' } });
  });
});

describe('engineers on staff (C2)', () => {
  const day = at.toISOString().slice(0, 10);
  const retired: Engineer = { ...hugo, retiredFrom: day };
  const notYet: Engineer = { ...hugo, versions: [{ ...hugo.versions[0]!, from: '2099-01-01' }] };

  it('refuses work started or a call assigned to an engineer retired by then, or not yet on staff', () => {
    given(...inPlumbing)
      .when({ type: 'StartWork', actor: as('hugo'), organisation, engineerRecord: retired })
      .refuses(
        'EngineerNotOnStaff',
        new RegExp(`hugo is not on staff on ${day}: retired from ${day}`),
      );
    given(...inPlumbing)
      .when({ type: 'AssignCall', engineer: 'hugo', organisation, engineerRecord: retired })
      .refuses('EngineerNotOnStaff');
    given(...inPlumbing)
      .when({ type: 'AssignCall', engineer: 'hugo', organisation, engineerRecord: notYet })
      .refuses('EngineerNotOnStaff', /on staff from 2099-01-01/);
  });
});
