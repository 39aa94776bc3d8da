import { z } from 'zod';
import { day, id, instant, shortText, type EventsOf } from '../shared/schema.js';

/**
 * Every fact the installed base can record about a piece of equipment. Stored events are
 * forever: a schema here only ever changes by adding a new version and an upcaster.
 */

/** The same words as a call's item: serial number and item are short texts. */
export const serialNumberSchema = shortText;

export const equipmentEventSchemas = {
  EquipmentRegistered: z.object({
    serialNumber: serialNumberSchema,
    at: instant,
    item: shortText,
    customerId: id,
    siteId: id,
    from: day,
    warrantyUntil: day.optional(),
    contractId: id.optional(),
  }),
  EquipmentMoved: z.object({ at: instant, siteId: id, from: day }),
  EquipmentOwnerChanged: z.object({ at: instant, customerId: id, siteId: id, from: day }),
  EquipmentPriorityFactorSet: z.object({ at: instant, factor: z.number() }),
} as const;

export type EquipmentEventType = keyof typeof equipmentEventSchemas;
export type EquipmentEventData<T extends EquipmentEventType> = z.output<
  (typeof equipmentEventSchemas)[T]
>;
export type EquipmentEvent = EventsOf<typeof equipmentEventSchemas>;
export type EquipmentEventOf<T extends EquipmentEventType> = Extract<EquipmentEvent, { type: T }>;

export const equipmentEventTypes = Object.keys(equipmentEventSchemas) as EquipmentEventType[];
