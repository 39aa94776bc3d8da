import type { Named } from '../customer/references.js';
import type { ContractState } from './state.js';

/** What a contract command names: the customer it registers for, the site or serial number a coverage line covers. */
export function contractReferences(
  command: { readonly type: string },
  state: ContractState,
): Named {
  const fields = command as { readonly type: string } & Readonly<Record<string, unknown>>;
  switch (command.type) {
    case 'RegisterContract':
      return { customerId: fields.customerId as string };
    case 'AddCoverageLine': {
      const scope = fields.scope as { siteId?: string; serialNumber?: string };
      if (state === null) return {};
      return {
        customerId: state.customerId,
        ...(scope.siteId !== undefined ? { siteId: scope.siteId } : {}),
        ...(scope.serialNumber !== undefined ? { serialNumber: scope.serialNumber } : {}),
      };
    }
    default:
      return {};
  }
}
