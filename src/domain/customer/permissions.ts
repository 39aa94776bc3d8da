import type { Role } from '../shared/schema.js';
import type { CustomerCommandType } from './commands.js';

/**
 * Who may change a customer's master data. The system actor stands for an ERP
 * synchronisation (B5). Agents recognise customers on the phone, so they may add an
 * identifier or a contact they learn of, and correct a contact; only supervisors and
 * billing remove one. Blocks are
 * administrative: billing and supervisors place and release them.
 */
export const customerPermissions: Readonly<Record<CustomerCommandType, readonly Role[]>> = {
  RegisterCustomer: ['supervisor', 'billing', 'system'],
  AddIdentifier: ['agent', 'supervisor', 'billing', 'system'],
  RemoveIdentifier: ['supervisor', 'billing', 'system'],
  AddContact: ['agent', 'supervisor', 'billing', 'system'],
  ChangeContact: ['agent', 'supervisor', 'billing', 'system'],
  RemoveContact: ['supervisor', 'billing', 'system'],
  AddSite: ['supervisor', 'billing', 'system'],
  SetSiteRegion: ['supervisor', 'system'],
  PlaceBlock: ['supervisor', 'billing', 'system'],
  ReleaseBlock: ['supervisor', 'billing', 'system'],
  SetCustomerPriorityFactor: ['supervisor', 'system'],
  SetCustomerServiceLevels: ['supervisor', 'system'],
  SetCustomerLanguage: ['supervisor', 'system'],
};
