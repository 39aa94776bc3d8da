import { DomainError } from '../shared/errors.js';
import type { EngineerState } from '../engineer/state.js';
import type { Organisation } from '../organisation/organisation.js';
import { ensureKnownEngineer } from '../organisation/staff.js';
import {
  ensureGroupMember,
  ensureKnownDestination,
  worksInGroup,
} from '../organisation/routing.js';
import type { Call } from './state.js';

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
