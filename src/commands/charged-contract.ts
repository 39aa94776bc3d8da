import type { Call, Contract, EquipmentState, MasterData } from '../domain/index.js';
import { depotUnitOf } from '../domain/call/work-cover.js';

/**
 * The contract a call is charged to (C4), as master data knows it now (null: none, or gone),
 * the call's equipment and the units sent in for depot repair under serial numbers of their
 * own: what billing decides coverage with, line by line, and what a booking is checked
 * against when it is made.
 */
export async function chargedContract(
  masterData: MasterData | undefined,
  call: Call,
): Promise<{
  contract: Contract | null;
  equipment: EquipmentState;
  depotUnits: Map<string, EquipmentState>;
}> {
  const customerId = call.subject.kind === 'customer' ? call.subject.customerId : undefined;
  const contract =
    customerId && call.contractId && masterData
      ? ((await masterData.contractsOf(customerId)).find((c) => c.id === call.contractId) ?? null)
      : null;
  const equipment =
    call.item.serialNumber && masterData
      ? await masterData.equipment(call.item.serialNumber)
      : null;
  const depotUnits = new Map<string, EquipmentState>();
  for (const transferId of Object.keys(call.transfers)) {
    const unit = depotUnitOf(call, transferId);
    if (unit && masterData && !depotUnits.has(unit))
      depotUnits.set(unit, await masterData.equipment(unit));
  }
  return { contract, equipment, depotUnits };
}
