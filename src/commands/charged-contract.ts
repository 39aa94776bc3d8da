import type { Call, Contract, EquipmentState, MasterData } from '../domain/index.js';

/**
 * The contract a call is charged to (C4), as master data knows it now (null: none, or gone),
 * and the call's equipment: what billing decides coverage with, line by line, and what a
 * booking is checked against when it is made.
 */
export async function chargedContract(
  masterData: MasterData | undefined,
  call: Call,
): Promise<{ contract: Contract | null; equipment: EquipmentState }> {
  const customerId = call.subject.kind === 'customer' ? call.subject.customerId : undefined;
  const contract =
    customerId && call.contractId && masterData
      ? ((await masterData.contractsOf(customerId)).find((c) => c.id === call.contractId) ?? null)
      : null;
  const equipment =
    call.item.serialNumber && masterData
      ? await masterData.equipment(call.item.serialNumber)
      : null;
  return { contract, equipment };
}
