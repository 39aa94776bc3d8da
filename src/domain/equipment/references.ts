import type { Named } from '../customer/references.js';
import { currentPlacement, type EquipmentState } from './state.js';

/** What an equipment command names: the owner and site it is placed at, and the contract it is charged to. */
export function equipmentReferences(
  command: { readonly type: string },
  state: EquipmentState,
): Named {
  const fields = command as { readonly type: string } & Readonly<Record<string, unknown>>;
  switch (command.type) {
    case 'RegisterEquipment':
      return {
        customerId: fields.customerId as string,
        siteId: fields.siteId as string,
        ...(typeof fields.contractId === 'string' ? { contractId: fields.contractId } : {}),
      };
    case 'ChangeOwner':
      return { customerId: fields.customerId as string, siteId: fields.siteId as string };
    case 'MoveEquipment': {
      const owner = state ? currentPlacement(state)?.customerId : undefined;
      return owner === undefined ? {} : { customerId: owner, siteId: fields.siteId as string };
    }
    default:
      return {};
  }
}
