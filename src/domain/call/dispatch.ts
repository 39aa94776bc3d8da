import { strip } from '../shared/objects.js';

export interface Dispatch {
  readonly supportCentre?: string;
  readonly group?: string;
  readonly engineer?: string;
  /** Who dispatches it: the default destination (supervisor, team lead or agent). */
  readonly owner?: string;
}

/**
 * Where a call stands after an assignment: what is named replaces what was there, and a
 * new group or support centre without a named engineer leaves the engineer to be chosen.
 */
export function assignedDispatch(current: Dispatch, change: Dispatch): Dispatch {
  return strip({
    supportCentre: change.supportCentre ?? current.supportCentre,
    group: change.group ?? current.group,
    engineer:
      change.engineer ?? (change.group || change.supportCentre ? undefined : current.engineer),
    owner: change.owner ?? current.owner,
  });
}
