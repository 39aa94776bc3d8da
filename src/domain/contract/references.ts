import type { Named } from '../customer/references.js';
import type { ContractState } from './state.js';

/** What a contract command names: the customer it registers for, the site a coverage line covers. */
export function contractReferences(
  command: { readonly type: string },
  state: ContractState,
): Named {
  const fields = command as { readonly type: string } & Readonly<Record<string, unknown>>;
  switch (command.type) {
    case 'RegisterContract':
      return { customerId: fields.customerId as string };
    case 'AddCoverageLine': {
      const scope = fields.scope as { siteId?: string };
      return scope.siteId !== undefined && state !== null
        ? { customerId: state.customerId, siteId: scope.siteId }
        : {};
    }
    default:
      return {};
  }
}
