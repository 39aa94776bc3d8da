import { strip } from '../shared/objects.js';
import type { EquipmentEvent } from './events.js';
import { currentPlacement, type EquipmentState } from './state.js';

/**
 * evolveEquipment(state, event) → state. Pure and total: it trusts the event (the decider
 * checked the rules when it was recorded) and never throws for a known event.
 */
export function evolveEquipment(state: EquipmentState, event: EquipmentEvent): EquipmentState {
  if (event.type === 'EquipmentRegistered') {
    const { serialNumber, item, customerId, siteId, from, warrantyUntil, contractId } = event.data;
    return strip({
      serialNumber,
      item,
      warrantyUntil,
      contractId,
      placements: [{ from, customerId, siteId }],
    });
  }
  if (state === null) return state; // nothing but EquipmentRegistered can start a piece of equipment
  const equipment = state;
  switch (event.type) {
    case 'EquipmentMoved': {
      const { siteId, from } = event.data;
      const last = currentPlacement(equipment);
      if (!last) return equipment;
      return {
        ...equipment,
        placements: [...equipment.placements, { from, customerId: last.customerId, siteId }],
      };
    }
    case 'EquipmentOwnerChanged': {
      const { customerId, siteId, from } = event.data;
      return { ...equipment, placements: [...equipment.placements, { from, customerId, siteId }] };
    }
    case 'EquipmentPriorityFactorSet':
      return { ...equipment, priorityFactor: event.data.factor };
  }
}
