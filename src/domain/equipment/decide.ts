import { inTimeOrder } from '../shared/time-order.js';
import { ensureReferencesExist, type References } from '../customer/references.js';
import { equipmentReferences } from './references.js';
import { strip } from '../shared/objects.js';
import { DomainError } from '../shared/errors.js';
import type { EquipmentCommand } from './commands.js';
import type { EquipmentEvent } from './events.js';
import {
  currentPlacement,
  initialEquipmentState,
  type Equipment,
  type EquipmentState,
} from './state.js';
import type { Decider } from '../shared/decider.js';
import { evolveEquipment } from './evolve.js';

/**
 * decideEquipment(command, state) → events. Pure: time and actor arrive in the command.
 * Placements only ever follow each other: a move or a change of owner starts after the
 * last one, so history is appended, never rewritten. That the customer and site exist is
 * checked against the `references` the pipeline loads (see intake/references.ts).
 */
export function decideEquipment(
  command: EquipmentCommand & { readonly references?: References },
  state: EquipmentState,
): EquipmentEvent[] {
  if (command.references)
    ensureReferencesExist(equipmentReferences(command, state), command.references);
  const { at } = command;
  if (command.type === 'RegisterEquipment') {
    if (state !== null) {
      throw new DomainError(
        'EquipmentAlreadyRegistered',
        `Equipment ${state.serialNumber} is already registered`,
        { serialNumber: state.serialNumber },
      );
    }
    const { serialNumber, item, customerId, siteId, from, warrantyUntil, contractId } = command;
    return [
      {
        type: 'EquipmentRegistered',
        data: strip({
          serialNumber,
          at,
          item,
          customerId,
          siteId,
          from,
          warrantyUntil,
          contractId,
        }),
      },
    ];
  }
  if (state === null)
    throw new DomainError(
      'EquipmentNotFound',
      `No equipment to ${command.type} on: it was never registered`,
    );
  const equipment = state;
  if (command.type === 'SetEquipmentPriorityFactor') {
    if (equipment.priorityFactor === command.factor)
      throw new DomainError(
        'NothingToChange',
        `Equipment ${equipment.serialNumber} already has priority factor ${command.factor}`,
      );
    return [{ type: 'EquipmentPriorityFactorSet', data: { at, factor: command.factor } }];
  }
  const last = currentPlacement(equipment)!;
  ensureAfter(equipment, last.from, command.from);
  switch (command.type) {
    case 'MoveEquipment':
      if (command.siteId === last.siteId) {
        throw new DomainError(
          'AlreadyAtSite',
          `Equipment ${equipment.serialNumber} already stands at site ${last.siteId}`,
          {
            serialNumber: equipment.serialNumber,
            siteId: last.siteId,
          },
        );
      }
      return [{ type: 'EquipmentMoved', data: { at, siteId: command.siteId, from: command.from } }];
    case 'ChangeOwner':
      if (command.customerId === last.customerId) {
        throw new DomainError(
          'AlreadyOwner',
          `Equipment ${equipment.serialNumber} already belongs to customer ${last.customerId}: move it instead`,
          {
            serialNumber: equipment.serialNumber,
            customerId: last.customerId,
          },
        );
      }
      return [
        {
          type: 'EquipmentOwnerChanged',
          data: { at, customerId: command.customerId, siteId: command.siteId, from: command.from },
        },
      ];
  }
}

function ensureAfter(equipment: Equipment, lastFrom: string, from: string): void {
  if (from > lastFrom) return;
  throw new DomainError(
    'PlacementOutOfOrder',
    `Equipment ${equipment.serialNumber} has a placement from ${lastFrom}: a new one must start after that, not on ${from}`,
    { serialNumber: equipment.serialNumber, lastFrom, from },
  );
}

/** The equipment's rules as one value: it starts as null (never registered). */
export const equipmentDecider: Decider<
  EquipmentState,
  EquipmentCommand & { readonly references?: References },
  EquipmentEvent
> = {
  initialState: initialEquipmentState,
  decide: inTimeOrder(decideEquipment, 'the equipment'),
  evolve: evolveEquipment,
};
