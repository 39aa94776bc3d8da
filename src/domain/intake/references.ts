import type { ContractState } from '../contract/state.js';
import { contractReferences } from '../contract/references.js';
import type { Named } from '../customer/references.js';
import type { EquipmentState } from '../equipment/state.js';
import { equipmentReferences } from '../equipment/references.js';

export { ensureReferencesExist, type Named, type References } from '../customer/references.js';

/** A contract or equipment command, read for the fields that name something. */
interface Command {
  readonly type: string;
}

/** What a contract or equipment command names, given the state it acts on: what the pipeline loads as its `references`. */
export function namedReferences(command: Command, state: ContractState | EquipmentState): Named {
  if (state !== null && 'placements' in state) return equipmentReferences(command, state);
  if (state !== null) return contractReferences(command, state);
  // Nothing recorded yet: the command says which aggregate it is for.
  return command.type === 'RegisterContract'
    ? contractReferences(command, null)
    : equipmentReferences(command, null);
}
