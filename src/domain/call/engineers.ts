import { DomainError } from '../shared/errors.js';
import { localDateOf } from '../calendar/zone.js';
import { engineerAsOf, type Engineer, type EngineerState } from '../engineer/state.js';
import { organisationTimeZone, type Organisation } from '../organisation/organisation.js';
import {
  ensureGroupMember,
  ensureKnownDestination,
  worksInGroup,
} from '../organisation/routing.js';
import type { Call } from './state.js';

/**
 * C2: an organisation whose groups name members knows its engineers: those members, and the
 * engineers master data defines (`record`). An engineer it knows in neither way is a typo or
 * someone nobody registered, and is refused. One whose groups name nobody (an embedding
 * application that staffs elsewhere) constrains no one, as one without groups routes anywhere.
 * `when` is the instant the engineer takes the call or the work (judged on the organisation's
 * day then), or the day itself: a booking's work date, a visit's day.
 */
export function ensureKnownEngineer(
  organisation: Organisation,
  engineer: string,
  record: EngineerState | undefined,
  when: Date | string,
): void {
  if (record) return ensureOnStaff(organisation, engineer, record, when);
  const groups = Object.values(organisation.groups);
  if (!groups.some((group) => group.members.length > 0)) return;
  if (groups.some((group) => group.members.includes(engineer))) return;
  throw new DomainError(
    'EngineerNotFound',
    `No engineer ${engineer}: not defined in master data (DefineEngineer) nor among the members of a group`,
    { engineer },
  );
}

/** An engineer master data defines works calls only while on staff: from their first profile, until retired. */
function ensureOnStaff(
  organisation: Organisation,
  engineer: string,
  record: Engineer,
  when: Date | string,
): void {
  const day =
    typeof when === 'string' ? when : localDateOf(organisationTimeZone(organisation), when);
  if (engineerAsOf(record, day)) return;
  const retired = record.retiredFrom !== undefined && day >= record.retiredFrom;
  throw new DomainError(
    'EngineerNotOnStaff',
    `${engineer} is not on staff on ${day}: ${retired ? `retired from ${record.retiredFrom}` : `on staff from ${record.versions[0]?.from ?? 'no day yet'}`}`,
    { engineer, day },
  );
}

/**
 * Where a call is assigned (AssignCall, or the `assignTo` of LogCall and ReturnFromSecondLine):
 * a destination the organisation knows, and an engineer it knows, on staff, and a member of
 * the group the call ends up in. An engineer named alone joins the call's group as it stands
 * (`callGroup`; none for a call being logged).
 */
export function ensureAssignable(
  organisation: Organisation,
  destination: { supportCentre?: string; group?: string; engineer?: string },
  callGroup: string | undefined,
  record: EngineerState | undefined,
  at: Date,
): void {
  ensureKnownDestination(organisation, destination);
  const { group, engineer } = destination;
  if (engineer === undefined) return;
  if (group === undefined && callGroup !== undefined)
    ensureGroupMember(organisation, callGroup, engineer);
  ensureKnownEngineer(organisation, engineer, record, at);
}

/**
 * Who starts work on a call: an engineer the organisation knows and, when the call's group
 * names members, one of them. Taking a call into another group is a dispatcher's assignment
 * (AssignCall), recorded with its reason, never a side effect of starting it.
 */
export function ensureMayStart(
  call: Call,
  engineer: string,
  organisation: Organisation | undefined,
  record: EngineerState | undefined,
  at: Date,
): void {
  if (!organisation) return;
  ensureKnownEngineer(organisation, engineer, record, at);
  const group = call.dispatch.group;
  if (group !== undefined && !worksInGroup(organisation, group, engineer))
    throw new DomainError(
      'NotAGroupMember',
      `${engineer} is not a member of group ${group}, the call's group: a dispatcher assigns the call to ${engineer}'s group first (AssignCall)`,
      { group, engineer },
    );
}
