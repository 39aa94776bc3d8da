import { entryOf } from '../shared/objects.js';
import { DomainError } from '../shared/errors.js';
import type { Organisation } from './state.js';

/**
 * Routing rules a call's commands are checked against. An organisation that defines no
 * groups (an embedding application that routes elsewhere) constrains nothing.
 */
/**
 * Whether calls may go to a group: one of the organisation's, not retired. An organisation
 * that defines no groups takes the names it is given on trust, as ensureKnownDestination does.
 */
export function isActiveGroup(organisation: Organisation, groupId: string): boolean {
  if (Object.keys(organisation.groups).length === 0) return true;
  return entryOf(organisation.groups, groupId)?.active === true;
}

export function ensureKnownDestination(
  organisation: Organisation,
  target: { group?: string; supportCentre?: string; engineer?: string },
): void {
  const groups = Object.keys(organisation.groups);
  if (target.group !== undefined && groups.length > 0) {
    const group = entryOf(organisation.groups, target.group);
    if (!group?.active) {
      throw new DomainError(
        'GroupNotFound',
        `No active group ${target.group}; groups: ${groups.filter((g) => entryOf(organisation.groups, g)!.active).join(', ')}`,
        { group: target.group },
      );
    }
    if (target.engineer !== undefined)
      ensureGroupMember(organisation, target.group, target.engineer);
  }
  const centres = Object.keys(organisation.supportCentres);
  if (
    target.supportCentre !== undefined &&
    centres.length > 0 &&
    !entryOf(organisation.supportCentres, target.supportCentre)
  ) {
    throw new DomainError(
      'SupportCentreNotFound',
      `No support centre ${target.supportCentre}; centres: ${centres.join(', ')}`,
      { supportCentre: target.supportCentre },
    );
  }
}

/**
 * An engineer works a call within its group: a group with members takes only them. Checked
 * against the group the call ends up in, named by the command or kept from before.
 */
export function ensureGroupMember(
  organisation: Organisation,
  groupId: string,
  engineer: string,
): void {
  if (!worksInGroup(organisation, groupId, engineer)) {
    throw new DomainError('NotAGroupMember', `${engineer} is not a member of group ${groupId}`, {
      group: groupId,
      engineer,
    });
  }
}

/** Whether an engineer may work a group's calls: a group that names members takes only them; one naming nobody takes anyone. */
export function worksInGroup(
  organisation: Organisation,
  groupId: string,
  engineer: string,
): boolean {
  const members = entryOf(organisation.groups, groupId)?.members ?? [];
  return members.length === 0 || members.includes(engineer);
}

export function ensureKnownPurpose(organisation: Organisation, purpose: string): void {
  const known = Object.keys(organisation.purposes);
  if (known.length > 0 && !entryOf(organisation.purposes, purpose)) {
    throw new DomainError(
      'PurposeNotFound',
      `No purpose ${purpose}; purposes: ${known.join(', ')}`,
      { purpose },
    );
  }
}
