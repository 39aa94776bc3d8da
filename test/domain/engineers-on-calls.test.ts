import { describe, it } from 'vitest';
import {
  evolveOrganisation,
  initialOrganisation,
  type CallEvent,
  type Engineer,
  type Organisation,
  type OrganisationEvent,
} from '../../src/domain/index.js';
import { engineer, events, given, logCall, minutes } from '../support/call-spec.js';

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

describe('other commands naming an engineer (C2)', () => {
  const day = at.toISOString().slice(0, 10);
  const retired: Engineer = { ...hugo, retiredFrom: day };
  const secondLine: CallEvent = {
    type: 'TransferredToSecondLine',
    data: { at: minutes(20), transferId: 'T1', supportCentre: 'vendor', reason: 'Firmware' },
  };

  it('logs a call for an engineer the organisation knows, on staff', () => {
    given()
      .when({ ...logCall, organisation, assignTo: { engineer: 'zed' }, engineerRecord: null })
      .refuses('EngineerNotFound', /No engineer zed/);
    given()
      .when({ ...logCall, organisation, assignTo: { engineer: 'hugo' }, engineerRecord: retired })
      .refuses('EngineerNotOnStaff');
  });

  it('returns a call from second line to an engineer it knows, of the group it goes back to', () => {
    const back = (engineer: string, group?: string, engineerRecord: Engineer | null = null) =>
      given(...inServers, secondLine).when({
        type: 'ReturnFromSecondLine',
        transferId: 'T1',
        outcome: 'Flash the BIOS',
        assignTo: { engineer, group },
        organisation,
        engineerRecord,
      });
    back('zed', 'plumbing').refuses('EngineerNotFound');
    back('hugo', 'plumbing', retired).refuses('EngineerNotOnStaff');
    back('hugo', undefined, hugo).refuses('NotAGroupMember', /group servers-l1/);
    back('luca').then(
      { type: 'SecondLineReturned', data: { at, transferId: 'T1', outcome: 'Flash the BIOS' } },
      { type: 'CallAssigned', data: { at, engineer: 'luca', reason: 'Returned from second line' } },
    );
  });

  it('sends on a visit an engineer it knows, on staff on the visit’s day whatever the override', () => {
    const visit = (engineer: string, engineerRecord: Engineer | null, start = minutes(200)) =>
      given(...inPlumbing).when({
        type: 'ScheduleOnSiteVisit',
        engineer,
        plannedStart: start,
        plannedEnd: new Date(start.getTime() + 3_600_000),
        override: { reason: 'The customer insists' },
        organisation,
        engineerRecord,
      });
    visit('zed', null).refuses('EngineerNotFound');
    const fromTomorrow: Engineer = { ...hugo, retiredFrom: '2026-11-24' };
    visit('hugo', fromTomorrow, minutes(24 * 60)).refuses(
      'EngineerNotOnStaff',
      /hugo is not on staff on 2026-11-24: retired from 2026-11-24/,
    );
  });

  it('books the work of an engineer it knows, on staff on the day the work was done', () => {
    const book = (engineer: string, engineerRecord: Engineer | null, workDate: string) =>
      given(...inPlumbing).when({
        type: 'BookTime',
        engineer,
        labourType: 'remote',
        minutes: 30,
        workDate,
        today: day,
        organisation,
        engineerRecord,
      });
    book('zed', null, day).refuses('EngineerNotFound');
    book('hugo', retired, day).refuses('EngineerNotOnStaff', /retired from/);
    // Backdated: work done the day before the retirement is booked after it.
    book('hugo', retired, '2026-11-22').then({
      type: 'TimeBooked',
      data: {
        at,
        bookingId: 'B1',
        by: 'ann',
        engineer: 'hugo',
        group: 'plumbing',
        workDate: '2026-11-22',
        labourType: 'remote',
        minutes: 30,
      },
    });
  });
});
