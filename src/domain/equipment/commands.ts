import { z } from 'zod';
import { day, id, shortText, type CommandsOf, type PayloadOf } from '../shared/schema.js';
import { serialNumberSchema } from './events.js';

/**
 * What can be asked of the installed base, as the boundary validates it. Objects are
 * strict. Every `from` is the first day of the new placement.
 */
export const equipmentCommandSchemas = {
  /** `from` is the installation day: the first day at the site for the customer. */
  RegisterEquipment: z.strictObject({
    serialNumber: serialNumberSchema,
    item: shortText,
    customerId: id,
    siteId: id,
    from: day,
    warrantyUntil: day.optional(),
    contractId: id.optional(),
  }),
  MoveEquipment: z.strictObject({ siteId: id, from: day }),
  /** Scales the service-level periods of calls about this equipment (below 1: faster): the installation factor. */
  SetEquipmentPriorityFactor: z.strictObject({ factor: z.number().positive().max(10) }),
  /** A new owner always means a new site too: sites are the owner's. */
  ChangeOwner: z.strictObject({ customerId: id, siteId: id, from: day }),
} as const;

export type EquipmentCommandType = keyof typeof equipmentCommandSchemas;
export type EquipmentCommandPayload<T extends EquipmentCommandType> = PayloadOf<
  (typeof equipmentCommandSchemas)[T]
>;

export type EquipmentCommand = CommandsOf<typeof equipmentCommandSchemas>;
export type EquipmentCommandOf<T extends EquipmentCommandType> = Extract<
  EquipmentCommand,
  { type: T }
>;

export const equipmentCommandTypes = Object.keys(equipmentCommandSchemas) as EquipmentCommandType[];
