/** Each piece of equipment is one stream: equipment-<serialNumber>. */
export const EQUIPMENT_STREAM_PREFIX = 'equipment-';
export const equipmentStreamName = (serialNumber: string): string =>
  `${EQUIPMENT_STREAM_PREFIX}${serialNumber}`;
