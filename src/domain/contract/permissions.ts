import type { Role } from '../shared/schema.js';
import type { ContractCommandType } from './commands.js';

/**
 * Who may change a contract: it decides what is served and what is charged, so billing
 * and supervisors do, and the system actor for an ERP synchronisation (B5).
 */
export const contractPermissions: Readonly<Record<ContractCommandType, readonly Role[]>> = {
  RegisterContract: ['supervisor', 'billing', 'system'],
  RenewContract: ['supervisor', 'billing', 'system'],
  TerminateContract: ['supervisor', 'billing', 'system'],
  AddCoverageLine: ['supervisor', 'billing', 'system'],
  EndCoverageLine: ['supervisor', 'billing', 'system'],
};
