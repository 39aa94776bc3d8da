import { entryOf } from '../shared/objects.js';
import { DomainError } from '../shared/errors.js';
import type { Organisation } from './state.js';

/**
 * Routing rules a call's commands are checked against. An organisation that defines no
 * groups (an embedding application that routes elsewhere) constrains nothing.
 */
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
    if (
      target.engineer !== undefined &&
      group.members.length > 0 &&
      !group.members.includes(target.engineer)
    ) {
      throw new DomainError(
        'NotAGroupMember',
        `${target.engineer} is not a member of group ${target.group}`,
        { group: target.group, engineer: target.engineer },
      );
    }
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
