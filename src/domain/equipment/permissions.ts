import type { Role } from '../shared/schema.js';
import type { EquipmentCommandType } from './commands.js';

/**
 * Who may change the installed base: engineers install and move equipment in the field;
 * a change of owner is administrative. The system actor stands for an ERP synchronisation.
 */
export const equipmentPermissions: Readonly<Record<EquipmentCommandType, readonly Role[]>> = {
  RegisterEquipment: ['engineer', 'supervisor', 'billing', 'system'],
  MoveEquipment: ['engineer', 'agent', 'supervisor', 'system'],
  ChangeOwner: ['supervisor', 'billing', 'system'],
  SetEquipmentPriorityFactor: ['supervisor', 'system'],
};
